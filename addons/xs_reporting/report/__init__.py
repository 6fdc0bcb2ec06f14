from . import surplus_statistics_xlsx
