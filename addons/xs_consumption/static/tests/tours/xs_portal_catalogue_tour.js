/** @odoo-module **/

import { registry } from "@web/core/registry";

// R11: a buyer's portal user orders from the catalogue published to its organisation,
// lands on its confirmed order, then commits to buy more.
registry.category("web_tour.tours").add("xs_portal_catalogue_tour", {
    url: "/my",
    steps: () => [
        { content: "Open the catalogue", trigger: "a[href='/my/catalogue']", run: "click" },
        {
            content: "Seller A's cabbage is offered",
            trigger: "#xs_catalogue_order tr:contains(Test Cooperative A) input[type=number]",
            run: "edit 120",
        },
        {
            content: "Count it under the commitment",
            trigger: "select[name=commitment_id]",
            run: "selectByLabel Schools",
        },
        { content: "Reference", trigger: "input[name=note]", run: "edit Canteen week 48" },
        { content: "Place the order", trigger: "#xs_place_order", run: "click" },
        {
            content: "The confirmed order is shown",
            trigger: "#introduction h2:contains(Sales Order)",
        },
        { content: "With the cabbage", trigger: "#portal_sale_content:contains(Test Cabbage)" },
        { content: "Back to the commitments", trigger: "body", run: "goToUrl /my/commitments/new" },
        { content: "Amount", trigger: "input[name=amount]", run: "edit 5000" },
        { content: "Mode", trigger: "select[name=purchase_mode]", run: "selectByLabel Canteen Purchase" },
        { content: "Commit", trigger: "#xs_commit", run: "click" },
        {
            content: "The new commitment is shown",
            trigger: "#xs_commitment_figures:contains(Canteen Purchase)",
        },
    ],
});
