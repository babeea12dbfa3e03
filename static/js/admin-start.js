// Starts the Wagtail admin widgets that Wagtail itself would start with inline <script>s,
// which the Content-Security-Policy forbids (see portal/security/admin_scripts.py). Each
// widget leaves a hidden [data-waymark-start] element with its constructor and options;
// this starts those on page load and inside anything added later (inline panel forms,
// chooser modals).
(function () {
  "use strict";

  function lookup(path) {
    return path.split(".").reduce(function (object, key) {
      return object ? object[key] : undefined;
    }, window);
  }

  var starters = {
    date: function (el, options) { window.initDateChooser(el.dataset.waymarkFor, options); },
    time: function (el, options) { window.initTimeChooser(el.dataset.waymarkFor, options); },
    datetime: function (el, options) { window.initDateTimeChooser(el.dataset.waymarkFor, options); },
    "inline-panel": function (el, options) { new window.InlinePanel(options); },
    "multiple-chooser-panel": function (el, options) { new window.MultipleChooserPanel(options); },
    chooser: function (el, options) {
      var Constructor = lookup(el.dataset.waymarkConstructor);
      new Constructor(el.dataset.waymarkFor, options);
    },
    "task-chooser": function (el) { window.createTaskChooser(el.dataset.waymarkFor); },
  };

  function startWithin(root) {
    var elements = Array.prototype.slice.call(root.querySelectorAll("[data-waymark-start]"));
    if (root.matches && root.matches("[data-waymark-start]")) elements.unshift(root);
    elements.forEach(function (el) {
      if (el.dataset.waymarkStarted) return;
      el.dataset.waymarkStarted = "true";
      var options = el.dataset.waymarkOptions ? JSON.parse(el.dataset.waymarkOptions) : {};
      starters[el.dataset.waymarkStart](el, options);
    });
  }

  function begin() {
    startWithin(document);
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        record.addedNodes.forEach(function (node) {
          if (node.nodeType === Node.ELEMENT_NODE) startWithin(node);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", begin);
  } else {
    begin();
  }
})();
