// Mapping pages: progressive enhancements only. Every page works without JavaScript.
//
// Lines (investment, workforce, partner organisations): "Add another line" copies the
// formset's empty line from its <template> straight into the page and bumps the formset's
// TOTAL_FORMS, so a person adds as many lines as they need without saving first. Without
// JavaScript the button stays hidden and two empty lines are added on each save.
(function () {
  "use strict";

  function addLine(prefix, container) {
    var template = document.getElementById(prefix + "-empty-line");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    if (!template || !total) return;
    var index = parseInt(total.value, 10) || 0;
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var first = null;
    while (holder.firstChild) {
      var node = holder.firstChild;
      container.appendChild(node);
      if (!first && node.nodeType === 1 && node.matches("fieldset")) first = node;
    }
    total.value = String(index + 1);
    if (first) {
      var legend = first.querySelector("legend");
      if (legend) legend.textContent = "New line " + (index + 1);
      var input = first.querySelector("input:not([type=hidden]), select, textarea");
      if (input) input.focus();
    }
  }

  document.querySelectorAll("[data-add-line]").forEach(function (button) {
    var prefix = button.getAttribute("data-add-line");
    var container = document.querySelector('[data-module="waymark-lines"][data-prefix="' + prefix + '"]');
    if (!container) return;
    button.hidden = false;
    var note = button.parentNode.querySelector(".waymark-lines__no-js");
    if (note) note.hidden = true;
    button.addEventListener("click", function () {
      addLine(prefix, container);
    });
  });
})();
