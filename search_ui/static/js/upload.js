// Upload: drop or choose files, follow each one's job from the queue to the archive, see why one failed.
// Shown only to a caller whose key has the `ingest` scope.

import {api, uploadFiles} from "./api.js";
import {add, announce, errorBox, h, progressBar, setTitle} from "./dom.js";

const POLL_MS = 800;

const STAGES = {
  queued: "En cola",
  parsing: "Leyendo el archivo",
  extracting: "Extrayendo sesiones, personas y acuerdos",
  storing: "Guardando",
  indexing: "Indexando para la búsqueda",
  done: "Terminando",
};

const FORMATS_ACCEPTED =
  "Formato no reconocido: se aceptan PDF, Word (DOCX), HTML, Markdown, texto e imágenes escaneadas (PNG, JPEG, TIFF).";

export const REASONS = {
  empty_file: "El archivo está vacío.",
  file_too_large: "El archivo excede el tamaño permitido.",
  payload_too_large: "El archivo excede el tamaño permitido.",
  unknown_format: FORMATS_ACCEPTED,
  unsupported_format: FORMATS_ACCEPTED,
  corrupt_file: "El archivo está dañado o incompleto.",
  encrypted_file: "El PDF está protegido con contraseña.",
  no_text_layer: "Es una imagen escaneada y no se pudo leer su texto (OCR): vea el detalle.",
  no_text: "El archivo no contiene texto.",
  unreadable: "No se pudo leer el archivo.",
  invalid_input: "El archivo no es válido.",
};

