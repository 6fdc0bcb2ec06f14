"""What the portal's and the shop's load clients share (tests/load_portal.py,
tests/load_shop.py): a person as a thread with its own web session, logged in through
/web/login and timed request by request; the clock, which starts once everyone is logged in
and warmed up; the report's table of pages, load average, errors and checks.
"""

import argparse
import json
import os
import random
import re
import statistics
import threading
import time
from collections import defaultdict

import requests

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class TimeUp(Exception):
    """The run's time is up."""


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.durations = defaultdict(list)
        self.errors = defaultdict(list)

    def add(self, page, seconds):
        with self.lock:
            self.durations[page].append(seconds)

    def error(self, page, what):
        with self.lock:
            self.errors[page].append(what)


class Client(threading.Thread):
    """A person with a web session of their own, as a browser: logs in, walks the warm-up
    (``warm_up``), waits at the gate for the others, then loads the server (``load``) until
    the deadline, which the clock sets when it starts."""

    role = "person"  # names the errors of the load
    landing = "/"  # where the login redirects

    def __init__(self, args, setup, login, index, stats, gate):
        super().__init__(daemon=True)
        self.args, self.setup, self.login, self.index = args, setup, login, index
        self.stats, self.gate = stats, gate
        self.deadline = 0
        self.session = requests.Session()
        self.rng = random.Random(index)
        self.measured = False  # the warm-up is not timed
        self.csrf = None
        self.elapsed = 0.0  # of the last request

    def request(self, page, method, path, **kwargs):
        if not self.measured:
            page = f"warm-up: {page}"
        start = time.perf_counter()
        try:
            response = self.session.request(
                method, self.args.url + path, timeout=self.args.timeout, **kwargs
            )
        except requests.RequestException as e:
            self.stats.error(page, f"{type(e).__name__}: {e}")
            return None
        self.elapsed = time.perf_counter() - start
        if self.measured:
            self.stats.add(page, self.elapsed)
        if response.status_code != 200:
            self.stats.error(page, f"HTTP {response.status_code} {path}")
            return None
        return response

    def think(self):
        """A person's pause before the next page, reading the last one."""
        if self.args.think > 0 and self.measured:
            time.sleep(self.args.think * self.rng.uniform(0.5, 1.5))

    def log_in(self):
        page = self.request("login form", "GET", "/web/login")
        if page is None:
            return False
        response = self.request(
            "login",
            "POST",
            "/web/login",
            data={
                "csrf_token": CSRF.search(page.text).group(1),
                "login": self.login,
                "password": self.setup["password"],
                "redirect": self.landing,
            },
        )
        if response is None or self.landing not in response.url:
            self.stats.error("login", f"{self.login} not logged in")
            return False
        if token := CSRF.search(response.text):
            self.csrf = token.group(1)
        return True

    def warm_up(self):
        """Unmeasured requests before the clock, so that every worker has compiled its
        templates and filled its caches: the steady state is measured, not the start-up."""

    def load(self):
        """The measured requests, until the deadline."""

    def run(self):
        # A page the client cannot read (no form, no token) is an error of the run, and the
        # person still reaches the gate: the others wait for them there.
        try:
            logged_in = self.log_in()
            if logged_in and self.args.warm_up:
                self.warm_up()
        except Exception as e:  # noqa: BLE001
            self.stats.error("warm-up", f"{type(e).__name__}: {e}")
            logged_in = False
        self.gate.wait()
        if not logged_in:
            return
        self.measured = True
        try:
            self.load()
        except TimeUp:
            pass
        except Exception as e:  # noqa: BLE001
            self.stats.error(self.role, f"{type(e).__name__}: {e}")


def arguments(description, setup_script):
    """The options every load client takes; each adds its own."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--setup", required=True, help=f"JSON written by {setup_script}")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--think",
        type=float,
        default=5.0,
        help="a person's mean pause before each page, in seconds (uniform 0.5x-1.5x); "
        "0: back to back, the stress figure (default: %(default)s)",
    )
    parser.add_argument(
        "--no-warm-up",
        dest="warm_up",
        action="store_false",
        help="measure from cold workers (default: unmeasured rounds of the pages first)",
    )
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--report", help="write the figures as JSON here")
    return parser


def read_setup(path, count):
    """The set-up's JSON and the logins of the run: its first ``count``, or all."""
    with open(path, encoding="utf-8") as f:
        setup = json.load(f)
    return setup, setup["logins"][:count] if count else setup["logins"]


def run(args, client, setup, logins, stats, ramp=0.0):
    """Start a ``client`` a login, wait for them; the seconds of load and the load average
    samples. People arrive over ``ramp`` seconds (a rush still starts with people opening
    the site one after the other); the clock starts once all are in and warmed up."""
    clock = {}
    clients = []

    def start_clock():
        # Run once, by the last thread at the gate, before any is released.
        clock["started"] = time.monotonic()
        for person in clients:
            person.deadline = clock["started"] + args.seconds

    gate = threading.Barrier(len(logins) + 1, action=start_clock)
    clients.extend(client(args, setup, login, i, stats, gate) for i, login in enumerate(logins))
    for person in clients:
        person.start()
        if ramp:
            time.sleep(ramp / len(clients))
    gate.wait()
    started = clock["started"]
    # The machine's load average during the run (the server shares its cores).
    load = [os.getloadavg()[0]]
    while any(person.is_alive() for person in clients):
        if time.monotonic() > started + args.seconds + 4 * args.timeout:
            break
        time.sleep(0.2)
        if len(load) < (time.monotonic() - started) / 5:
            load.append(os.getloadavg()[0])
    return time.monotonic() - started, load


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, round(q / 100 * (len(values) - 1)))]


def row(durations, errors=0):
    return {
        "n": len(durations),
        "p50": statistics.median(durations),
        "p95": percentile(durations, 95),
        "p99": percentile(durations, 99),
        "max": max(durations),
        "errors": errors,
    }


def figures_line(name, figures):
    return (
        f"{name:30} {figures['n']:6d} {figures['p50']:7.3f} {figures['p95']:7.3f}"
        f" {figures['p99']:7.3f} {figures['max']:7.3f}"
    )


def headline(args, who, elapsed):
    print(f"{who}, {elapsed:.1f} s, {os.environ.get('XS_LOAD_LABEL', args.url)}")


def page_table(stats):
    """Print each page's figures; return them by page."""
    print(f"{'page':30} {'n':>6} {'p50 s':>7} {'p95 s':>7} {'p99 s':>7} {'max s':>7} {'err':>4}")
    pages = {}
    for page in sorted(stats.durations):
        figures = pages[page] = row(stats.durations[page], len(stats.errors[page]))
        print(f"{figures_line(page, figures)} {figures['errors']:4d}")
    return pages


def load_average(report, load, label):
    report["load_average"] = {"median": statistics.median(load), "max": max(load)}
    print(f"{label}: median {statistics.median(load):.2f}, max {max(load):.2f}")


def listed_errors(stats):
    """Every error of the run as (page, error); the first ten printed."""
    errors = [(p, e) for p, es in stats.errors.items() for e in es]
    for page, error in errors[:10]:
        print(f"  ERROR {page}: {error}")
    return errors


def finish(args, report, errors, problems, checked):
    """Print the failed checks and the checks' line (``checked``: what they check, in
    words); write the report."""
    for problem in problems[:20]:
        print(f"  CHECK FAILED {problem}")
    print(
        "checks: " + ("all passed" if not problems else f"{len(problems)} failed") + f" ({checked})"
    )
    report.update(errors=len(errors), problems=problems)
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=1)
