from . import xs_sales_analysis
from . import xs_campaign
from . import xs_ranking
