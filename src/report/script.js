// rules report: sorting and filtering of the organizations' table. The page
// reads the same without it; nothing here fetches anything.
(function () {
  "use strict";
  function cellValue(row, index) {
    var cell = row.cells[index];
    var value = cell.getAttribute("data-value");
    return value === null ? cell.textContent.trim() : value;
  }
  function compare(a, b, numeric) {
    if (numeric) { return parseFloat(a) - parseFloat(b); }
    return a < b ? -1 : a > b ? 1 : 0;
  }
  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    var body = table.tBodies[0];
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, index) {
      var label = th.textContent;
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = label;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = th.hasAttribute("data-numeric");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var order = compare(cellValue(a, index), cellValue(b, index), numeric);
          if (order === 0) { order = parseInt(a.getAttribute("data-order"), 10) - parseInt(b.getAttribute("data-order"), 10); return order; }
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
    var filter = document.getElementById(table.getAttribute("data-filter"));
    if (filter) {
      var input = filter.querySelector("input");
      var count = filter.querySelector("output");
      filter.hidden = false;
      input.addEventListener("input", function () {
        var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
        var shown = 0;
        Array.prototype.forEach.call(body.rows, function (row) {
          var text = row.textContent.toLowerCase();
          var keep = words.every(function (w) { return text.indexOf(w) >= 0; });
          row.hidden = !keep;
          if (keep) { shown += 1; }
        });
        count.textContent = shown + " of " + body.rows.length + " shown";
      });
    }
  });
})();
