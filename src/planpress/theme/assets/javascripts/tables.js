/* planpress: filter and sort the tables of actions.
 *
 * Served by the site itself (no CDN) and needed by nothing: without it, every table is there in
 * full, in the order the plan gives. With it, each set of action tables gets a small form to
 * show only the actions of a status, delivery flag (overdue, start missed...), theme, sub-group
 * or owner, and each column heading becomes
 * a button that sorts its table. The values come from the data-* attributes that
 * render/templates/_parts.html puts on every row (ids, and the names to show).
 */
(function () {
  "use strict";

  var FILTERS = [
    { key: "status", label: "Status" },
    // An action may carry several flags: data-flags holds their ids, space-separated, and
    // data-flags-name their names, separated by ";".
    { key: "flags", label: "Delivery", several: true },
    { key: "theme", label: "Theme" },
    { key: "group", label: "Sub-group" },
    { key: "owner", label: "Owner" },
    // Re-baselined: its dates or budget have moved since the first approved version held it.
    { key: "baseline", label: "Baseline" },
  ];
  var collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });
  var forms = 0;

  function rowsOf(table) {
    return Array.prototype.slice.call(table.tBodies[0] ? table.tBodies[0].rows : []);
  }

  function isActionTable(table) {
    var rows = rowsOf(table);
    return rows.length > 0 && rows.every(function (row) {
      return row.hasAttribute("data-status");
    });
  }

  function plural(count, one, many) {
    return count + " " + (count === 1 ? one : many);
  }

  /* ── Sorting: a button in each column heading; aria-sort says the order ──────────── */

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    if (cell.hasAttribute("data-sort")) return cell.getAttribute("data-sort");
    return cell.textContent.replace(/\s+/g, " ").trim();
  }

  function sortTable(table, index, direction) {
    var body = table.tBodies[0];
    var rows = rowsOf(table).map(function (row, position) {
      return { row: row, value: cellValue(row, index), position: position };
    });
    rows.sort(function (a, b) {
      // Empty values (an action with no due date, say) go last in either direction.
      if (!a.value !== !b.value) return a.value ? -1 : 1;
      var order = collator.compare(a.value, b.value) * direction;
      return order || a.position - b.position;
    });
    rows.forEach(function (item) {
      body.appendChild(item.row);
    });
  }

  function makeSortable(table) {
    if (table.hasAttribute("data-pp-sortable")) return;
    table.setAttribute("data-pp-sortable", "");
    var headings = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headings, function (heading, index) {
      var name = heading.textContent.trim();
      var button = document.createElement("button");
      button.type = "button";
      button.className = "pp-sort";
      var text = document.createElement("span");
      text.textContent = name;
      var arrow = document.createElement("span");
      arrow.className = "pp-sort__arrow";
      arrow.setAttribute("aria-hidden", "true");
      arrow.textContent = "\u2195";
      button.appendChild(text);
      button.appendChild(arrow);
      heading.textContent = "";
      heading.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = heading.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headings, function (other) {
          other.removeAttribute("aria-sort");
          var otherArrow = other.querySelector(".pp-sort__arrow");
          if (otherArrow) otherArrow.textContent = "\u2195";
        });
        heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        arrow.textContent = ascending ? "\u2191" : "\u2193";
        sortTable(table, index, ascending ? 1 : -1);
      });
    });
    if (table.caption) {
      var hint = document.createElement("span");
      hint.className = "pp-visually-hidden";
      hint.textContent = " (select a column heading to sort)";
      table.caption.appendChild(hint);
    }
  }

  /* ── Filtering: one form for each set of tables ─────────────────────────────────── */

  function valuesOf(row, key, several) {
    var value = row.getAttribute("data-" + key) || "";
    return several ? value.split(" ") : [value];
  }

  function optionsFor(rows, key, several) {
    var names = {};
    rows.forEach(function (row) {
      var ids = valuesOf(row, key, several);
      var shown = (row.getAttribute("data-" + key + "-name") || "").split(several ? ";" : "\u0000");
      ids.forEach(function (id, index) {
        names[id] = shown[index] || id;
      });
    });
    return Object.keys(names)
      .map(function (id) {
        return { id: id, name: names[id] || id };
      })
      .sort(function (a, b) {
        return collator.compare(a.name, b.name);
      });
  }

  /* A table's caption says how many of its rows a filter leaves. */
  function showCount(table, visible, filtering) {
    var caption = table.caption;
    if (!caption) return;
    var note = caption.querySelector(".pp-caption-shown");
    if (!note) {
      note = document.createElement("span");
      note.className = "pp-caption-shown";
      caption.insertBefore(note, caption.querySelector(".pp-visually-hidden"));
    }
    note.textContent = filtering ? ": " + visible + " shown" : "";
  }

  function addFilter(container, tables) {
    var rows = [];
    tables.forEach(function (table) {
      rows = rows.concat(rowsOf(table));
    });
    var ids = {};
    rows.forEach(function (row) {
      ids[row.querySelector("th") ? row.querySelector("th").textContent.trim() : ""] = true;
    });
    var total = Object.keys(ids).length;
    var filters = FILTERS.filter(function (filter) {
      return optionsFor(rows, filter.key, filter.several).length > 1;
    });
    if (!filters.length) return;

    forms += 1;
    var prefix = "pp-filter-" + forms;
    var form = document.createElement("form");
    form.className = "pp-filter";
    var fieldset = document.createElement("fieldset");
    fieldset.className = "pp-filter__fields";
    var legend = document.createElement("legend");
    legend.textContent = "Show only the actions of";
    fieldset.appendChild(legend);

    var selects = filters.map(function (filter) {
      var field = document.createElement("div");
      field.className = "pp-filter__field";
      var label = document.createElement("label");
      label.setAttribute("for", prefix + "-" + filter.key);
      label.textContent = filter.label;
      var select = document.createElement("select");
      select.id = prefix + "-" + filter.key;
      select.name = filter.key;
      var all = document.createElement("option");
      all.value = "";
      all.textContent = "All";
      select.appendChild(all);
      select.setAttribute("data-several", filter.several ? "true" : "");
      optionsFor(rows, filter.key, filter.several).forEach(function (option) {
        var element = document.createElement("option");
        element.value = option.id;
        element.textContent = option.name;
        select.appendChild(element);
      });
      field.appendChild(label);
      field.appendChild(select);
      fieldset.appendChild(field);
      return select;
    });

    var reset = document.createElement("button");
    reset.type = "reset";
    reset.textContent = "Show all";
    fieldset.appendChild(reset);

    var count = document.createElement("p");
    count.className = "pp-filter__count";
    count.setAttribute("role", "status");
    fieldset.appendChild(count);
    form.appendChild(fieldset);

    function apply() {
      var filtering = selects.some(function (select) {
        return select.value;
      });
      var shown = {};
      tables.forEach(function (table) {
        var visible = 0;
        rowsOf(table).forEach(function (row) {
          var match = selects.every(function (select) {
            var several = select.getAttribute("data-several") === "true";
            return !select.value || valuesOf(row, select.name, several).indexOf(select.value) !== -1;
          });
          row.hidden = !match;
          if (match) {
            visible += 1;
            shown[row.querySelector("th") ? row.querySelector("th").textContent.trim() : ""] = true;
          }
        });
        showCount(table, visible, filtering);
        var wrap = table.closest(".pp-table-wrap") || table;
        wrap.hidden = visible === 0;
        // The link to a group's page, just before its table, goes with the table.
        var before = wrap.previousElementSibling;
        if (before && before.classList.contains("pp-table-link")) before.hidden = visible === 0;
      });
      var shownCount = Object.keys(shown).length;
      count.textContent = filtering
        ? "Showing " + shownCount + " of " + plural(total, "action", "actions") + "."
        : "Showing all " + plural(total, "action", "actions") + ".";
    }

    form.addEventListener("change", apply);
    form.addEventListener("reset", function () {
      window.setTimeout(apply, 0);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    // Counted before the form is on the page, so that screen readers do not announce the
    // count of every form as the page loads, only its changes.
    apply();
    container.parentNode.insertBefore(form, container);
  }

  // A table's frame that scrolls sideways (on a phone) can be reached and scrolled with the
  // keyboard: it takes focus and is named by its table's caption (WCAG 2.1.1).
  function focusableFrames() {
    var frames = document.querySelectorAll(".md-typeset .pp-table-wrap, .md-typeset .md-typeset__scrollwrap");
    Array.prototype.forEach.call(frames, function (frame) {
      if (frame.hasAttribute("data-pp-frame")) {
        if (frame.getAttribute("data-pp-frame") === "set") return;
      }
      var scrolls = frame.scrollWidth > frame.clientWidth + 1;
      var ours = frame.getAttribute("data-pp-frame") === "added";
      if (scrolls && !frame.hasAttribute("tabindex")) {
        var caption = frame.querySelector("caption");
        frame.setAttribute("tabindex", "0");
        frame.setAttribute("role", "region");
        if (!frame.hasAttribute("aria-label") && !frame.hasAttribute("aria-labelledby")) {
          frame.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table");
        }
        frame.setAttribute("data-pp-frame", "added");
      } else if (!scrolls && ours) {
        frame.removeAttribute("tabindex");
        frame.removeAttribute("role");
        frame.removeAttribute("aria-label");
        frame.removeAttribute("data-pp-frame");
      } else if (frame.hasAttribute("tabindex") && !ours) {
        frame.setAttribute("data-pp-frame", "set");  // the template made it focusable
      }
    });
  }

  function setUp() {
    focusableFrames();
    window.addEventListener("resize", focusableFrames);
    // Material wraps plain tables in frames of its own as the page starts: look again then.
    window.addEventListener("load", focusableFrames);
    var done = [];
    // A set of action tables shares one form; a table on its own has its own.
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset table"), function (table) {
      if (!isActionTable(table)) return;
      makeSortable(table);
      var container = table.closest(".pp-action-tables") || table.closest(".pp-table-wrap") || table;
      if (done.indexOf(container) === -1) done.push(container);
    });
    // Where a page lists the same actions in several sets (by theme, by group, by owner), one
    // form, before the first set, filters them all: the reader chooses once.
    var sets = done.filter(function (container) {
      return container.classList && container.classList.contains("pp-action-tables");
    });
    if (sets.length > 1) {
      done = [sets].concat(done.filter(function (container) {
        return sets.indexOf(container) === -1;
      }));
    }
    done.forEach(function (container) {
      var group = Array.isArray(container) ? container : [container];
      var first = group[0];
      if (first.hasAttribute("data-pp-filtered")) return;
      var tables = [];
      group.forEach(function (each) {
        each.setAttribute("data-pp-filtered", "");
        tables = tables.concat(each.tagName === "TABLE" ? [each] : Array.prototype.filter.call(
          each.querySelectorAll("table"),
          isActionTable
        ));
      });
      addFilter(first, tables);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
