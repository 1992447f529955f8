// Printing a page shows everything on it: collapsed sections open before printing and close again after.
(function () {
  "use strict";
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.setAttribute("open", "");
      details.setAttribute("data-pp-opened-for-print", "");
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-pp-opened-for-print]").forEach(function (details) {
      details.removeAttribute("open");
      details.removeAttribute("data-pp-opened-for-print");
    });
  });
})();
