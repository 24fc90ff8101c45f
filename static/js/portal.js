// Filters that apply as soon as a value is chosen: a <select data-autosubmit> submits its own form.
// (No inline handlers: the Content-Security-Policy allows scripts from the portal's static files only.)
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) select.form.requestSubmit();
});

// The menu's fold on a phone (CSS hides the panel below 760 px while the top bar is `collapsible` and not `open`).
const topbar = document.querySelector(".topbar");
const toggle = topbar && topbar.querySelector(".menu-toggle");
if (toggle) {
  topbar.classList.add("collapsible");
  toggle.hidden = false;
  toggle.addEventListener("click", () => {
    const open = topbar.classList.toggle("open");
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? "Закрыть меню" : "Меню";
  });
}
