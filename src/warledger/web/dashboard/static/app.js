// warledger dashboard: a little progressive enhancement, nothing the pages need to work.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Drop empty filter fields so shared links stay short and readable.
  for (const form of document.querySelectorAll("form.filters")) {
    form.addEventListener("submit", () => {
      for (const field of form.querySelectorAll("input, select")) {
        if (!field.value) field.disabled = true;
      }
    });
  }

  // A whole claim row opens its evidence, not only the sentence link.
  for (const row of document.querySelectorAll("tr.claim-row[data-href]")) {
    row.addEventListener("click", (event) => {
      if (event.target.closest("a")) return;
      window.location.href = row.dataset.href;
    });
  }

  // Bring the highlighted evidence sentence into view on an article page.
  const evidence = document.getElementById("evidence");
  if (evidence) {
    evidence.scrollIntoView({ block: "center" });
    evidence.focus({ preventScroll: true });
  }

  // On a narrow screen a map scrolls sideways: start with its middle (the places) in view.
  for (const box of document.querySelectorAll(".chart-scroll")) {
    if (box.querySelector("svg.map") && box.scrollWidth > box.clientWidth) {
      box.scrollLeft = (box.scrollWidth - box.clientWidth) / 2;
    }
  }

  // Click a column heading to sort a table (numbers numerically).
  // Each heading becomes a button, so the keyboard can sort as well as the mouse.
  for (const table of document.querySelectorAll("table.sortable")) {
    table.querySelectorAll("th").forEach((th, index) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "th-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", () => sortBy(table, index, th));
    });
  }
});

function sortBy(table, index, th) {
  const body = table.tBodies[0];
  if (!body) return;
  const ascending = th.dataset.order !== "asc";
  for (const other of table.querySelectorAll("th")) {
    delete other.dataset.order;
    other.removeAttribute("aria-sort");
  }
  th.dataset.order = ascending ? "asc" : "desc";
  th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  const key = (row) => {
    const text = (row.cells[index] ? row.cells[index].textContent : "").trim();
    const number = parseFloat(text.replace(/[^0-9.\-]/g, ""));
    return /^[\d.\-–≤ ]+$/.test(text) && !Number.isNaN(number) ? number : text.toLowerCase();
  };
  const rows = Array.from(body.rows);
  rows.sort((a, b) => {
    const x = key(a), y = key(b);
    if (x === y) return 0;
    return (x < y ? -1 : 1) * (ascending ? 1 : -1);
  });
  for (const row of rows) body.appendChild(row);
}
