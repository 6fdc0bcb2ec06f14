from . import portal
from . import direct_purchase
