"""Run odoo-bin's server main (with --test-enable) and write the test counts as JSON.

Usage: python odoo_tests.py RESULT.json -- [odoo-bin options]

Odoo prints no single closing count; its registry keeps one (``_assertion_report``):
runs, failures, errors and skips, which scripts/test.sh turns into the closing line.
"""

import json
import sys

from odoo.cli.server import main as server_main
from odoo.modules.registry import Registry


def main():
    argv = sys.argv[1:]
    sep = argv.index("--")
    out, odoo_args = argv[0], argv[sep + 1 :]
    rc = 0
    try:
        server_main(odoo_args)
    except SystemExit as e:
        rc = e.code or 0
    counts = {"rc": rc, "run": 0, "failed": 0, "errors": 0, "skipped": 0}
    for registry in Registry.registries.values():
        report = registry._assertion_report
        counts["run"] += report.testsRun
        counts["failed"] += report.failures_count
        counts["errors"] += report.errors_count
        counts["skipped"] += report.skipped
    with open(out, "w", encoding="utf-8") as f:
        json.dump(counts, f)


if __name__ == "__main__":
    main()
