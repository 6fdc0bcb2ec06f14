/** @odoo-module **/

import { registry } from "@web/core/registry";

// R13, R20: county staff land on the overview of what waits for them and open it.
registry.category("web_tour.tours").add("xs_landing_county_tour", {
    steps: () => [
        {
            content: "The county lands on the campaign overview",
            trigger: ".o_xs_campaign_dashboard .o_kanban_record:contains(Test Campaign)",
        },
        {
            content: "The county-wide progress states its scope",
            trigger: ".o_xs_campaign_dashboard .o_xs_progress:contains(Whole county)",
        },
        {
            content: "One declaration waits to be verified",
            trigger:
                ".o_kanban_record:contains(Test Campaign) button[name=action_xs_open_to_verify]:contains(1)",
            run: "click",
        },
        {
            content: "It is the submitted kiwi",
            trigger: ".o_data_row:contains(Test Kiwi), .o_kanban_record:contains(Test Kiwi)",
        },
    ],
});

// R17: finance lands on the sellers still unpaid, paid/owed/difference in front.
registry.category("web_tour.tours").add("xs_landing_finance_tour", {
    steps: () => [
        {
            content: "Finance lands on the unpaid sellers, grouped by seller",
            trigger: ".o_list_view .o_group_name:contains(Test Cooperative A)",
            run: "click",
        },
        {
            content: "The key columns come first",
            trigger: ".o_list_view thead th:contains(Paid to Seller)",
            run() {
                const headers = [...document.querySelectorAll(".o_list_view thead th")].map(
                    (th) => th.textContent.trim()
                );
                const paid = headers.findIndex((h) => h.includes("Paid to Seller"));
                const owed = headers.findIndex((h) => h.includes("Owed to Seller"));
                const product = headers.findIndex((h) => h.includes("Product"));
                if (!(paid >= 0 && paid < 5 && owed === paid + 1 && paid < product)) {
                    throw new Error(`key columns not in front: ${headers.join(" | ")}`);
                }
            },
        },
        {
            content: "Owed to the seller: 30 kg at 2.50, untaxed",
            trigger: ".o_data_row td[name=amount_unpaid]:contains(75.00)",
        },
    ],
});

// R11: a buyer orders from a phone (390 px): stacked entries, quantity reachable, the
// single commitment preselected, a success message after ordering.
registry.category("web_tour.tours").add("xs_landing_phone_buyer_tour", {
    url: "/my/catalogue",
    steps: () => [
        {
            content: "Price shown in the stacked entry",
            trigger: "#xs_catalogue_order tr:contains(Test Cooperative A) .xs_entry_stacked:contains(2.50)",
        },
        {
            content: "The quantity field is on screen",
            trigger: "#xs_catalogue_order tr:contains(Test Cooperative A) input[type=number]",
            run() {
                const input = this.anchor;
                const right = input.getBoundingClientRect().right;
                if (right > window.innerWidth) {
                    throw new Error(`quantity field off-screen: ${right} > ${window.innerWidth}`);
                }
                if (document.documentElement.scrollWidth > window.innerWidth + 1) {
                    throw new Error("the page scrolls sideways");
                }
            },
        },
        {
            content: "Order 40 kg",
            trigger: "#xs_catalogue_order tr:contains(Test Cooperative A) input[type=number]",
            run: "edit 40",
        },
        {
            content: "The single commitment is chosen",
            trigger: "select[name=commitment_id]",
            run() {
                const label = this.anchor.selectedOptions[0].textContent;
                if (!label.includes("Schools")) {
                    throw new Error(`preselected: ${label}`);
                }
            },
        },
        { content: "Place the order", trigger: "#xs_place_order", run: "click" },
        {
            content: "Success message",
            trigger: "#xs_order_success",
        },
    ],
});
