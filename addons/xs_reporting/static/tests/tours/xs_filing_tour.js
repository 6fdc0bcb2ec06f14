/** @odoo-module **/

import { registry } from "@web/core/registry";

// R14, R22: county staff file a return in one visible step: the File button is on the
// return wizard as it opens, asks to confirm, says what was filed and shows the campaign
// with the date its figures are reported up to and the filed return.
registry.category("web_tour.tours").add("xs_filing_tour", {
    url: "/odoo/action-xs_reporting.xs_return_wizard_action",
    steps: () => [
        {
            content: "Choose the campaign",
            trigger: ".modal .o_field_widget[name=campaign_id] input",
            run: "edit Filing Campaign",
        },
        {
            content: "Pick it",
            trigger: ".modal .o_field_widget[name=campaign_id] .o-autocomplete--dropdown-menu li:contains(Filing Campaign)",
            run: "click",
        },
        {
            content: "The period proposed starts with the campaign",
            trigger: ".modal .o_field_widget[name=date_from] input:value(/20)",
        },
        {
            content: "File it, without downloading first",
            trigger: ".modal footer button[name=action_file]",
            run: "click",
        },
        {
            content: "Confirm: the period gets locked",
            trigger: ".modal:contains(lock the period) footer .btn-primary",
            run: "click",
        },
        {
            content: "Told what was filed",
            trigger: ".o_notification:contains(Return filed upward)",
        },
        {
            content: "The campaign shows the date its figures are reported up to",
            trigger: ".o_form_view .o_field_widget[name=reported_up_to] span:contains(/20)",
        },
        {
            content: "and the filed return, to download",
            trigger: ".o_form_view .o_field_widget[name=filed_return_ids] .o_data_row",
        },
    ],
});
