/*
 * A published version's seal in its footer: the short seal that `planpress publish` printed,
 * read from seals.json at the site's root (the seal is made after the version's files, so no
 * file of the version can hold it). The link to seals.json stays when the file cannot be read.
 */
(function () {
  "use strict";

  function show() {
    var line = document.querySelector(".pp-seal[data-pp-seal-version]");
    if (!line || line.getAttribute("data-pp-seal-shown")) return;
    line.setAttribute("data-pp-seal-shown", "1");
    var version = line.getAttribute("data-pp-seal-version");
    var link = line.querySelector(".pp-seal__link");
    var value = line.querySelector(".pp-seal__value");
    if (!link || !value || !window.fetch) return;
    fetch(link.href, { credentials: "omit", cache: "no-cache" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (index) {
        var versions = (index && index.versions) || [];
        for (var i = 0; i < versions.length; i += 1) {
          var entry = versions[i];
          if (entry && entry.version === version && typeof entry.short === "string") {
            value.textContent = entry.short;  // text, never markup
            value.classList.add("pp-seal__code");
            if (typeof entry.seal === "string") link.title = "Full seal: " + entry.seal;
            return;
          }
        }
        value.textContent = "not sealed (published before versions were sealed)";
      })
      .catch(function () {
        /* the link to seals.json stays */
      });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(show);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", show);
  } else {
    show();
  }
})();
