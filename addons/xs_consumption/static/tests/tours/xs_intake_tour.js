/** @odoo-module **/

import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";

// The filled sheets are made by the Python test from the real template and stored as
// public attachments; the tour puts them in the wizard's file input as a user would.
async function uploadSheet(attachmentName) {
    const [attachment] = await rpc("/web/dataset/call_kw/ir.attachment/search_read", {
        model: "ir.attachment",
        method: "search_read",
        args: [[["name", "=", attachmentName]], ["datas"]],
        kwargs: {},
    });
    const bytes = Uint8Array.from(atob(attachment.datas), (c) => c.charCodeAt(0));
    const file = new File([bytes], attachmentName, {
        type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    });
    const input = document.querySelector(".o_field_widget[name=file] input[type=file]");
    const transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
    for (let i = 0; i < 100; i++) {
        const shown = document.querySelector(".o_field_widget[name=file] input.o_input");
        if (shown && shown.value === attachmentName) {
            return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`The sheet ${attachmentName} was not taken by the file field`);
}

// R4: a township downloads its sheet, uploads a copy with two bad rows, reads both
// errors with their row numbers, uploads the corrected copy and imports it.
registry.category("web_tour.tours").add("xs_declaration_import_tour", {
    steps: () => [
        { content: "Open the Excel intake", trigger: ".oe_stat_button:contains(Excel Intake)", run: "click" },
        {
            content: "Download the template",
            trigger: ".modal .o_field_widget[name=template_link] a.o_xs_template_link",
            async run() {
                const response = await fetch(this.anchor.href);
                const head = new Uint8Array(await response.arrayBuffer()).slice(0, 2);
                if (response.status !== 200 || head[0] !== 0x50 || head[1] !== 0x4b) {
                    throw new Error("The template is not an xlsx download");
                }
            },
        },
        {
            content: "Upload the sheet with two bad rows",
            trigger: ".modal .o_field_widget[name=file]",
            run: () => uploadSheet("xs_tour_bad.xlsx"),
        },
        { content: "Check it", trigger: ".modal button[name=action_preview]", run: "click" },
        { content: "Nothing imported", trigger: ".modal .alert-danger:contains(nothing was imported)" },
        {
            content: "First bad row, with its number",
            trigger: ".modal .o_data_row:has(td[name=row]:contains(5)) td[name=message]:contains(quantity must be positive)",
        },
        {
            content: "Second bad row, with its number",
            trigger: ".modal .o_data_row:has(td[name=row]:contains(6)) td[name=message]:contains(is not valid)",
        },
        { content: "No import button", trigger: ".modal:not(:has(button[name=action_import]))" },
        {
            content: "Upload the corrected sheet",
            trigger: ".modal .o_field_widget[name=file]",
            run: () => uploadSheet("xs_tour_good.xlsx"),
        },
        { content: "Check it again", trigger: ".modal button[name=action_preview]", run: "click" },
        { content: "Correct now", trigger: ".modal .alert-success:contains(The sheet is correct)" },
        { content: "Three rows to create", trigger: ".modal .o_field_widget[name=count_create]:contains(3)" },
        { content: "Import", trigger: ".modal button[name=action_import]", run: "click" },
        { content: "Imported", trigger: ".modal .o_xs_import_done" },
        { content: "Open them", trigger: ".modal button[name=action_view_declarations]", run: "click" },
        { content: "The declarations are there", trigger: ".o_list_view .o_data_row:contains(Tour Melon)" },
        { content: "All three", trigger: ".o_list_view:has(.o_data_row:nth-child(3))" },
    ],
});

// R20: a seller's portal user declares its surplus; it lands as a draft for its township.
registry.category("web_tour.tours").add("xs_portal_declare_tour", {
    url: "/my/declarations",
    steps: () => [
        { content: "Declare", trigger: "#xs_declare_new", run: "click" },
        { content: "Product", trigger: "#xs_declaration_form input[name=product]", run: "edit Tour Plum" },
        { content: "Quantity (full-width digits)", trigger: "#xs_declaration_form input[name=quantity]", run: "edit ８００" },
        { content: "Price", trigger: "#xs_declaration_form input[name=price_unit]", run: "edit 4.5" },
        { content: "Households", trigger: "#xs_declaration_form input[name=household_count]", run: "edit 12" },
        { content: "Poverty-alleviated", trigger: "#xs_declaration_form input[name=poverty_household_count]", run: "edit 30" },
        { content: "Save", trigger: "#xs_declare", run: "click" },
        { content: "Refused with the rule", trigger: "#xs_declaration_error:contains(more than the 12 households)" },
        { content: "Fix the count", trigger: "#xs_declaration_form input[name=poverty_household_count]", run: "edit 5" },
        { content: "Save again", trigger: "#xs_declare", run: "click" },
        { content: "Listed as a draft", trigger: "tr:contains(Tour Plum):contains(Draft)" },
    ],
});

// R20: the township sees where it came from and submits it to the county.
registry.category("web_tour.tours").add("xs_township_submit_portal_tour", {
    steps: () => [
        { content: "Declared by the seller", trigger: ".o_data_row:contains(Tour Plum) td[name=origin]:contains(Seller Portal)" },
        { content: "Open it", trigger: ".o_data_row:contains(Tour Plum) td[name=product_id]", run: "click" },
        { content: "Origin shown", trigger: ".o_field_widget[name=origin]:contains(Seller Portal)" },
        { content: "Submit", trigger: ".o_form_statusbar button[name=action_submit]", run: "click" },
        {
            content: "Now submitted",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=submitted]",
        },
    ],
});
