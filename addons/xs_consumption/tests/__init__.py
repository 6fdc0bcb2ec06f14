from . import test_campaign
from . import test_res_partner
from . import test_surplus_declaration
from . import test_security
from . import test_ui
