/** @odoo-module **/

import { registry } from "@web/core/registry";

// R10, R11, R20: portal pages on a phone (the tests run them at 390x844).

/** A step that fails when the page's table is wider than its frame (cut off). */
function tableFits(content) {
    return {
        content,
        trigger: ".o_portal_my_doc_table",
        run() {
            for (const frame of document.querySelectorAll(".table-responsive")) {
                if (frame.offsetParent && frame.scrollWidth > frame.clientWidth + 1) {
                    throw new Error(
                        `${content}: the table is ${frame.scrollWidth}px wide in ${frame.clientWidth}px`
                    );
                }
            }
        },
    };
}

/** A step that fails when the element is below the first screen (844 px). */
function onFirstScreen(content, trigger) {
    return {
        content,
        trigger,
        run() {
            const bottom = this.anchor.getBoundingClientRect().bottom;
            if (bottom > window.innerHeight) {
                throw new Error(`${content}: it ends at ${bottom}px, below the first screen`);
            }
        },
    };
}

// A cooperative learns from its purchase orders what to ship, to whom and where.
registry.category("web_tour.tours").add("xs_portal_seller_po_tour", {
    url: "/my",
    steps: () => [
        { content: "Open the purchase orders", trigger: "a[href='/my/purchase']", run: "click" },
        tableFits("The purchase orders fit the phone"),
        {
            content: "The order shows the produce, the buyer and the address",
            trigger:
                "tr:has(.xs_po_produce:contains(Phone Cabbage)):has(.xs_po_ship_to:contains(Phone High School)):has(.xs_po_ship_to:contains(Zhonghe Street 1))",
        },
        { content: "Open the order", trigger: "td#order_name a", run: "click" },
        { content: "The order page opens", trigger: "#portal_purchase_content" },
        { content: "Its produce", trigger: "#purchase_order_table td:contains(Phone Cabbage)" },
        { content: "Its buyer", trigger: "#xs_ship_to_buyer:contains(Phone High School)" },
        { content: "Where to ship", trigger: "#xs_ship_to_address:contains(Zhonghe Street 1)" },
        { content: "Whom to call", trigger: "#xs_ship_to:contains(138 0000 1234)" },
        { content: "Its declarations", trigger: "body", run: "goToUrl /my/declarations" },
        tableFits("The declarations fit the phone"),
        { content: "Sent back, and why", trigger: ".xs_declaration_stacked:contains(Wrong price)" },
    ],
});

// A buyer follows its orders and takes its statement from /my.
registry.category("web_tour.tours").add("xs_portal_buyer_orders_tour", {
    url: "/my",
    steps: () => [
        onFirstScreen("The catalogue is on the first screen", "a[href='/my/catalogue']"),
        onFirstScreen("So is the statement", "a[href='/my/statement']"),
        { content: "Open My Orders", trigger: "a[href='/my/orders']", run: "click" },
        tableFits("My Orders fit the phone"),
        {
            content: "The order says it is delivered, in Chinese, and what it holds",
            trigger: ".xs_order_stacked:visible:contains(已交付):contains(Phone Cabbage)",
        },
        { content: "Open the order", trigger: "td a[href*='/my/orders/']", run: "click" },
        { content: "Its status", trigger: "#xs_order_status:contains(已交付)" },
        { content: "Its produce", trigger: "#portal_sale_content:contains(Phone Cabbage)" },
        { content: "The commitments", trigger: "body", run: "goToUrl /my/commitments" },
        tableFits("The commitments fit the phone"),
        { content: "The off-platform purchases", trigger: "body", run: "goToUrl /my/purchases" },
        tableFits("The off-platform purchases fit the phone"),
    ],
});
