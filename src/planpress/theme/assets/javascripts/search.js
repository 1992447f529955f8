/* planpress: search the plan, with the site's own Pagefind index.
 *
 * The search button in the header, or `/`, `s` or `f` pressed anywhere but in a field, opens
 * the search dialog (overrides/partials/search.html), a modal <dialog>: the focus stays in it,
 * Escape closes it and the focus goes back to the search button. The index is the one built
 * with this version of the site (pagefind/ at the version's root, made after every build):
 * pagefind.js loads the few files of the index that the words typed need, never the whole
 * index, and nothing comes from any other site.
 *
 * Each action is a result of its own, linking to its card (its sub-group's page, #ACTION-ID);
 * other pages are results too. Filters (status, RAG rating, theme, strand, sub-group, owner)
 * are loaded when their section is opened, and narrow the results to actions. From the field,
 * the down arrow (or Tab) moves to the results; the arrow keys move between them, Enter
 * follows one. The status line says how many results there are, for screen readers too.
 */
(function () {
  "use strict";

  var SHOWN = 10; // results shown at first, and added by "Show more results"
  var WAIT = 120; // ms after the last key before searching

  var dialog, field, status, list, filters, selects, clear, count;
  var loading = null;
  var filtersLoaded = false;
  var searches = 0; // the latest search's number: an older one's answer is dropped
  var following = false;
  var timer = null;
  var found = null; // the latest search: its results and how many are shown

  function root() {
    var base = dialog.getAttribute("data-pp-base") || ".";
    return new URL(base.replace(/\/?$/, "/"), document.baseURI);
  }

  // A large plan's index comes in parts (pagefind/parts.json lists the further ones, made one
  // after another to bound the build's memory): they are merged into the first, and a search
  // asks each part for the few files its words need. Each part then holds a record of every
  // word of the site, which every search leaves out (parts.json's `exclude`, a filter).
  var excluded = null;

  function furtherParts(bundle) {
    return fetch(new URL("parts.json", bundle).href, { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : { parts: [] };
      })
      .then(function (listed) {
        var exclude = listed.exclude;
        if (exclude && typeof exclude === "object" && !Array.isArray(exclude)) {
          var keys = Object.keys(exclude).filter(function (key) {
            return typeof exclude[key] === "string";
          });
          if (keys.length) {
            excluded = {};
            keys.forEach(function (key) {
              excluded[key] = exclude[key];
            });
          }
        }
        return (Array.isArray(listed.parts) ? listed.parts : []).filter(function (part) {
          return typeof part === "string" && /^part-[0-9]+\/$/.test(part);
        });
      });
  }

  // The filters chosen, less the records every search leaves out.
  function searchFilters(chosen) {
    if (!excluded) return chosen;
    var filters = { not: excluded };
    Object.keys(chosen).forEach(function (key) {
      filters[key] = chosen[key];
    });
    return filters;
  }

  function load() {
    if (!loading) {
      var bundle = new URL("pagefind/", root());
      var options = { excerptLength: 24 };
      loading = Promise.all([import(new URL("pagefind.js", bundle).href), furtherParts(bundle)]).then(
        function (loaded) {
          var pagefind = loaded[0];
          return Promise.resolve(pagefind.options(options))
            .then(function () {
              return Promise.all(
                loaded[1].map(function (part) {
                  return pagefind.mergeIndex(new URL(part, bundle).href, options);
                })
              );
            })
            .then(function () {
              return pagefind;
            });
        }
      );
      loading.catch(function () {
        loading = null;
      });
    }
    return loading;
  }

  function say(text) {
    status.textContent = text;
  }

  function chosenFilters() {
    var chosen = {};
    var number = 0;
    selects.forEach(function (select) {
      if (select.value) {
        chosen[select.getAttribute("data-pp-search-filter")] = select.value;
        number += 1;
      }
    });
    count.textContent = number ? " (" + number + " chosen)" : "";
    return { chosen: chosen, number: number };
  }

  /* Pagefind's excerpt, which marks the words found with <mark>: only its text and marks are
     kept (parsed in an inert template, so nothing in it runs or loads). */
  function excerptNodes(excerpt) {
    var template = document.createElement("template");
    template.innerHTML = excerpt || "";
    var out = document.createDocumentFragment();
    template.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function describe(data) {
    var meta = data.meta || {};
    var where = [];
    var link;
    var title = meta.title || data.url;
    var excerpt = data.excerpt;
    if (meta.link) {
      // an action: its card on its sub-group's page
      link = new URL(meta.link, root()).href;
      var facets = data.filters || {};
      ["group", "status"].forEach(function (key) {
        if (facets[key] && facets[key][0]) where.push(facets[key][0]);
      });
    } else {
      // a page: the section where the words are, when it has a heading of its own
      var section = (data.sub_results || [])[0];
      link = new URL(section ? section.url : data.url, location.href).href;
      where.push("Page");
      if (section && section.anchor && section.title && section.title !== title) {
        where.push(section.title);
      }
      if (section && section.excerpt) excerpt = section.excerpt;
    }
    return { link: link, title: title, where: where.join(" · "), excerpt: excerpt };
  }

  function resultItem(data) {
    var shown = describe(data);
    var item = document.createElement("li");
    item.className = "pp-search__result";
    var link = document.createElement("a");
    link.className = "pp-search__link";
    link.href = shown.link;
    var title = document.createElement("span");
    title.className = "pp-search__result-title";
    title.textContent = shown.title;
    link.appendChild(title);
    if (shown.where) {
      var where = document.createElement("span");
      where.className = "pp-search__result-where";
      where.textContent = shown.where;
      link.appendChild(where);
    }
    if (shown.excerpt) {
      var excerpt = document.createElement("span");
      excerpt.className = "pp-search__excerpt";
      excerpt.appendChild(excerptNodes(shown.excerpt));
      link.appendChild(excerpt);
    }
    item.appendChild(link);
    return item;
  }

  // The action whose id is the words typed comes first. Each part of a large plan's index
  // ranks its own results, so that a card that only mentions the id can outrank, from another
  // part, the action itself.
  function idFirst(datas, term) {
    var typed = (term || "").trim().toUpperCase();
    if (!typed || /\s/.test(typed)) return datas;
    var named = function (data) {
      var meta = data.meta || {};
      return Boolean(meta.link) && (meta.title || "").split(" ")[0].toUpperCase() === typed;
    };
    return datas.filter(named).concat(
      datas.filter(function (data) {
        return !named(data);
      })
    );
  }

  function showMore(focusFirstNew) {
    var search = found;
    var next = search.results.slice(search.shown, search.shown + SHOWN);
    return Promise.all(
      next.map(function (result) {
        return result.data();
      })
    ).then(function (datas) {
      if (search !== found) return;
      if (search.shown === 0) datas = idFirst(datas, search.term);
      var more = list.querySelector(".pp-search__more");
      if (more) more.remove();
      var first = null;
      datas.forEach(function (data) {
        var item = resultItem(data);
        list.appendChild(item);
        first = first || item.querySelector("a");
      });
      search.shown += datas.length;
      if (search.shown < search.results.length) {
        var li = document.createElement("li");
        li.className = "pp-search__more";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "pp-search__button";
        button.textContent =
          "Show more results (" + (search.results.length - search.shown) + " more)";
        button.addEventListener("click", function () {
          showMore(true);
        });
        li.appendChild(button);
        list.appendChild(li);
      }
      if (focusFirstNew && first) first.focus();
    });
  }

  function search() {
    var term = field.value.trim();
    var picked = chosenFilters();
    var number = (searches += 1);
    if (!term && !picked.number) {
      found = null;
      list.replaceChildren();
      say("");
      return Promise.resolve();
    }
    return load()
      .then(function (pagefind) {
        return pagefind.search(term || null, { filters: searchFilters(picked.chosen) });
      })
      .then(function (answer) {
        if (number !== searches || !answer) return;
        found = { results: answer.results, shown: 0, term: term };
        list.replaceChildren();
        return showMore(false).then(function () {
          var total = answer.results.length;
          var what = term ? " for \u201c" + term + "\u201d" : "";
          var narrowed = picked.number ? ", with the filters chosen" : "";
          say(
            (total === 0 ? "No results" : total === 1 ? "1 result" : total + " results") +
              what +
              narrowed +
              "."
          );
        });
      })
      .catch(function () {
        if (number === searches) say("Search is not available: its index could not be loaded.");
      });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, WAIT);
  }

  function loadFilters() {
    if (filtersLoaded) return;
    filtersLoaded = true;
    load()
      .then(function (pagefind) {
        return pagefind.filters();
      })
      .then(function (available) {
        selects.forEach(function (select) {
          var values = available[select.getAttribute("data-pp-search-filter")] || {};
          Object.keys(values)
            .sort(function (a, b) {
              return a.localeCompare(b);
            })
            .forEach(function (value) {
              var option = document.createElement("option");
              option.value = value;
              option.textContent = value + " (" + values[value] + ")";
              select.appendChild(option);
            });
        });
      })
      .catch(function () {
        filtersLoaded = false;
      });
  }

  function open() {
    if (dialog.open) return;
    following = false;
    dialog.showModal();
    field.focus();
    field.select();
    load().catch(function () {
      say("Search is not available: its index could not be loaded.");
    });
  }

  function typing(target) {
    return (
      target &&
      target.closest &&
      (target.isContentEditable || !!target.closest("input, textarea, select, [contenteditable]"))
    );
  }

  /* The links and buttons among the results, in order. */
  function stops() {
    return Array.prototype.slice.call(list.querySelectorAll("a, button"));
  }

  /* Everything in the dialog the keyboard can reach, in order (not what a closed section of
     filters holds). */
  function reachable() {
    return Array.prototype.slice
      .call(dialog.querySelectorAll("button, input, select, summary, a[href]"))
      .filter(function (element) {
        var closed = element.closest("details:not([open])");
        var hidden = closed && element.tagName !== "SUMMARY";
        return !hidden && !element.disabled && element.getClientRects().length > 0;
      });
  }

  /* Tab past the last stop comes back to the first (and Shift+Tab the other way): the focus
     stays in the dialog until it is closed. */
  function trap(event) {
    var all = reachable();
    if (!all.length) return;
    var first = all[0];
    var last = all[all.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  function move(event) {
    if (event.key === "Tab") {
      trap(event);
      return;
    }
    var target = event.target;
    var all = stops();
    var at = all.indexOf(target);
    if (target === field && event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      all[0].focus();
    } else if (at >= 0) {
      var next = null;
      if (event.key === "ArrowDown") next = all[at + 1] || null;
      else if (event.key === "ArrowUp") next = at === 0 ? field : all[at - 1];
      else if (event.key === "Home") next = all[0];
      else if (event.key === "End") next = all[all.length - 1];
      if (next) {
        event.preventDefault();
        next.focus();
      } else if (event.key === "ArrowDown") {
        event.preventDefault();
      }
    }
  }

  function buttons() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-pp-search-open]"));
  }

  function setUp() {
    dialog = document.getElementById("pp-search");
    if (!dialog || typeof dialog.showModal !== "function") return;
    field = dialog.querySelector("#pp-search-query");
    status = dialog.querySelector("[data-pp-search-status]");
    list = dialog.querySelector("[data-pp-search-results]");
    filters = dialog.querySelector("[data-pp-search-filters]");
    selects = Array.prototype.slice.call(dialog.querySelectorAll("[data-pp-search-filter]"));
    clear = dialog.querySelector("[data-pp-search-clear]");
    count = dialog.querySelector("[data-pp-search-filter-count]");

    buttons().forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", open);
    });
    dialog.querySelector("[data-pp-search-close]").addEventListener("click", function () {
      dialog.close();
    });
    // A click on the backdrop (outside the dialog's box) closes it.
    dialog.addEventListener("click", function (event) {
      if (event.target !== dialog) return;
      var box = dialog.getBoundingClientRect();
      var inside =
        event.clientX >= box.left &&
        event.clientX <= box.right &&
        event.clientY >= box.top &&
        event.clientY <= box.bottom;
      if (!inside) dialog.close();
    });
    dialog.addEventListener("close", function () {
      if (following) return; // the browser goes on to the result
      var shown = buttons().filter(function (button) {
        return button.offsetParent !== null;
      })[0];
      if (shown) shown.focus();
    });
    dialog.addEventListener("keydown", move);
    list.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("a")) {
        following = true;
        dialog.close();
      }
    });

    field.addEventListener("input", function () {
      var term = field.value.trim();
      if (term) {
        load()
          .then(function (pagefind) {
            pagefind.preload(term, { filters: searchFilters(chosenFilters().chosen) });
          })
          .catch(function () {});
      }
      later();
    });
    dialog.querySelector("[data-pp-search-form]").addEventListener("submit", function (event) {
      // Enter in the field: the first result, once it is there
      event.preventDefault();
      window.clearTimeout(timer);
      search().then(function () {
        var first = list.querySelector("a");
        if (first) {
          following = true;
          dialog.close();
          window.location.href = first.href;
        }
      });
    });
    filters.addEventListener("toggle", function () {
      if (filters.open) loadFilters();
    });
    selects.forEach(function (select) {
      select.addEventListener("change", search);
    });
    clear.addEventListener("click", function () {
      selects.forEach(function (select) {
        select.value = "";
      });
      search();
    });

    document.addEventListener("keydown", function (event) {
      if (dialog.open || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key !== "/" && event.key !== "s" && event.key !== "f") return;
      if (typing(event.target)) return;
      event.preventDefault();
      open();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
