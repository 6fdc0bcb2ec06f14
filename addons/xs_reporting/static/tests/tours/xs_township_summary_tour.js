/** @odoo-module **/

import { registry } from "@web/core/registry";

// R29: a township writes its summary of the campaign and files it.
registry.category("web_tour.tours").add("xs_township_summary_file_tour", {
    url: "/odoo/action-xs_reporting.xs_township_summary_action",
    steps: () => [
        { content: "Open the township's summary", trigger: ".o_data_row td:contains(Test Town A)", run: "click" },
        { content: "Figures from the summary return", trigger: ".o_field_widget[name=amount_counted]:contains(1,000.00)" },
        { content: "Write the account", trigger: ".o_field_widget[name=account] .odoo-editor-editable", run: "editor 学校食堂采购白菜，带动脱贫户增收。" },
        { content: "Save", trigger: ".o_form_button_save", run: "click" },
        { content: "Saved", trigger: ".o_form_saved" },
        { content: "File", trigger: ".o_form_statusbar button[name=action_file]", run: "click" },
        { content: "Confirm", trigger: ".modal-footer button.btn-primary", run: "click" },
        {
            content: "Now filed",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=filed]",
        },
        { content: "The filed return is kept", trigger: ".o_notebook .nav-link:contains(Filed Return)", run: "click" },
        { content: "Its file", trigger: ".o_field_widget[name=datas] a, .o_field_widget[name=datas] .o_field_binary_file_name, .o_field_widget[name=datas]" },
    ],
});

// R29: the county sees who has filed and who has not.
registry.category("web_tour.tours").add("xs_township_summary_tracker_tour", {
    url: "/odoo/action-xs_reporting.xs_township_summary_action",
    steps: () => [
        { content: "Township A filed", trigger: ".o_data_row:contains(Test Town A) .badge:contains(Filed)" },
        { content: "Township B still to file", trigger: ".o_data_row:contains(Test Town B) .badge:contains(To File)" },
    ],
});
