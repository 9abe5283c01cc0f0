/*
 * Loaded in <head> before anything is drawn (base.html; the CSP allows no inline script): marks
 * the page as having JavaScript, so the stylesheet can fold the phone menu from the first paint
 * instead of after static/js/site.js runs, which moved the whole page (layout shift).
 */
document.documentElement.classList.add("has-js");
