"""Summary return columns got a stable ``code`` (R19, the key of the pushed return).

The column data is ``noupdate``, so a database installed before 18.0.1.1.0 keeps its
columns without codes and the ORM could not make the required column NOT NULL. Give every
existing column its code before the ORM sees the table: the shipped columns the codes of
the data file (by their XML id), columns the county added ``column_<id>``."""

import json

SHIPPED_CODES = {
    "xs_return_column_institutions": "agencies",
    "xs_return_column_east_west": "lu_yu",
    "xs_return_column_work_team": "work_team",
    "xs_return_column_paired": "pairing",
    "xs_return_column_social": "ecommerce",
}


def migrate(cr, version):
    if not version:
        return
    cr.execute("ALTER TABLE xs_return_column ADD COLUMN IF NOT EXISTS code varchar")
    cr.execute(
        """
        UPDATE xs_return_column col
           SET code = shipped.code
          FROM ir_model_data imd
          JOIN (SELECT * FROM json_each_text(%s::json)) AS shipped(name, code)
            ON shipped.name = imd.name
         WHERE imd.module = 'xs_reporting'
           AND imd.model = 'xs.return.column'
           AND imd.res_id = col.id
           AND col.code IS NULL
           AND NOT EXISTS (SELECT 1 FROM xs_return_column o WHERE o.code = shipped.code)
        """,
        [json.dumps(SHIPPED_CODES)],
    )
    cr.execute("UPDATE xs_return_column SET code = 'column_' || id WHERE code IS NULL")
