import { initAll } from "../govuk/govuk-frontend.min.js";
// A UMD bundle: loaded as a module it has no module system to report to, so it sets
// window.accessibleAutocomplete.
import "../autocomplete/accessible-autocomplete.min.js";

initAll();

// People pickers (safetymap/core/pickers.py): the select stays in the page, so the form works
// without JavaScript; here it becomes GOV.UK's accessible autocomplete, searching the people
// the select lists. The page's "Search by name" box finds anyone it does not list.
function enhancePersonPickers() {
  const autocomplete = window.accessibleAutocomplete;
  if (!autocomplete) return;
  for (const select of document.querySelectorAll('select[data-module="app-person-picker"]')) {
    const hint = select.getAttribute("aria-describedby");
    const id = select.id;
    autocomplete.enhanceSelectElement({
      selectElement: select,
      defaultValue: "",
      showAllValues: true,
      tNoResults: () => select.dataset.noResults || "No results found",
      // The chosen text, or what was left typed: no match leaves nobody chosen (the form then
      // says so) rather than the person chosen before.
      onConfirm: (label) => {
        const input = document.getElementById(id);
        const text = label ?? (input ? input.value : "");
        const option = [...select.options].find((o) => o.value && o.textContent === text);
        select.value = option ? option.value : "";
      },
    });
    // The select's hint and error message belong to the input that replaces it.
    const input = document.getElementById(id);
    if (input && hint) {
      const own = input.getAttribute("aria-describedby");
      input.setAttribute("aria-describedby", own ? `${hint} ${own}` : hint);
    }
  }
}

enhancePersonPickers();
