// Shortlist: a progressive enhancement. Without JavaScript every Save, Remove and Clear button
// posts its form and the server redirects back. With it, Save/Remove post in the background
// (same URL, same CSRF token, asking for JSON) and the button, the header count and a status
// message change in place. It also offers "Print" and "Copy link" buttons.
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) return;

  var status = document.createElement("p");
  status.className = "govuk-visually-hidden";
  status.setAttribute("role", "status");
  document.body.appendChild(status);

  function announce(text) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function showState(button, saved) {
    button.setAttribute("formaction", saved ? button.dataset.removeUrl : button.dataset.addUrl);
    button.querySelector("[data-waymark-when=saved]").hidden = !saved;
    button.querySelector("[data-waymark-when=unsaved]").hidden = saved;
  }

  function showCount(count) {
    document.querySelectorAll("[data-waymark-shortlist-count]").forEach(function (el) {
      el.textContent = String(count);
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-waymark-shortlist") || form.dataset.waymarkPlain) return;
    var button = event.submitter;
    if (!button || button.name !== "service") return;
    event.preventDefault();
    var action = button.getAttribute("formaction") || form.action;
    var data = new FormData(form);
    data.set("service", button.value);
    button.disabled = true;
    fetch(action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (result) {
        button.disabled = false;
        if (!result.ok) {
          announce(result.body.message || result.body.error || "Sorry, that did not work.");
          return;
        }
        showCount(result.body.count);
        var entry = form.hasAttribute("data-waymark-remove-entry") && form.closest("li");
        if (entry) {
          var list = entry.parentNode;
          entry.remove();
          if (!list.children.length) window.location.reload();
        } else if (button.hasAttribute("data-waymark-save")) {
          showState(button, result.body.saved);
        }
        announce(result.body.saved ? "Saved to your shortlist." : "Removed from your shortlist.");
      })
      .catch(function () {
        button.disabled = false;
        form.dataset.waymarkPlain = "1"; // fall back to the ordinary post
        form.requestSubmit(button);
      });
  });

  var printButton = document.querySelector("[data-waymark-print]");
  if (printButton && window.print) {
    printButton.hidden = false;
    var hint = document.querySelector("[data-waymark-print-hint]");
    if (hint) hint.hidden = true;
    printButton.addEventListener("click", function () { window.print(); });
  }

  var copyButton = document.querySelector("[data-waymark-copy]");
  if (copyButton && navigator.clipboard) {
    copyButton.hidden = false;
    copyButton.addEventListener("click", function () {
      var input = document.getElementById(copyButton.getAttribute("data-waymark-copy"));
      var copied = document.querySelector("[data-waymark-copy-status]");
      navigator.clipboard.writeText(input.value).then(
        function () { copied.textContent = "Link copied."; },
        function () { input.select(); copied.textContent = "Select the link and copy it."; }
      );
    });
  }
})();
