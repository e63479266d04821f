// Class filter for the code tables: buttons that keep only the rows used in one class.
// Without JavaScript every row stays visible; the class pages list the same codes.
"use strict";

(function () {
  const FRENCH = (document.documentElement.lang || "").startsWith("fr");
  const CLASSES = FRENCH ? [
    ["all", "Toutes les classes"],
    ["2", "2 succès"],
    ["3", "3 intermédiaire"],
    ["4", "4 temporaire"],
    ["5", "5 définitif"],
  ] : [
    ["all", "All classes"],
    ["2", "2 success"],
    ["3", "3 intermediate"],
    ["4", "4 transient"],
    ["5", "5 permanent"],
  ];
  const LABEL = FRENCH ? "Afficher les codes d'une classe" : "Show the codes of one class";

  function classColumn(table) {
    const headers = Array.from(table.querySelectorAll("thead th"));
    return headers.findIndex((th) => /^Class(es|e)?$/.test(th.textContent.trim()));
  }

  function apply(choice) {
    document.querySelectorAll("table.code-table").forEach((table) => {
      const column = classColumn(table);
      let shown = 0;
      table.querySelectorAll("tbody tr").forEach((row) => {
        const cell = row.children[column];
        const digits = cell ? cell.textContent.match(/[2-5]/g) || [] : [];
        const keep = choice === "all" || digits.includes(choice);
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      table.hidden = shown === 0;
    });
    document.querySelectorAll(".code-filter button").forEach((button) => {
      button.setAttribute("aria-pressed", String(button.dataset.class === choice));
    });
  }

  function addFilter() {
    // The page asks for the filter with a "code-filter" container (see codes/index).
    const bar = document.querySelector("div.code-filter");
    if (!bar) return;
    bar.replaceChildren();
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", LABEL);
    CLASSES.forEach(([value, label]) => {
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.class = value;
      button.textContent = label;
      button.addEventListener("click", () => apply(value));
      bar.appendChild(button);
    });
    apply("all");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addFilter);
  } else {
    addFilter();
  }
})();
