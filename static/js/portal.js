// Filters that apply as soon as a value is chosen: a <select data-autosubmit> submits its own form.
// (No inline handlers: the Content-Security-Policy allows scripts from the portal's static files only.)
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) select.form.requestSubmit();
});
