/** @odoo-module **/

import { registry } from "@web/core/registry";
import * as tourUtils from "@website_sale/js/tours/tour_utils";

// R27, R12: on a phone, a resident puts an entry in the cart, applies the 12.12 promotion's
// code, sees the discount and pays the discounted amount with the demo provider.
registry.category("web_tour.tours").add("xs_shop_promotion_tour", {
    steps: () => [
        { content: "Quantity", trigger: ".o_xs_add_form input[name=add_qty]", run: "edit 4" },
        { content: "Add to cart", trigger: ".o_xs_add_to_cart", run: "click", expectUnloadPage: true },
        {
            content: "The promotion's code",
            trigger: "form[name=coupon_code] input[name=promo]",
            run: "edit DOUBLE12",
        },
        {
            content: "Apply it",
            trigger: "form[name=coupon_code] .a-submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The discount is in the cart",
            trigger: "#cart_products .o_cart_product:contains(10% on your order)",
        },
        tourUtils.goToCheckout(),
        tourUtils.confirmOrder(),
        ...tourUtils.payWithDemo(),
    ],
});
