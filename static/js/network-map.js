// Shows the name of the mark under the pointer or the keyboard focus below the map (sighted
// keyboard users get no tooltip otherwise). Screen readers read the mark's own aria-label. The
// map is a document of its own in a frame (same origin), so the listeners go on that document.
document.querySelectorAll(".network-map").forEach((map) => {
  const output = map.querySelector("[data-network-map-focus]");
  const frame = map.querySelector("iframe");
  if (!output || !frame) return;
  const show = (event) => {
    const mark = event.target.closest && event.target.closest("[aria-label]");
    if (mark) output.textContent = mark.getAttribute("aria-label");
  };
  const attach = () => {
    const doc = frame.contentDocument;
    if (!doc || !doc.documentElement || doc.documentElement.dataset.focusShown) return;
    doc.documentElement.dataset.focusShown = "1";
    doc.addEventListener("focusin", show);
    doc.addEventListener("mouseover", show);
  };
  frame.addEventListener("load", attach);
  attach();
});
