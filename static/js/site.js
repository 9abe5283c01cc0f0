/*
 * Small-screen behaviour for every page (loaded with defer from base.html; the site's CSP allows
 * no inline script). Without JavaScript nothing is hidden: the navigation and the filter forms
 * simply stay open.
 *
 * - The menu button opens the main navigation (and the language switch) on phones and folds it
 *   again; aria-expanded tells assistive technology which state it is in. The stylesheet folds
 *   them from the first paint (html.has-js) and, on wider screens, shows them whatever the
 *   button says.
 * - A filter form in <details data-collapse-on-phone> starts closed on phones, so the results
 *   are on the first screen; its summary opens it.
 */
(function () {
  "use strict";
  // The `has-js` class is set earlier, by static/js/has-js.js in <head>.
  var phone = window.matchMedia("(max-width: 40rem)");

  Array.prototype.forEach.call(document.querySelectorAll(".menu-button"), function (button) {
    var nav = document.getElementById(button.getAttribute("aria-controls"));
    if (!nav) return;
    var header = button.closest(".site-header");
    function set(expanded) {
      button.setAttribute("aria-expanded", expanded ? "true" : "false");
      nav.classList.toggle("is-open", expanded);
      if (header) header.classList.toggle("is-menu-open", expanded);
    }
    set(false);
    button.hidden = false;
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && phone.matches && button.getAttribute("aria-expanded") === "true") {
        set(false);
        button.focus();
      }
    });
  });

  if (phone.matches) {
    Array.prototype.forEach.call(
      document.querySelectorAll("details[data-collapse-on-phone]"),
      function (details) {
        details.open = false;
        details.classList.add("is-folded");
      }
    );
  }
})();
