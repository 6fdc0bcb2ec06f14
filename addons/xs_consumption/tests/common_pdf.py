"""PDFs as people get them: rendered by wkhtmltopdf, read back with poppler-utils."""

import socket
import subprocess
import tempfile
from contextlib import contextmanager
from unittest.mock import patch

from odoo.tools import config


@contextmanager
def closed_report_url(env):
    """wkhtmltopdf loads the report's stylesheets and images over HTTP from ``report.url``.
    The test server serves one request at a time (all share the test's transaction), and
    may be busy with the PDF's own request or locked out by the test's transaction: the
    loads go to a closed port instead (refused at once; Odoo renders the PDF without them,
    as when a server cannot reach its own address). The text and its fonts are what the
    tests read."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))  # bound, not listening: connections are refused
        host, port = closed.getsockname()
        env["ir.config_parameter"].sudo().set_param("report.url", f"http://{host}:{port}")
        yield


@contextmanager
def real_pdf_rendering(env):
    """Odoo's test mode answers a PDF request with the report's HTML; inside this block
    wkhtmltopdf renders the PDF a person downloads (stylesheets from a closed port, see
    ``closed_report_url``)."""
    with (
        closed_report_url(env),
        patch.dict(config.options, {"test_enable": False, "test_file": False}),
    ):
        yield


def _poppler(content, command, *after):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        result = subprocess.run(
            [*command, pdf.name, *after], capture_output=True, check=True, timeout=60
        )
    return result.stdout.decode()


def pdf_text(content):
    """The text of a PDF (``pdftotext -layout``)."""
    return _poppler(content, ["pdftotext", "-layout", "-enc", "UTF-8"], "-")


def pdf_words(content):
    """The text of a PDF with its whitespace dropped, so that words wrapped across lines or
    table cells still match."""
    assert content[:5] == b"%PDF-", "not a PDF: %r" % content[:80]
    return "".join(_poppler(content, ["pdftotext", "-enc", "UTF-8"], "-").split())


def pdf_fonts(content):
    """The names of the fonts embedded in a PDF (``pdffonts``)."""
    lines = _poppler(content, ["pdffonts"]).splitlines()[2:]
    return [line.split()[0] for line in lines if line.strip()]


def _font_key(name):
    # "ABCDEF+NotoSansCJKsc-Regular" (pdffonts), "Noto Sans CJK SC" (fontconfig)
    return name.split("+")[-1].split("-")[0].replace(" ", "").lower()


def pdf_chinese_fonts(content):
    """The fonts embedded in a PDF that fontconfig knows to cover Chinese: Chinese text
    set in any other font prints as empty boxes."""
    families = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, check=True, timeout=60
    ).stdout.decode()
    chinese = {_font_key(f) for line in families.splitlines() for f in line.split(",")}
    return [font for font in pdf_fonts(content) if _font_key(font) in chinese]
