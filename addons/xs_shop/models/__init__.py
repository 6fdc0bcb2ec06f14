from . import (
    payment_transaction,
    product_product,
    res_partner,
    res_users,
    sale_order,
    website,
    xs_campaign_action,
    xs_counted_line,
    xs_surplus_declaration,
)
