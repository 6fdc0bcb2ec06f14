from . import test_surplus_statistics
from . import test_buyer_statement
