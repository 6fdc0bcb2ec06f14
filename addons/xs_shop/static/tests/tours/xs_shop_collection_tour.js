/** @odoo-module **/

import { registry } from "@web/core/registry";
import * as tourUtils from "@website_sale/js/tours/tour_utils";

// R27: a staff member buys with the work unit, collects the order there (the checkout says
// where and on which day) and pays on collection (phone width).
registry.category("web_tour.tours").add("xs_shop_collect_tour", {
    steps: () => [
        { content: "Quantity", trigger: ".o_xs_add_form input[name=add_qty]", run: "edit 2" },
        { content: "Add to cart", trigger: ".o_xs_add_to_cart", run: "click", expectUnloadPage: true },
        {
            content: "I buy with my work unit",
            trigger: ".o_xs_buy_with select[name=buy_with]",
            run: "selectByLabel My work unit or union",
        },
        {
            content: "The high school",
            trigger: ".o_xs_buy_with select[name=work_unit_id]",
            run: "selectByLabel Test High School",
        },
        { content: "Save", trigger: ".o_xs_buy_with button", run: "click", expectUnloadPage: true },
        tourUtils.goToCheckout(),
        {
            content: "Home delivery first",
            trigger: "#o_delivery_methods [name=o_delivery_method]:contains(Home delivery) input[name=o_delivery_radio]:not([disabled])",
            run: "click",
        },
        {
            content: "Collect at my work unit",
            trigger: "#o_delivery_methods [name=o_delivery_method]:contains(Collect at my work unit) input[name=o_delivery_radio]:not([disabled])",
            run: "click",
        },
        {
            content: "Where and when to collect",
            trigger: "#o_delivery_methods .o_xs_collection_info:contains(Xuefu Road 1):contains(Friday 12:00-13:30)",
        },
        {
            content: "Free",
            trigger: "#o_delivery_methods input[name=o_delivery_radio]:checked",
        },
        tourUtils.confirmOrder(),
        {
            content: "Pay on collection",
            trigger: 'input[name="o_payment_radio"][data-payment-method-code="xs_on_collection"]',
            run: "click",
        },
        ...tourUtils.pay({ expectUnloadPage: true, waitFinalizeYourPayment: false }),
        {
            content: "The confirmation says where and on which day",
            trigger: ".o_xs_collection_info:contains(Xuefu Road 1) .o_xs_collection_when:contains(Collection day)",
        },
    ],
});

// R27: the work unit's login hands out its staff's orders (phone width).
registry.category("web_tour.tours").add("xs_shop_hand_out_tour", {
    url: "/my",
    steps: () => [
        {
            content: "The staff's orders to hand out",
            trigger: "a[href='/my/collection']",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "Who ordered", trigger: ".o_xs_collection_order:contains(Resident Zhou):contains(13900000001)" },
        {
            content: "Their collection day",
            trigger: ".o_xs_collection_filters select[name=day]",
            run: "selectByIndex 1",
        },
        { content: "Show", trigger: ".o_xs_collection_filter", run: "click", expectUnloadPage: true },
        { content: "What to hand out", trigger: ".o_xs_collection_order:contains(Test Cabbage):contains(Paid)" },
        { content: "Hand it out", trigger: ".o_xs_hand_out", run: "click", expectUnloadPage: true },
        { content: "Handed out", trigger: ".o_xs_collection_done:contains(Handed out)" },
    ],
});
