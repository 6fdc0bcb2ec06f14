from . import test_surplus_statistics
from . import test_buyer_statement
from . import test_sales_analysis
from . import test_summary_return
from . import test_exchange
from . import test_progress_scope
from . import test_exchange_rights
from . import test_returns
