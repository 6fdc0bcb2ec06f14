/** @odoo-module **/

import { registry } from "@web/core/registry";

// R28: on a phone, a cooperative confirms on its purchase order what it delivered.
registry.category("web_tour.tours").add("xs_portal_seller_delivers_tour", {
    steps: () => [
        { content: "The order's deliveries", trigger: "#xs_deliveries .xs_deliver_form" },
        { content: "Delivered 60 of 100", trigger: ".xs_deliver_form input[type=number]", run: "edit 60" },
        { content: "Confirm", trigger: ".xs_deliver_button", run: "click" },
        { content: "Recorded", trigger: "#xs_delivery_done" },
        { content: "The rest stays to deliver", trigger: "#xs_deliveries .xs_deliver_form input[type=number]" },
        { content: "What was delivered is listed", trigger: "#xs_deliveries .xs_delivered" },
    ],
});

// R28: on a phone, the school reports a short delivery.
registry.category("web_tour.tours").add("xs_portal_buyer_reports_tour", {
    steps: () => [
        { content: "Receipt card", trigger: "#xs_receipt" },
        { content: "Open the report form", trigger: "#xs_problem summary", run: "click" },
        { content: "Short delivery", trigger: "#xs_problem_kind", run: "select short" },
        { content: "Describe it", trigger: "#xs_problem_description", run: "edit 少了 10 公斤" },
        { content: "Send", trigger: "#xs_report_problem", run: "click" },
        { content: "Sent to the county", trigger: "#xs_problem_done" },
    ],
});

// R28: a township finds the declaration the county sent back, corrects it and submits it.
registry.category("web_tour.tours").add("xs_declaration_sent_back_tour", {
    url: "/odoo/action-xs_consumption.xs_surplus_declaration_action",
    steps: () => [
        { content: "The sent-back declaration", trigger: ".o_data_row td:contains(Test Kiwi)", run: "click" },
        { content: "The county's reason", trigger: ".alert-warning:contains(数量与实地核查不符)" },
        { content: "Correct the quantity", trigger: ".o_field_widget[name=quantity] input", run: "edit 800" },
        { content: "Save", trigger: ".o_form_button_save", run: "click" },
        { content: "Saved", trigger: ".o_form_saved" },
        { content: "Submit again", trigger: ".o_form_statusbar button[name=action_submit]", run: "click" },
        {
            content: "Submitted",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=submitted]",
        },
    ],
});
