// Drag and drop onto the upload form: the dropped file goes into the form's own file input.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-dropzone]").forEach((form) => {
    const area = form.querySelector("[data-dropzone-area]");
    const input = form.querySelector("input[type=file]");
    const name = form.querySelector("[data-dropzone-name]");
    const show = () => { name.textContent = input.files.length ? "Выбран файл: " + input.files[0].name : ""; };
    input.addEventListener("change", show);
    ["dragenter", "dragover"].forEach((e) => area.addEventListener(e, (ev) => { ev.preventDefault(); area.classList.add("over"); }));
    ["dragleave", "drop"].forEach((e) => area.addEventListener(e, (ev) => { ev.preventDefault(); area.classList.remove("over"); }));
    area.addEventListener("drop", (ev) => { if (ev.dataTransfer.files.length) { input.files = ev.dataTransfer.files; show(); } });
  });
});
