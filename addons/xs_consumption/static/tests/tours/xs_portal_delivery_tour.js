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
