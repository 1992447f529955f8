/* planpress: the header's menu button works from the keyboard.
 *
 * Material draws it as the label of a hidden checkbox, which a keyboard cannot reach or press.
 * overrides/partials/header.html makes it a focusable button (data-pp-toggle names the
 * checkbox); here Enter and Space press it, and aria-expanded says whether it is open. (Search
 * is a real button and dialog of planpress's own: javascripts/search.js.)
 */
(function () {
  "use strict";

  /* The first of `selector` that is on top where it is drawn (the drawer's nested lists slide
     over the list above them). */
  function firstUncovered(selector) {
    var candidates = document.querySelectorAll(selector);
    for (var i = 0; i < candidates.length; i += 1) {
      var box = candidates[i].getBoundingClientRect();
      if (!box.width || !box.height) continue;
      var x = box.left + box.width / 2;
      var y = box.top + box.height / 2;
      if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) continue;
      var top = document.elementFromPoint(x, y);
      if (top && (top === candidates[i] || candidates[i].contains(top))) return candidates[i];
    }
    return null;
  }

  function setUp() {
    var buttons = document.querySelectorAll("[data-pp-toggle]");
    Array.prototype.forEach.call(buttons, function (button) {
      var box = document.getElementById(button.getAttribute("data-pp-toggle"));
      if (!box) return;
      button.setAttribute("aria-expanded", box.checked ? "true" : "false");
      box.addEventListener("change", function () {
        button.setAttribute("aria-expanded", box.checked ? "true" : "false");
        // Closed, the focus comes back to the button if it was inside what closed, or nowhere.
        var active = document.activeElement;
        var lost = !active || active === document.body;
        var inside = active && active.closest && active.closest(".md-sidebar--primary");
        if (!box.checked && button.offsetParent !== null && (lost || inside)) button.focus();
      });
      button.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          // Material presses a focused label on Enter too: stop it, or it would press twice.
          event.preventDefault();
          event.stopPropagation();
          box.click();
          // Once open, the navigation drawer takes the focus to its first link.
          if (box.checked && box.id === "__drawer") {
            // after the drawer has slid in (Material's transition takes 0.25 s)
            window.setTimeout(function () {
              var first = firstUncovered(
                ".md-sidebar--primary a[href], .md-sidebar--primary [tabindex='0']"
              );
              if (first) first.focus();
            }, 300);
          }
        }
      });
    });

    // Escape closes the navigation drawer and gives the focus back to its button.
    document.addEventListener("keydown", function (event) {
      var drawer = document.getElementById("__drawer");
      if (event.key !== "Escape" || !drawer || !drawer.checked) return;
      drawer.click();
      var button = document.querySelector('[data-pp-toggle="__drawer"]');
      if (button) button.focus();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
