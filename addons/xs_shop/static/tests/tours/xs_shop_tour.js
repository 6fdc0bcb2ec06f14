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

// R27: a person without an account registers on the phone, then finds produce by township,
// buys two sellers' entries, gives an address at checkout and pays with the demo provider.
registry.category("web_tour.tours").add("xs_shop_signup_tour", {
    url: "/web/signup?redirect=/shop/produce",
    steps: () => [
        { content: "E-mail", trigger: "form.oe_signup_form input[name=login]", run: "edit li.na@example.com" },
        { content: "Name", trigger: "form.oe_signup_form input[name=name]", run: "edit Resident Li" },
        { content: "Password", trigger: "form.oe_signup_form input[name=password]", run: "edit li-na-2026-12" },
        {
            content: "Password again",
            trigger: "form.oe_signup_form input[name=confirm_password]",
            run: "edit li-na-2026-12",
        },
        {
            content: "Sign up",
            trigger: "form.oe_signup_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        ...addFromTownship("Shop Town A", "Shop Cooperative A"),
        { content: "Back to the produce", trigger: "a.o_xs_continue", run: "click", expectUnloadPage: true },
        ...addFromTownship("Shop Town B", "Shop Family Farm B"),
        { content: "Two lines", trigger: "#cart_products:has(.o_cart_product + .o_cart_product)" },
        tourUtils.goToCheckout(),
        ...tourUtils.fillAdressForm(
            {
                name: "Resident Li",
                phone: "13900000009",
                email: "li.na@example.com",
                street: "Fenghuang Road 8",
                city: "Xiushan",
                zip: "409900",
            },
            true
        ),
        tourUtils.confirmOrder(),
        ...tourUtils.payWithDemo(),
        { content: "My orders", trigger: "a.o_xs_my_orders", run: "click", expectUnloadPage: true },
        { content: "The order in My Orders", trigger: "a[href^='/my/orders/']" },
    ],
});

// R27: a staff member opens the work unit's invitation link on the phone, buys, collects at
// the work unit and pays with the demo provider.
registry.category("web_tour.tours").add("xs_shop_invited_tour", {
    steps: () => [
        {
            content: "Open the entry of Shop Cooperative A",
            trigger: ".o_xs_produce_card:contains(Shop Cooperative A) a.o_xs_produce_name",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "Quantity", trigger: ".o_xs_add_form input[name=add_qty]", run: "edit 4" },
        { content: "Add to cart", trigger: ".o_xs_add_to_cart", run: "click", expectUnloadPage: true },
        {
            content: "The cart buys with the work unit of the link",
            trigger: ".o_xs_buy_with select[name=buy_with]:has(option[value=work_unit]:selected)",
        },
        tourUtils.goToCheckout(),
        {
            content: "Collect at my work unit",
            trigger: "#o_delivery_methods [name=o_delivery_method]:contains(Collect at my work unit) input[name=o_delivery_radio]:not([disabled])",
            run: "click",
        },
        {
            content: "Where to collect",
            trigger: "#o_delivery_methods .o_xs_collection_info:contains(Xuefu Road 1)",
        },
        tourUtils.confirmOrder(),
        ...tourUtils.payWithDemo(),
    ],
});
