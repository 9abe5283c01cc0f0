/*
 * Names for the controls Django's admin builds in the browser (select2's autocomplete boxes),
 * which axe-core and screen readers otherwise find nameless: the box is named by its field's
 * <label>, the search boxes too, and while open the box says which list it controls.
 * Checked with axe-core in tests/browser/test_secretariat_admin_forms.py.
 */
(function () {
  "use strict";
  var script = document.currentScript;

  function fieldLabel(selectId) {
    var label = selectId && document.querySelector('label[for="' + selectId + '"]');
    if (!label) return null;
    if (!label.id) label.id = selectId + "-label";
    return { id: label.id, text: label.textContent.replace(/[:：]\s*$/, "").trim() };
  }

  // select2 ids its parts after the <select>: select2-<id>-container, select2-<id>-results.
  function selectIdOf(partId) {
    var match = /^select2-(.+)-(container|results)$/.exec(partId || "");
    return match ? match[1] : null;
  }

  function nameSelection(box) {
    var container = box.closest(".select2-container");
    var select = container && container.previousElementSibling;
    if (!select || select.tagName !== "SELECT") return;
    var label = fieldLabel(select.id);
    if (!label) return;
    var rendered = box.querySelector(".select2-selection__rendered");
    if (box.classList.contains("select2-selection--single") && rendered && rendered.id) {
      // The combobox reads "<label> <chosen value>"; the value's span is just its text.
      box.setAttribute("aria-labelledby", label.id + " " + rendered.id);
      rendered.removeAttribute("role");
      rendered.removeAttribute("aria-readonly");
    } else {
      box.setAttribute("aria-labelledby", label.id);
    }
    box.querySelectorAll(".select2-search__field").forEach(function (input) {
      input.setAttribute("aria-label", label.text);
    });
  }

  function nameSearch(input) {
    var label = fieldLabel(selectIdOf(input.getAttribute("aria-controls")));
    if (!label) return;
    if (!input.hasAttribute("aria-label")) input.setAttribute("aria-label", label.text);
    // The open dropdown hangs off <body>, outside the page's landmarks: it is one of its own,
    // named by its field (whoever named the search box first).
    var dropdown = input.closest("body > .select2-container");
    if (dropdown) {
      dropdown.setAttribute("role", "region");
      dropdown.setAttribute("aria-label", label.text);
    }
  }

  // The open dropdown hangs off <body>, outside the page's landmarks: from the moment it is
  // added it is a region of its own, named by its field once its list says which field.
  function nameDropdown(container) {
    var results = container.querySelector('[id^="select2-"][id$="-results"]');
    var label = results && fieldLabel(selectIdOf(results.id));
    container.setAttribute("role", "region");
    if (label) container.setAttribute("aria-label", label.text);
    else if (!container.hasAttribute("aria-label")) {
      container.setAttribute("aria-label", script.dataset.listLabel || "選択肢");
    }
  }

  function fix(root) {
    if (!root.querySelectorAll) return;
    document.querySelectorAll("body > .select2-container").forEach(nameDropdown);
    root.querySelectorAll('.select2-selection[role="combobox"]').forEach(nameSelection);
    root.querySelectorAll(".select2-search__field").forEach(nameSearch);
    // "Searching…", "No results": a status inside the listbox, announced, not an alert.
    root.querySelectorAll('.select2-results__message[role="alert"]').forEach(function (li) {
      li.setAttribute("role", "option");
      li.setAttribute("aria-disabled", "true");
    });
  }

  new MutationObserver(function (mutations) {
    mutations.forEach(function (mutation) {
      var target = mutation.target;
      if (mutation.type === "attributes") {
        if (mutation.attributeName === "aria-owns") {
          // An open combobox names the list it controls (ARIA 1.2), as select2 does for search.
          var owns = target.getAttribute("aria-owns");
          if (owns) target.setAttribute("aria-controls", owns);
          else target.removeAttribute("aria-controls");
        } else if (mutation.attributeName === "aria-controls") {
          nameSearch(target);
        }
        return;
      }
      mutation.addedNodes.forEach(function (node) {
        if (node.nodeType === 1) fix(node.parentNode || node);
      });
    });
  }).observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["aria-owns", "aria-controls"],
  });

  document.addEventListener("DOMContentLoaded", function () {
    fix(document);
    // The header of the inline tables' first column (the row's object) is empty: name it.
    document.querySelectorAll("table thead th.original").forEach(function (th) {
      if (th.textContent.trim()) return;
      var text = document.createElement("span");
      text.className = "visually-hidden";
      text.textContent = script.dataset.originalLabel;
      th.appendChild(text);
    });
  });
})();
