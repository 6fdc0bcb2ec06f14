from . import surplus_statistics_xlsx
from . import buyer_statement_xlsx
