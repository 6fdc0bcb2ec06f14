"""Shared layout of the Excel returns: Chinese dates, A1 cells, formats, print setup."""


def xl(row, col):
    """A1 notation of a zero-based cell."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def cn_date(date):
    """Chinese convention: 2022年11月21日 (R21)."""
    return f"{date.year}年{date.month}月{date.day}日" if date else ""


def add_formats(workbook, num_formats):
    """Title, header, cell, number and total formats of a return."""
    num_formats = set(num_formats)
    return {
        "title": workbook.add_format(
            {"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"}
        ),
        "head": workbook.add_format(
            {
                "bold": True,
                "border": 1,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
                "bg_color": "#D9E1F2",
            }
        ),
        "cell": workbook.add_format({"border": 1, "valign": "vcenter", "text_wrap": True}),
        "total_label": workbook.add_format({"border": 1, "bold": True, "align": "center"}),
        "num": {
            fmt: workbook.add_format({"border": 1, "valign": "vcenter", "num_format": fmt})
            for fmt in num_formats
        },
        "total": {
            fmt: workbook.add_format({"border": 1, "bold": True, "num_format": fmt})
            for fmt in num_formats
        },
    }


def print_ready(sheet, header_row):
    """A4 landscape, one page wide, header rows repeated on every page."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)
    sheet.freeze_panes(header_row + 1, 0)
    sheet.set_footer("&C&P / &N")
