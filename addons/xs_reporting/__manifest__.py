{
    "name": "Xiushan Consumption Assistance Reporting",
    "summary": "Excel returns (统计表), buyer statements and progress dashboards of "
    "consumption-assistance campaigns",
    "version": "18.0.1.1.0",
    "category": "Sales",
    "author": "Xiushan Consumption Assistance Platform",
    "website": "https://www.cqxs.gov.cn",
    "license": "LGPL-3",
    "depends": ["xs_consumption", "report_xlsx"],
    "external_dependencies": {"python": ["xlsxwriter", "requests"]},
    "data": [
        "security/ir.model.access.csv",
        "security/xs_reporting_security.xml",
        "report/reports.xml",
        "report/campaign_bulletin_report.xml",
        "data/xs_return_column_data.xml",
        "wizards/xs_return_wizard_views.xml",
        "views/xs_sales_analysis_views.xml",
        "views/xs_township_summary_views.xml",
        "views/xs_campaign_dashboard_views.xml",
        "views/xs_exchange_views.xml",
        "data/ir_cron_data.xml",
        "views/portal_templates.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "xs_reporting/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
