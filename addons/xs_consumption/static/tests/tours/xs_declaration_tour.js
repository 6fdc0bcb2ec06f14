/** @odoo-module **/

import { registry } from "@web/core/registry";

// R4: a township user declares unsold produce and submits it to the county.
registry.category("web_tour.tours").add("xs_declaration_submit_tour", {
    url: "/odoo/action-xs_consumption.xs_surplus_declaration_action",
    steps: () => [
        { content: "New declaration", trigger: ".o_list_button_add", run: "click" },
        { content: "Seller", trigger: ".o_field_widget[name=seller_id] input", run: "edit Tour Cooperative" },
        {
            content: "Pick the seller",
            trigger: ".o_field_widget[name=seller_id] .o-autocomplete--dropdown-menu li:contains(Tour Cooperative)",
            run: "click",
        },
        { content: "Product", trigger: ".o_field_widget[name=product_id] input", run: "edit Tour Cabbage" },
        {
            content: "Pick the product",
            trigger: ".o_field_widget[name=product_id] .o-autocomplete--dropdown-menu li:contains(Tour Cabbage)",
            run: "click",
        },
        { content: "Quantity", trigger: ".o_field_widget[name=quantity] input", run: "edit 1500" },
        { content: "Unit price", trigger: ".o_field_widget[name=price_unit] input", run: "edit 2.5" },
        { content: "Households", trigger: ".o_field_widget[name=household_count] input", run: "edit 60" },
        { content: "Poverty-alleviated", trigger: ".o_field_widget[name=poverty_household_count] input", run: "edit 25" },
        { content: "Monitored", trigger: ".o_field_widget[name=monitored_household_count] input", run: "edit 4" },
        { content: "Phone", trigger: ".o_field_widget[name=contact_phone] input", run: "edit 13800138000" },
        { content: "Total computed", trigger: ".o_field_widget[name=amount_total]:contains(3,750.00)" },
        { content: "Save", trigger: ".o_form_button_save", run: "click" },
        { content: "Saved", trigger: ".o_form_saved" },
        { content: "Submit", trigger: ".o_form_statusbar button[name=action_submit]", run: "click" },
        {
            content: "Now submitted",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=submitted]",
        },
    ],
});

// R4: a county user verifies it.
registry.category("web_tour.tours").add("xs_declaration_verify_tour", {
    url: "/odoo/action-xs_consumption.xs_surplus_declaration_action",
    steps: () => [
        { content: "Open the submitted declaration", trigger: ".o_data_row td:contains(Tour Cabbage)", run: "click" },
        { content: "Verify", trigger: ".o_form_statusbar button[name=action_verify]", run: "click" },
        {
            content: "Now verified",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=verified]",
        },
        { content: "Figures are read-only", trigger: ".o_field_widget[name=quantity].o_readonly_modifier" },
    ],
});
