{
    "name": "Xiushan Consumption Assistance Reporting",
    "summary": "Excel returns (统计表) of consumption-assistance campaigns",
    "version": "18.0.1.0.0",
    "category": "Sales",
    "author": "Xiushan Consumption Assistance Platform",
    "website": "https://www.cqxs.gov.cn",
    "license": "LGPL-3",
    "depends": ["xs_consumption", "report_xlsx"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "report/reports.xml",
        "views/portal_templates.xml",
    ],
    "installable": True,
}
