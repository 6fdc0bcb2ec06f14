from . import test_surplus_statistics
