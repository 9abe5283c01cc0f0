// Shows the name of the mark under the pointer or the keyboard focus below the map (sighted
// keyboard users get no tooltip otherwise). Screen readers read the mark's own aria-label.
document.querySelectorAll(".network-map").forEach((map) => {
  const output = map.querySelector("[data-network-map-focus]");
  if (!output) return;
  const show = (event) => {
    const mark = event.target.closest("[aria-label]");
    if (mark && mark.closest("svg")) output.textContent = mark.getAttribute("aria-label");
  };
  map.addEventListener("focusin", show);
  map.addEventListener("mouseover", show);
});
