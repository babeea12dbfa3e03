// Search-box suggestions: a progressive enhancement. Without JavaScript the search box is a
// plain text input and the page works the same. With it, the browser's own <datalist>
// (keyboard and screen-reader accessible) offers service names from /services/suggest.
(function () {
  "use strict";
  var input = document.querySelector("[data-waymark-suggest]") || document.getElementById("id_q");
  if (!input || !window.fetch) return;
  var endpoint = input.getAttribute("data-waymark-suggest") || "/services/suggest";
  var list = document.createElement("datalist");
  list.id = input.id + "-suggestions";
  input.parentNode.appendChild(list);
  input.setAttribute("list", list.id);
  var timer = null;
  var controller = null;

  function show(suggestions) {
    list.textContent = "";
    suggestions.forEach(function (item) {
      var option = document.createElement("option");
      option.value = item.name;
      list.appendChild(option);
    });
  }

  function load() {
    var text = input.value.trim();
    if (text.length < 2) return show([]);
    if (controller) controller.abort();
    controller = window.AbortController ? new AbortController() : null;
    fetch(endpoint + "?q=" + encodeURIComponent(text), {
      headers: { Accept: "application/json" },
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (data) { show(data.suggestions || []); })
      .catch(function () { /* offline or aborted: the plain search box still works */ });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(load, 150);
  });
})();
