// The search filters fold into a <details> panel on phones. From tablet width up they are the
// side column: where the browser cannot show a closed panel's content with CSS alone, open it.
(function () {
  "use strict";
  var panel = document.getElementById("filters");
  if (!panel || !window.matchMedia) return;
  var supported = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
  var wide = window.matchMedia("(min-width: 40.0625em)");
  function sync() {
    if (wide.matches && !supported) panel.open = true;
  }
  sync();
  if (wide.addEventListener) wide.addEventListener("change", sync);
})();
