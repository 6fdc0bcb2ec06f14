from . import surplus_statistics_xlsx
from . import buyer_statement_xlsx
from . import summary_return_xlsx
from . import farmer_benefit_xlsx
from . import catalogue_xlsx
from . import campaign_bulletin
