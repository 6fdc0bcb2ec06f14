from . import res_partner
from . import res_users
from . import xs_township
from . import xs_campaign
from . import xs_campaign_phase
from . import xs_campaign_action
from . import xs_surplus_declaration
