/** @odoo-module **/

import { registry } from "@web/core/registry";

// R8, R10: county staff see the catalogue, then order for a buyer and confirm.
registry.category("web_tour.tours").add("xs_catalogue_order_tour", {
    url: "/odoo/action-xs_consumption.xs_surplus_declaration_action_catalogue",
    steps: () => [
        { content: "The entry is in the catalogue", trigger: ".o_data_row td:contains(Tour Radish)" },
        {
            content: "Open the Docking menu",
            trigger: "button[data-menu-xmlid='xs_consumption.xs_docking_menu']",
            run: "click",
        },
        {
            content: "Campaign orders",
            trigger: ".dropdown-item[data-menu-xmlid='xs_consumption.xs_sale_order_menu']",
            run: "click",
        },
        { content: "Orders list shown", trigger: ".o_breadcrumb .active:contains(Campaign Orders)" },
        { content: "New order", trigger: ".o_list_button_add", run: "click" },
        { content: "Buyer", trigger: ".o_field_widget[name=partner_id] input", run: "edit Tour School" },
        {
            content: "Pick the buyer",
            trigger: ".o_field_widget[name=partner_id] .o-autocomplete--dropdown-menu li:contains(Tour School)",
            run: "click",
        },
        { content: "Campaign", trigger: ".o_field_widget[name=xs_campaign_id] input", run: "edit Test Campaign" },
        {
            content: "Pick the campaign",
            trigger: ".o_field_widget[name=xs_campaign_id] .o-autocomplete--dropdown-menu li:contains(Test Campaign)",
            run: "click",
        },
        { content: "Action follows the buyer's channel", trigger: ".o_field_widget[name=xs_action_id] input:value(Schools)" },
        {
            content: "Add a line",
            trigger: "div[name=order_line] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Catalogue entry",
            trigger: ".o_selected_row .o_field_widget[name=xs_declaration_id] input",
            run: "edit Tour Radish",
        },
        {
            content: "Pick the entry",
            trigger: ".o_selected_row .o_field_widget[name=xs_declaration_id] .o-autocomplete--dropdown-menu li:contains(Tour Radish)",
            run: "click",
        },
        {
            content: "Quantity",
            trigger: ".o_selected_row .o_field_widget[name=product_uom_qty] input",
            run: "edit 100",
        },
        { content: "Declared price", trigger: ".o_selected_row .o_field_widget[name=price_unit] input:value(3.00)" },
        { content: "Save", trigger: ".o_form_button_save", run: "click" },
        { content: "Saved", trigger: ".o_form_saved" },
        { content: "Confirm", trigger: ".o_form_statusbar button[name=action_confirm]", run: "click" },
        {
            content: "Sales order",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=sale]",
        },
    ],
});
