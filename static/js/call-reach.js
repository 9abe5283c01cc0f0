/*
 * The reach of a call, while its form is filled: whenever a target control changes, asks
 * /board/calls/reach/ how many municipalities and members the target reaches and shows the
 * sentence it returns in the form's status line (announced politely to screen readers).
 * Without JavaScript the line shows the reach of the target as last saved or submitted.
 */
(function () {
  "use strict";
  var output = document.getElementById("call-reach");
  if (!output) return;
  var form = output.closest("form");
  var url = output.getAttribute("data-reach-url");
  var names = ["target_body", "target_prefectures", "target_region", "target_kind"];
  var controller = null;
  var timer = null;

  function query() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (names.indexOf(name) !== -1 && value !== "") params.append(name, value);
    });
    return params.toString();
  }

  function update() {
    if (controller) controller.abort();
    controller = new AbortController();
    fetch(url + "?" + query(), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: controller.signal,
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data) return;
        output.textContent = data.text;
        output.classList.toggle("call-reach--none", data.municipalities === 0);
        output.setAttribute("data-municipalities", String(data.municipalities));
      })
      .catch(function () {
        /* aborted by a newer change, or offline: the line keeps its last figure */
      });
  }

  form.addEventListener("change", function (event) {
    if (names.indexOf(event.target.name) === -1) return;
    clearTimeout(timer);
    timer = setTimeout(update, 150);
  });
})();
