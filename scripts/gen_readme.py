"""Build each addon's README.rst from its readme/*.md fragments (the OCA layout).

    python3 scripts/gen_readme.py

The fragments use a Markdown subset that is also reStructuredText except for inline
code, which is converted (`x` -> ``x``).
"""

import ast
import re
from pathlib import Path

ADDONS = Path(__file__).resolve().parent.parent / "addons"
SECTIONS = [
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("ROADMAP.md", "Known issues / Roadmap"),
]


def to_rst(text):
    return re.sub(r"(?<!`)`([^`]+)`(?!`)", r"``\1``", text).strip() + "\n"


def build(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))
    title = manifest["name"]
    out = ["=" * len(title), title, "=" * len(title), "", manifest["summary"], ""]
    for fragment, heading in SECTIONS:
        if fragment == "CONFIGURE.md":
            out += ["**Table of contents**", "", ".. contents::", "   :local:", ""]
        path = addon / "readme" / fragment
        if not path.exists():
            continue
        if heading:
            out += [heading, "=" * len(heading), ""]
        out += [to_rst(path.read_text(encoding="utf-8"))]
    out += ["Credits", "=======", "", "Authors", "~~~~~~~", "", f"- {manifest['author']}", ""]
    contributors = addon / "readme" / "CONTRIBUTORS.md"
    if contributors.exists():
        out += [
            "Contributors",
            "~~~~~~~~~~~~",
            "",
            to_rst(contributors.read_text(encoding="utf-8")),
        ]
    (addon / "README.rst").write_text("\n".join(out), encoding="utf-8")


if __name__ == "__main__":
    for addon in sorted(p for p in ADDONS.iterdir() if (p / "readme").is_dir()):
        build(addon)
