from . import test_shop, test_shop_concurrency, test_shop_security, test_shop_ui
from . import test_shop_site
from . import test_shop_promotion
from . import test_shop_collection, test_shop_collection_portal, test_shop_payment
from . import test_shop_settings
from . import test_shop_payment_lines
from . import test_shop_people_ui
