/** @odoo-module **/

import { registry } from "@web/core/registry";
import * as tourUtils from "@website_sale/js/tours/tour_utils";

function addFromTownship(township, seller) {
    return [
        {
            content: `Filter by ${township}`,
            trigger: ".o_xs_shop_filters select[name=township]",
            run: `selectByLabel ${township}`,
        },
        { content: "Filter", trigger: ".o_xs_shop_filter", run: "click", expectUnloadPage: true },
        {
            content: `Only ${township}'s produce is listed`,
            trigger: `.o_xs_produce_card .o_xs_township:contains(${township})`,
        },
        {
            content: `Open the entry of ${seller}`,
            trigger: `.o_xs_produce_card:contains(${seller}) a.o_xs_produce_name`,
            run: "click",
            expectUnloadPage: true,
        },
        { content: "The entry says who it helps", trigger: ".o_xs_shop_entry td:contains(poverty-alleviated)" },
        { content: "Quantity", trigger: ".o_xs_add_form input[name=add_qty]", run: "edit 3" },
        { content: "Add to cart", trigger: ".o_xs_add_to_cart", run: "click", expectUnloadPage: true },
        { content: "In the cart", trigger: `#cart_products .o_xs_cart_seller:contains(${seller})` },
    ];
}

// R27: a resident finds produce by township, buys two sellers' entries, pays with the demo
// provider and finds the order in My Orders (phone width).
registry.category("web_tour.tours").add("xs_shop_buy_tour", {
    url: "/shop/produce",
    steps: () => [
        ...addFromTownship("Shop Town A", "Shop Cooperative A"),
        {
            content: "Back to the produce",
            trigger: "a.o_xs_continue",
            run: "click",
            expectUnloadPage: true,
        },
        ...addFromTownship("Shop Town B", "Shop Family Farm B"),
        { content: "Two lines", trigger: "#cart_products:has(.o_cart_product + .o_cart_product)" },
        {
            content: "I buy as a Dezhou resident",
            trigger: ".o_xs_buy_with select[name=buy_with]",
            run: "selectByLabel Dezhou resident",
        },
        { content: "Save", trigger: ".o_xs_buy_with button", run: "click", expectUnloadPage: true },
        tourUtils.goToCheckout(),
        tourUtils.confirmOrder(),
        ...tourUtils.payWithDemo(),
        { content: "My orders", trigger: "a.o_xs_my_orders", run: "click", expectUnloadPage: true },
        {
            content: "The order in My Orders",
            trigger: "a[href^='/my/orders/']",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "The order shows its sellers' lines", trigger: "#portal_sale_content:contains(Shop Family Farm B)" },
    ],
});
