from . import xs_sales_analysis
from . import xs_campaign
from . import xs_ranking
from . import xs_exchange_endpoint
from . import xs_exchange_job
from . import xs_surplus_declaration
from . import xs_return_column
from . import xs_township_summary
