{
    "name": "Xiushan Consumption Assistance Shop",
    "summary": "Residents, staff and union members buy the county's catalogue online "
    "(居民和职工消费帮扶网上商城) through Odoo eCommerce",
    "version": "18.0.1.1.0",
    "category": "Website/eCommerce",
    "author": "Xiushan Consumption Assistance Platform",
    "website": "https://www.cqxs.gov.cn",
    "license": "LGPL-3",
    "depends": [
        "xs_consumption",
        "website_sale",
        "delivery",
        # R27: the county's default payment (bank transfer to its account, pay on collection).
        "payment_custom",
        # The shop's tours pay through the real checkout with the demo provider.
        "payment_demo",
        # R27, R12: 12.12, New Year and Spring Festival promotions of the campaign's events.
        "website_sale_loyalty",
        # R27: AsiaPay (Alipay, WeChat Pay, UnionPay) ready for the county to switch on: its
        # provider is installed disabled, and the shop treats it as any online provider.
        "payment_asiapay",
    ],
    "data": [
        "security/xs_shop_security.xml",
        "data/website_data.xml",
        "data/shop_settings_data.xml",
        "data/shop_payment_data.xml",
        "data/ir_cron_data.xml",
        "views/xs_surplus_declaration_views.xml",
        "views/res_partner_views.xml",
        "views/shop_templates.xml",
        "views/website_templates.xml",
        "security/ir.model.access.csv",
        "views/loyalty_program_views.xml",
        "views/xs_reconciliation_line_views.xml",
        "views/res_partner_collection_views.xml",
        "views/sale_order_collection_views.xml",
        "views/portal_collection_templates.xml",
    ],
    "demo": [
        "demo/xs_shop_demo.xml",
        "demo/xs_shop_promotion_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "xs_shop/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