function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export async function render(ctx) {
  setTitle("Subir documentos");
  add(ctx.main, h("h1", {className: "page-title"}, "Subir documentos"));
  if (!ctx.me.can_ingest) {
    add(ctx.main, h("div", {className: "notice"},
      h("p", {}, "Para subir documentos hace falta una clave de acceso con permiso de carga (ingest)."),
      h("p", {}, h("button", {type: "button", className: "primary", onclick: ctx.openSettings},
        "Escribir clave de acceso"))));
    return null;
  }
  const input = h("input", {type: "file", id: "archivos", multiple: true, className: "file-input",
    accept: [".pdf,.docx,.html,.htm,.md,.markdown,.txt,.png,.jpg,.jpeg,.tif,.tiff",
      "application/pdf,text/*,image/png,image/jpeg,image/tiff"].join(",")});
  const zone = h("div", {className: "dropzone"},
    input,
    h("label", {htmlFor: "archivos"},
      h("span", {className: "drop-title"}, "Arrastre aquí los archivos"),
      h("span", {}, " o "), h("span", {className: "button primary"}, "elija archivos"),
      h("span", {className: "hint"},
        "PDF, Word (DOCX), HTML, Markdown, texto o imágenes escaneadas (PNG, JPEG, TIFF). Puede elegir varios.")));
  const list = h("ol", {className: "upload-list", "aria-label": "Archivos enviados"});
  const batch = batchProgress();
  add(ctx.main, 
    h("p", {}, "Cada archivo se lee, se extraen sus sesiones, personas, acuerdos y programas, y queda disponible ",
      "en la búsqueda. El mismo contenido subido dos veces se guarda una sola vez."),
    zone, batch.node, list);

  const stopPage = (event) => event.preventDefault();
  document.addEventListener("dragover", stopPage);
  document.addEventListener("drop", stopPage);
  zone.addEventListener("dragenter", () => zone.classList.add("over"));
  zone.addEventListener("dragleave", (event) => {
    if (!zone.contains(event.relatedTarget)) zone.classList.remove("over");
  });
  zone.addEventListener("drop", (event) => {
    zone.classList.remove("over");
    const files = [...(event.dataTransfer ? event.dataTransfer.files : [])];
    if (files.length) send(files);
  });
  input.addEventListener("change", () => {
    const files = [...input.files];
    input.value = "";
    if (files.length) send(files);
  });

  async function send(files) {
    const rows = files.map((file) => {
      const row = fileRow(file);
      list.prepend(row.node);
      batch.add(row);
      return row;
    });
    rows.forEach((row) => row.set({state: "Enviando…", progress: 0}));
    let response;
    try {
      response = await uploadFiles(files, (pct) => rows.forEach((row) => row.set({state: "Enviando…", progress: pct})));
    } catch (error) {
      rows.forEach((row) => row.fail(REASONS[error.code] || error.message, error.detail));
      announce("No se pudo enviar los archivos.");
      return;
    }
    announce(`${files.length === 1 ? "Archivo enviado" : `${files.length} archivos enviados`}; procesando.`);
    response.items.forEach((item, i) => {
      const row = rows[i];
      if (!row) return;
      if (item.status === "rejected") {
        const error = item.error || {};
        row.fail(REASONS[error.code] || "El archivo no se aceptó.", error.detail);
      } else {
        follow(item.job_id, row);
      }
    });
  }

  async function follow(jobId, row) {
    while (!ctx.signal.aborted) {
      let job;
      try {
        job = await api(`/jobs/${encodeURIComponent(jobId)}`, {signal: ctx.signal});
      } catch (error) {
        if (error.name === "AbortError") return;
        row.fail(error.message, error.detail);
        return;
      }
      if (job.status === "complete" && job.searchable === false) {
        // Stored, but not in the search index yet: say so instead of "Listo".
        row.set({state: "Indexando para la búsqueda", progress: job.progress});
        batch.update();
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        continue;
      }
      if (job.status === "complete") {
        const result = job.result || {};
        row.done(result.status === "duplicate" ? "Ya estaba en el archivo" : "Listo: ya aparece en la búsqueda",
          result.document_id);
        announce(`${row.name}: ${result.status === "duplicate" ? "ya estaba en el archivo" : "listo"}.`);
        batch.update();
        return;
      }
      if (job.status === "failed") {
        const result = job.result || {};
        row.fail(REASONS[result.code] || "No se pudo procesar el archivo.", result.reason || job.error);
        announce(`${row.name}: error.`);
        batch.update();
        return;
      }
      // Scanned pages are read one by one (OCR, a few seconds each): say which.
      const state = job.pages > 1 && job.stage === "parsing" ? `Leyendo la página ${job.page} de ${job.pages}`
        : STAGES[job.stage] || "Procesando";
      row.set({state, progress: job.progress});
      batch.update();
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  return {
    destroy() {
      document.removeEventListener("dragover", stopPage);
      document.removeEventListener("drop", stopPage);
    },
  };
}

/** One bar for everything sent from this page: the mean progress of the files, and how many are done. */
function batchProgress() {
  const rows = [];
  const text = h("span", {className: "upload-state"});
  const bar = h("span", {className: "upload-bar"});
  const node = h("div", {className: "upload-batch", hidden: true}, h("strong", {}, "Avance del envío"), text, bar);
  return {
    node,
    add(row) {
      rows.push(row);
      this.update();
    },
    update() {
      if (!rows.length) return;
      node.hidden = false;
      const finished = rows.filter((r) => r.finished()).length;
      const mean = rows.reduce((sum, r) => sum + r.progress(), 0) / rows.length;
      text.textContent = ` ${finished} de ${rows.length} archivos terminados`;
      bar.replaceChildren(progressBar(mean, "Avance del envío"));
    },
  };
}

function fileRow(file) {
  const state = h("span", {className: "upload-state"});
  const bar = h("span", {className: "upload-bar"});
  const extra = h("div", {className: "upload-extra"});
  const node = h("li", {className: "upload-item"},
    h("div", {className: "upload-head"}, h("strong", {className: "upload-name"}, file.name),
      h("span", {className: "muted"}, ` ${size(file.size)}`)), state, bar, extra);
  let current = 0;
  return {
    name: file.name,
    node,
    progress: () => current,
    finished: () => node.dataset.state === "done" || node.dataset.state === "error",
    set({state: text, progress}) {
      current = progress || 0;
      state.textContent = text;
      bar.replaceChildren(progressBar(progress, `Avance de ${file.name}`));
      node.dataset.state = "working";
    },
    done(text, documentId) {
      current = 100;
      state.textContent = text;
      bar.replaceChildren(progressBar(100, `Avance de ${file.name}`));
      node.dataset.state = "done";
      if (documentId) extra.replaceChildren(h("a", {href: `#/documento/${documentId}`}, "Abrir el documento"));
    },
    fail(message, detail) {
      current = 100;
      state.textContent = "Error";
      bar.replaceChildren();
      node.dataset.state = "error";
      extra.replaceChildren(errorBox({message, detail}));
    },
  };
}
