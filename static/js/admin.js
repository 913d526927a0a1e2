"use strict";
// The editors' screens: names for what select2 draws in place of a <select>.
//
// The autocompletes' boxes are select2's own elements, made after the page has
// loaded (and again for each inline row added): the <label> of the hidden
// <select> names none of them. Each box gets the select's label as its name,
// and select2's "remove all" cross, a mouse-only control inside the list of
// chosen items, is hidden from screen readers (the keyboard removes items
// with Backspace).
{
    const labelOf = (select) => {
        const label = select.labels && select.labels[0];
        if (!label) {
            return null;
        }
        if (!label.id) {
            label.id = `${select.id}-label`;
        }
        return label;
    };

    const name = (select) => {
        const box = select.nextElementSibling;
        if (!box || !box.classList.contains("select2")) {
            return;
        }
        const label = labelOf(select);
        if (!label) {
            return;
        }
        const selection = box.querySelector(".select2-selection");
        if (selection) {
            const rendered = selection.querySelector(".select2-selection__rendered[id]");
            // A single choice reads as "Parent: ITU"; a multiple one as its label.
            const ids = rendered ? `${label.id} ${rendered.id}` : label.id;
            if (selection.getAttribute("aria-labelledby") !== ids) {
                selection.setAttribute("aria-labelledby", ids);
            }
            // The text showing the single choice is a read-only textbox to
            // select2: empty, it would have no name.
            if (rendered && rendered.getAttribute("aria-labelledby") !== label.id) {
                rendered.setAttribute("aria-labelledby", label.id);
            }
        }
        for (const search of box.querySelectorAll(".select2-search__field")) {
            if (search.getAttribute("aria-labelledby") !== label.id) {
                search.setAttribute("aria-labelledby", label.id);
            }
        }
        for (const clear of box.querySelectorAll(".select2-selection__clear")) {
            clear.setAttribute("aria-hidden", "true");
        }
    };

    const nameAll = () => {
        for (const select of document.querySelectorAll("select.admin-autocomplete")) {
            name(select);
        }
    };

    // A row added to an inline is a copy of the blank row: its inputs still point
    // their help text at the blank row's ids.
    document.addEventListener("formset:added", (event) => {
        const row = event.target;
        const match = /-(\d+)$/.exec(row.id || "");
        if (!match) {
            return;
        }
        for (const element of row.querySelectorAll("[aria-describedby*='__prefix__']")) {
            const ids = element.getAttribute("aria-describedby");
            element.setAttribute("aria-describedby", ids.replaceAll("__prefix__", match[1]));
        }
    });

    new MutationObserver((mutations) => {
        if (mutations.some((mutation) => mutation.addedNodes.length)) {
            nameAll();
        }
    }).observe(document.documentElement, { childList: true, subtree: true });
    document.addEventListener("DOMContentLoaded", nameAll);
}
