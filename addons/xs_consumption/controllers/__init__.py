from . import portal
from . import direct_purchase
from . import declaration_template
from . import delivery
