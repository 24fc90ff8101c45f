// A long list of checkboxes with a search field: <fieldset data-select-filter> holding labelled checkboxes gets an
// input above the list that hides the options whose text does not match, and a count of the checked ones.
// Progressive enhancement: without scripts the checkboxes work as they are (CSP: no inline handlers).
(() => {
  const norm = (s) => s.toLocaleLowerCase("ru").replace(/ё/g, "е").replace(/\s+/g, " ").trim();

  document.querySelectorAll("[data-select-filter]").forEach((box) => {
    const options = Array.from(box.querySelectorAll("input[type=checkbox]")).map((input) => {
      const row = input.closest("label")?.parentElement || input.parentElement;
      return { input, row, text: norm(row.textContent || "") };
    });
    if (!options.length) return;

    const bar = document.createElement("div");
    bar.className = "select-filter-bar";
    const search = document.createElement("input");
    search.type = "search";
    search.placeholder = box.dataset.placeholder || "Найти";
    search.setAttribute("aria-label", search.placeholder);
    const status = document.createElement("span");
    status.className = "muted small";
    status.setAttribute("aria-live", "polite");
    bar.append(search, status);
    const list = box.querySelector(".check-scroll") || options[0].row.parentElement;
    list.before(bar);

    function update() {
      const words = norm(search.value).split(" ").filter(Boolean);
      let shown = 0;
      options.forEach((o) => {
        const match = words.every((w) => o.text.includes(w));
        o.row.hidden = !match;
        if (match) shown += 1;
      });
      const checked = options.filter((o) => o.input.checked).length;
      status.textContent = `Отмечено: ${checked} из ${options.length}` + (words.length ? `; найдено: ${shown}` : "");
    }

    search.addEventListener("input", update);
    // Enter in the search field must not submit the form.
    search.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault();
    });
    box.addEventListener("change", update);
    update();
  });
})();
