/*
 * Suggestions for the municipality field at registration. The input is linked to a <datalist>;
 * as the person types, this fills the list from /municipalities/search/ (name, reading in
 * hiragana or katakana, or code), so all 1,741 municipalities can be found without sending them
 * all to the page. The browser shows the list; without JavaScript, typing the name still works.
 */
(function () {
  "use strict";
  var inputs = document.querySelectorAll("input[data-municipality-suggest]");
  Array.prototype.forEach.call(inputs, function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.getAttribute("data-municipality-suggest");
    if (!list || !url) return;
    var timer = null;
    var lastQuery = null;
    var controller = null;

    function fill(results) {
      var fragment = document.createDocumentFragment();
      results.forEach(function (item) {
        var option = document.createElement("option");
        option.value = item.value;
        // The reading lets the browser keep the option while the query is still in kana.
        option.label = item.label + " " + item.code;
        fragment.appendChild(option);
      });
      list.replaceChildren(fragment);
    }

    function search() {
      var query = input.value.trim();
      if (query === lastQuery) return;
      lastQuery = query;
      if (!query) {
        fill([]);
        return;
      }
      if (controller) controller.abort();
      controller = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        signal: controller.signal,
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          fill(data.results);
        })
        .catch(function () {
          /* aborted or offline: typing the full name still works */
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 150);
    });
  });
})();
