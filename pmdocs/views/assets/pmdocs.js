/* pmdocs: sortable, filterable tables and the roadmap timeline's filters and zoom.
 * Plain JavaScript, no dependencies.
 *
 * A table with `data-pmdocs-interactive` gets a filter bar (free text, and a
 * select for each header marked `data-filter`) and sortable headers. Without
 * JavaScript the table is an ordinary table.
 *
 * The roadmap timeline comes with its controls (hidden, in the page's language)
 * and its other zoom levels as <template>s; this shows the controls, hides the
 * bars and markers a filter leaves out and swaps in the chart of a zoom level.
 * Without JavaScript the chart of the roadmap window is shown, whole.
 *
 * Works with Material's instant navigation: `document$` fires for every page it
 * swaps in.
 */
(function () {
  "use strict";

  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  var labels = {
    en: { search: "Filter", all: "All", shown: "shown", sort: "Sort by" },
    zh: { search: "筛选", all: "全部", shown: "条显示", sort: "排序：" }
  };

  function text(cell) {
    return (cell.getAttribute("data-sort") || cell.textContent || "").trim();
  }

  function language(table) {
    return labels[table.getAttribute("data-language")] || labels.en;
  }

  function rowsOf(table) {
    return Array.prototype.slice.call(table.tBodies[0] ? table.tBodies[0].rows : []);
  }

  function makeSortable(table, apply) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (header, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "pmdocs-sort";
      button.setAttribute("aria-label", language(table).sort + " " + header.textContent.trim());
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      header.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.setAttribute("aria-sort", "none"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = rowsOf(table);
        rows.sort(function (a, b) {
          var order = collator.compare(text(a.cells[index]), text(b.cells[index]));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { table.tBodies[0].appendChild(row); });
        apply();
      });
    });
  }

  function makeSelect(table, header, index, words) {
    var values = {};
    rowsOf(table).forEach(function (row) {
      var value = row.cells[index] ? row.cells[index].textContent.trim() : "";
      if (value) values[value] = true;
    });
    var select = document.createElement("select");
    select.className = "pmdocs-filter__select";
    select.setAttribute("aria-label", header.textContent.trim());
    select.setAttribute("data-column", String(index));
    var all = document.createElement("option");
    all.value = "";
    all.textContent = header.textContent.trim() + ": " + words.all;
    select.appendChild(all);
    Object.keys(values).sort(collator.compare).forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value;
      select.appendChild(option);
    });
    return select;
  }

  function enhance(table) {
    if (table.getAttribute("data-pmdocs-ready")) return;
    table.setAttribute("data-pmdocs-ready", "true");
    var words = language(table);
    var bar = document.createElement("div");
    bar.className = "pmdocs-filter";
    var search = document.createElement("input");
    search.type = "search";
    search.className = "pmdocs-filter__text";
    search.placeholder = words.search + "…";
    search.setAttribute("aria-label", words.search);
    bar.appendChild(search);
    var selects = [];
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (header, index) {
      if (header.hasAttribute("data-filter")) {
        var select = makeSelect(table, header, index, words);
        selects.push(select);
        bar.appendChild(select);
      }
    });
    var count = document.createElement("span");
    count.className = "pmdocs-filter__count";
    count.setAttribute("aria-live", "polite");
    bar.appendChild(count);

    function apply() {
      var query = search.value.trim().toLowerCase();
      var shown = 0;
      rowsOf(table).forEach(function (row) {
        var visible = !query || row.textContent.toLowerCase().indexOf(query) >= 0;
        selects.forEach(function (select) {
          var cell = row.cells[Number(select.getAttribute("data-column"))];
          if (select.value && (!cell || cell.textContent.trim() !== select.value)) visible = false;
        });
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      count.textContent = shown + " / " + rowsOf(table).length + " " + words.shown;
    }

    search.addEventListener("input", apply);
    selects.forEach(function (select) { select.addEventListener("change", apply); });
    var wrap = table.closest(".pmdocs-table-wrap") || table;
    wrap.parentNode.insertBefore(bar, wrap);
    makeSortable(table, apply);
    apply();
  }

  function enhanceTimeline(figure) {
    var controls = figure.querySelector(".pmdocs-tl-controls");
    var scroll = figure.querySelector(".pmdocs-timeline__scroll");
    var current = scroll && scroll.querySelector(".pmdocs-timeline__canvas");
    if (!controls || !current || figure.getAttribute("data-pmdocs-ready")) return;
    figure.setAttribute("data-pmdocs-ready", "true");
    var canvases = {};
    canvases[current.getAttribute("data-zoom")] = current;
    var selects = Array.prototype.slice.call(controls.querySelectorAll("select[data-tl-filter]"));
    var buttons = Array.prototype.slice.call(controls.querySelectorAll("button[data-tl-zoom]"));
    var count = controls.querySelector(".pmdocs-tl-controls__count");

    function apply() {
      var items = current.querySelectorAll("svg.pmdocs-tl a[data-id]");
      var shown = 0;
      Array.prototype.forEach.call(items, function (item) {
        var visible = selects.every(function (select) {
          var key = "data-" + select.getAttribute("data-tl-filter");
          return select.value === "*" || item.getAttribute(key) === select.value;
        });
        item.classList.toggle("pmdocs-tl__item--filtered", !visible);
        if (visible) shown += 1;
      });
      closeUp(shown < items.length);
      if (count) {
        count.textContent = (count.getAttribute("data-text") || "")
          .replace("{shown}", String(shown)).replace("{total}", String(items.length));
      }
    }

    // Lanes a filter leaves empty are closed up, in the chart and in its lane names,
    // so that a theme's bars are not a long scroll away.
    function closeUp(filtered) {
      var chart = current.querySelector("svg.pmdocs-tl");
      var lanes = chart.querySelectorAll(":scope > g.pmdocs-tl__lane");
      var empty = Array.prototype.map.call(lanes, function (lane) {
        return filtered && !lane.querySelector("a[data-id]:not(.pmdocs-tl__item--filtered)");
      });
      var edge = current.querySelector(".pmdocs-timeline__names svg");
      [chart, edge].forEach(function (svg) {
        if (!svg) return;
        var box = svg.viewBox.baseVal;
        if (!svg.hasAttribute("data-full-height")) {
          svg.setAttribute("data-full-height", String(box.height));
        }
        var removed = 0;
        Array.prototype.forEach.call(svg.querySelectorAll(":scope > g.pmdocs-tl__lane"), function (lane, i) {
          lane.style.display = empty[i] ? "none" : "";
          if (removed) lane.setAttribute("transform", "translate(0 " + -removed + ")");
          else lane.removeAttribute("transform");
          if (empty[i]) removed += Number(lane.getAttribute("data-height"));
        });
        var footer = svg.querySelector(":scope > g.pmdocs-tl__footer");
        if (footer && removed) footer.setAttribute("transform", "translate(0 " + -removed + ")");
        else if (footer) footer.removeAttribute("transform");
        var height = Number(svg.getAttribute("data-full-height")) - removed;
        svg.setAttribute("viewBox", [box.x, box.y, box.width, height].join(" "));
        svg.setAttribute("height", String(height));
      });
    }

    function marked() {
      figure.classList.toggle("pmdocs-timeline--scrolled", scroll.scrollLeft > 0);
    }

    // A chart wider than its box starts before today: scroll so that today is in view.
    function showToday() {
      var line = current.querySelector("svg.pmdocs-tl [data-today]");
      if (!line) return;
      var x = line.getBoundingClientRect().left - current.getBoundingClientRect().left;
      var names = current.querySelector(".pmdocs-timeline__names");
      var left = names ? names.getBoundingClientRect().width : 0;  // kept over the chart
      var spot = left + (scroll.clientWidth - left) / 3;
      scroll.scrollLeft = x > scroll.clientWidth * 0.6 ? x - spot : 0;
    }

    function zoom(name) {
      if (!canvases[name]) {
        var template = figure.querySelector('template[data-zoom="' + name + '"]');
        var canvas = template && template.content.querySelector(".pmdocs-timeline__canvas");
        if (!canvas) return;
        canvases[name] = document.importNode(canvas, true);
      }
      scroll.replaceChild(canvases[name], current);
      current = canvases[name];
      figure.setAttribute("data-zoom", name);
      buttons.forEach(function (button) {
        var pressed = button.getAttribute("data-tl-zoom") === name;
        button.setAttribute("aria-pressed", pressed ? "true" : "false");
      });
      apply();
      showToday();
      marked();
    }

    selects.forEach(function (select) { select.addEventListener("change", apply); });
    buttons.forEach(function (button) {
      button.addEventListener("click", function () { zoom(button.getAttribute("data-tl-zoom")); });
    });
    scroll.addEventListener("scroll", marked, { passive: true });
    controls.hidden = false;
    apply();
    showToday();  // on a phone the window's first quarter is behind today: start at today
    marked();
  }

  function init() {
    document.querySelectorAll("table[data-pmdocs-interactive]").forEach(enhance);
    document.querySelectorAll("figure.pmdocs-timeline").forEach(enhanceTimeline);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
