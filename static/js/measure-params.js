// The indicator form: show only the settings the chosen measure takes (progressive enhancement — without scripts
// every setting stays visible with the list of measures it applies to; the server keeps only the measure's own).
(() => {
  const box = document.getElementById("measure-params");
  if (!box) return;
  const form = box.closest("form");
  const measure = form.querySelector("select[name=measure]");
  const preset = form.querySelector("select[name=preset]");
  const measureOf = preset && preset.dataset.measureOf ? JSON.parse(preset.dataset.measureOf) : {};
  const hint = box.querySelector("[data-params-hint]");
  const baseHint = hint ? hint.textContent : "";
  box.classList.add("filtered"); // the list of measures under each setting is for the page without scripts

  function current() {
    if (preset && preset.value) return measureOf[preset.value] || "";
    return measure ? measure.value : "";
  }

  function update() {
    const code = current();
    let shown = 0;
    box.querySelectorAll("[data-param-for]").forEach((el) => {
      const on = code !== "" && el.dataset.paramFor.split(" ").includes(code);
      el.hidden = !on;
      if (on) shown += 1;
    });
    if (hint) {
      hint.textContent = code === "" ? "Выберите меру или показатель из библиотеки — здесь появятся его настройки."
        : shown === 0 ? "У этой меры нет настроек." : baseHint;
    }
  }

  form.addEventListener("change", (event) => {
    if (event.target === measure || event.target === preset) update();
  });
  update();
})();
