import io

from openpyxl import load_workbook


def render_rows(env, user, report, docids, data=None):
    """The cell values of the first sheet of return ``report`` (xs_reporting.<report>)
    rendered by ``user`` for ``docids``, row by row (formulas as their cached values)."""
    content, _kind = (
        env["ir.actions.report"]
        .with_user(user)
        ._render_xlsx(f"xs_reporting.{report}", docids, data or {})
    )
    sheet = load_workbook(io.BytesIO(content), data_only=True).active
    return [[c.value for c in row] for row in sheet.iter_rows()]
