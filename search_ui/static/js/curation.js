// Corrections (for keys with the "edit" scope): a panel on the document, person, program and agreement pages,
// the audit page (#/correcciones) and the keys page for administrators (#/claves).
// Every change goes through the API (ingest/curation on the server), which records who, when, before and after.

import {api} from "./api.js";
import {add, announce, errorBox, formatDate, h, plural, setTitle, vocabulary} from "./dom.js";

let uid = 0;
function field(label, input, hint) {
  const id = input.id || `c${++uid}`;
  input.id = id;
  return h("p", {className: "field"}, h("label", {htmlFor: id}, label), input,
    hint ? h("span", {className: "hint"}, hint) : null);
}

function noteField() {
  return field("Nota (por qué)", h("input", {type: "text", name: "note", maxLength: 500}));
}

/** A small form that calls the API, says the outcome in Spanish and reloads the page after success. */
function action(ctx, {legend, fields = [], button, danger = false, run, after}) {
  const status = h("p", {className: "curation-status", role: "status"});
  const form = h("form", {className: "curation-form"},
    h("fieldset", {}, h("legend", {}, legend), ...fields,
      h("p", {}, h("button", {type: "submit", className: danger ? "danger" : "primary"}, button)), status));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.replaceChildren("Guardando…");
    try {
      const correction = await run(new FormData(form));
      status.replaceChildren(`Hecho: corrección n.º ${correction.id} registrada.`);
      announce(`Corrección ${correction.id} registrada`);
      if (after) after(correction);
      else setTimeout(() => ctx.reload(), 300);
    } catch (error) {
      status.replaceChildren(errorBox(error, ctx.openSettings));
    }
  });
  return form;
}

function panel(title, ...forms) {
  return h("details", {className: "curation no-print"},
    h("summary", {}, title),
    h("p", {className: "hint"}, "Cada corrección queda registrada (quién, cuándo, antes y después) en ",
      h("a", {href: "#/correcciones"}, "Correcciones"), " y se mantiene aunque se vuelvan a vincular los datos."),
    ...forms);
}

function text(name, value = "", props = {}) {
  return h("input", {type: "text", name, value: value || "", ...props});
}

function select(name, options, current) {
  return h("select", {name}, options.map(([value, label]) => h("option", {value, selected: value === current}, label)));
}

function note(form) {
  return (form.get("note") || "").trim() || null;
}

// --- document --------------------------------------------------------------------------------------------

export function documentPanel(ctx, doc) {
  const types = vocabulary.doc_types.map((t) => [t.value, t.label]);
  // The bodies already in the archive, offered as the body field's suggestions.
  const bodies = h("datalist", {id: `organos-${doc.id}`});
  api("/overview", {params: {recent: 1}}).then((data) => bodies.replaceChildren(...data.bodies.map((b) =>
    h("option", {value: b})))).catch(() => {});
  const edit = action(ctx, {
    legend: "Datos del documento",
    fields: [
      field("Título", text("title", doc.title)),
      field("Fecha", h("input", {type: "date", name: "date", value: doc.date || ""})),
      field("Tipo", select("doc_type", types, doc.doc_type)),
      field("Institución", text("institution", doc.institution)),
      field("Órgano", text("body", doc.body, {list: `organos-${doc.id}`}), "Por ejemplo: Junta Directiva, Consejo Consultivo."),
      bodies,
      noteField(),
    ],
    button: "Guardar datos",
    run: (form) => {
      const changes = {};
      for (const name of ["title", "date", "doc_type", "institution", "body"]) {
        const value = (form.get(name) || "").trim() || null;
        if (value !== (doc[name] || null)) changes[name] = value;
      }
      if (!Object.keys(changes).length) {
        return Promise.reject({message: "No cambió ningún dato."});
      }
      return api(`/documents/${doc.id}`, {method: "PATCH", json: {...changes, note: note(form)}});
    },
  });
  const remove = action(ctx, {
    legend: "Eliminar el documento",
    fields: [
      h("p", {className: "hint"}, "Se eliminan el documento, lo extraído de él, sus pasajes en la búsqueda y el " +
        "archivo guardado. Si se vuelve a subir el mismo archivo, no se incorpora."),
      field("Escriba ELIMINAR para confirmar", text("confirm", "", {autocomplete: "off"})),
      noteField(),
    ],
    button: "Eliminar documento",
    danger: true,
    run: (form) => {
      if ((form.get("confirm") || "").trim().toUpperCase() !== "ELIMINAR") {
        return Promise.reject({message: "Escriba ELIMINAR para confirmar."});
      }
      return api(`/documents/${doc.id}`, {method: "DELETE", params: {note: note(form)}});
    },
    after: () => setTimeout(() => ctx.go("#/correcciones"), 300),
  });
  return panel("Corregir este documento", edit, remove);
}

// --- people and programs -------------------------------------------------------------------------------

async function others(path, selfId) {
  const page = await api(path, {params: {limit: 200}});
  return page.items.filter((item) => item.id !== selfId)
    .sort((a, b) => a.name.localeCompare(b.name, "es"))
    .map((item) => [String(item.id), item.acronym ? `${item.name} (${item.acronym})` : item.name]);
}

function verdicts(ctx, base, noun) {
  return [
    action(ctx, {legend: `Confirmar ${noun}`, fields: [noteField()], button: "Confirmar",
      run: (form) => api(`${base}/confirm`, {method: "POST", json: {note: note(form)}})}),
    action(ctx, {legend: `Descartar ${noun}`, danger: true,
      fields: [h("p", {className: "hint"}, `Si no es ${noun} real (un error de lectura), se quita con sus menciones.`),
        noteField()],
      button: "Descartar",
      run: (form) => api(`${base}/dismiss`, {method: "POST", json: {note: note(form)}}),
      after: () => setTimeout(() => ctx.go("#/correcciones"), 300)}),
  ];
}

export async function personPanel(ctx, person) {
  const base = `/people/${person.id}`;
  const choices = await others("/people", person.id).catch(() => []);
  const names = (person.names || []).map((n) =>
    h("label", {className: "check"}, h("input", {type: "checkbox", name: "name_id", value: String(n.id)}), ` ${n.name}`));
  return panel("Corregir esta persona",
    action(ctx, {legend: "Cambiar el nombre que se muestra", fields: [field("Nombre", text("name", person.name)),
      noteField()], button: "Cambiar nombre",
    run: (form) => api(`${base}/rename`, {method: "POST", json: {name: form.get("name"), note: note(form)}})}),
    action(ctx, {legend: "Unir con otra persona (es la misma)",
      fields: [field("Persona que queda", select("into", choices)), noteField()], button: "Unir",
      run: (form) => api(`${base}/merge`, {method: "POST", json: {into: Number(form.get("into")), note: note(form)}}),
      after: (c) => setTimeout(() => ctx.go(`#/persona/${c.after.into_id}`), 300)}),
    names.length > 1 ? action(ctx, {legend: "Separar: estas formas escritas son otra persona",
      fields: [h("div", {className: "checks"}, names), noteField()], button: "Separar",
      run: (form) => api(`${base}/split`, {method: "POST",
        json: {name_ids: form.getAll("name_id").map(Number), note: note(form)}})}) : null,
    ...verdicts(ctx, base, "a esta persona"));
}

export async function programPanel(ctx, program) {
  const base = `/programs/${program.id}`;
  const choices = await others("/programs", program.id).catch(() => []);
  const written = [...new Set([program.name, ...(program.aliases || []),
    ...(program.items || []).map((m) => m.name_as_written)])].sort();
  const names = written.map((n) =>
    h("label", {className: "check"}, h("input", {type: "checkbox", name: "names", value: n}), ` ${n}`));
  return panel("Corregir este programa",
    action(ctx, {legend: "Cambiar el nombre que se muestra", fields: [field("Nombre", text("name", program.name)),
      noteField()], button: "Cambiar nombre",
    run: (form) => api(`${base}/rename`, {method: "POST", json: {name: form.get("name"), note: note(form)}})}),
    action(ctx, {legend: "Unir con otro programa (es el mismo)",
      fields: [field("Programa que queda", select("into", choices)), noteField()], button: "Unir",
      run: (form) => api(`${base}/merge`, {method: "POST", json: {into: Number(form.get("into")), note: note(form)}}),
      after: (c) => setTimeout(() => ctx.go(`#/programa/${c.after.into_id}`), 300)}),
    names.length > 1 ? action(ctx, {legend: "Separar: estos nombres son otro programa",
      fields: [h("div", {className: "checks"}, names), noteField()], button: "Separar",
      run: (form) => api(`${base}/split`, {method: "POST", json: {names: form.getAll("names"), note: note(form)}})})
      : null,
    ...verdicts(ctx, base, "este programa"));
}

// --- agreements -----------------------------------------------------------------------------------------

export function agreementPanel(ctx, agreement) {
  const base = `/agreements/${agreement.id}`;
  const statuses = vocabulary.statuses.map((s) => [s.value, `${s.label} — ${s.meaning}`]);
  return panel("Corregir este acuerdo",
    action(ctx, {legend: "Fijar el estado",
      fields: [field("Estado", select("status", statuses, agreement.status)),
        field("Nota (obligatoria)", h("textarea", {name: "note", rows: 2, required: true, maxLength: 1000}),
          "Por ejemplo: «Concluido según oficio DG/045/2024»."),
      ],
      button: "Fijar estado",
      run: (form) => api(`${base}/status`, {method: "POST",
        json: {status: form.get("status"), note: (form.get("note") || "").trim()}})}),
    ...verdicts(ctx, base, "este acuerdo"));
}

// --- audit ------------------------------------------------------------------------------------------------


function actionLabel(value) {
  const known = (vocabulary.corrections || []).find((c) => c.value === value);
  return known ? known.label : value;
}

function fieldLabel(name) {
  const known = (vocabulary.document_fields || []).find((f) => f.value === name);
  const more = {name: "Nombre", status: "Estado", note: "Nota", into_name: "Unido a", names: "Nombres",
    file_name: "Archivo", status_text: "Estado escrito", progress: "Avance", text: "Texto", code: "Clave",
    sessions: "Sesiones", mentions: "Menciones", aliases: "Otros nombres"};
  return known ? known.label : more[name] || name;
}

function values(object) {
  const entries = Object.entries(object || {}).filter(([k]) => !["anchors", "keys", "id", "into", "into_id"].includes(k));
  if (!entries.length) return "—";
  return h("dl", {className: "values"}, entries.map(([k, v]) => [
    h("dt", {}, fieldLabel(k)),
    h("dd", {}, v === null || v === undefined || v === "" ? "(vacío)" : Array.isArray(v) ? v.join("; ") : String(v)),
  ]));
}

export async function renderAudit(ctx) {
  setTitle("Correcciones");
  const target = ctx.params.get("sobre") || "";
  const offset = Number(ctx.params.get("desde")) || 0;
  const targets = [["", "Todo"], ...(vocabulary.correction_targets || []).map((t) => [t.value, t.label])];
  const filter = select("sobre", targets, target);
  filter.addEventListener("change", () => ctx.go(`#/correcciones${filter.value ? `?sobre=${filter.value}` : ""}`));
  add(ctx.main, h("h1", {className: "page-title"}, "Correcciones"),
    h("p", {}, "Lo que el personal corrigió a mano: quién, cuándo, qué había antes y qué quedó. Estas correcciones " +
      "se vuelven a aplicar cada vez que se incorporan documentos o se reconstruyen los vínculos."),
    h("p", {className: "no-print"}, h("label", {htmlFor: "filtro-sobre"}, "Mostrar: "), Object.assign(filter,
      {id: "filtro-sobre"})));
  let page;
  try {
    page = await api("/corrections", {params: {target_type: target, limit: 50, offset}, signal: ctx.signal});
  } catch (error) {
    if (error.name === "AbortError") throw error;
    add(ctx.main, errorBox(error, ctx.openSettings));
    return null;
  }
  if (!page.items.length) {
    add(ctx.main, h("p", {className: "notice"}, "Todavía no hay correcciones registradas."));
    return null;
  }
  add(ctx.main, h("p", {className: "count"}, plural(page.total, "corrección", "correcciones")),
    h("table", {className: "audit"},
      h("thead", {}, h("tr", {}, ["N.º", "Cuándo", "Quién", "Qué", "Sobre", "Antes", "Después", "Nota"]
        .map((t) => h("th", {scope: "col"}, t)))),
      h("tbody", {}, page.items.map((c) => h("tr", {dataset: {action: c.action}},
        h("td", {}, String(c.id)),
        h("td", {}, h("time", {dateTime: c.created_at}, `${formatDate(c.created_at)} ${c.created_at.slice(11, 16)} UTC`)),
        h("td", {}, c.actor),
        h("td", {}, actionLabel(c.action)),
        h("td", {}, c.label || ""),
        h("td", {}, values(c.before)),
        h("td", {}, values(c.after)),
        h("td", {}, c.note || "")))),
    ));
  if (page.total > offset + page.items.length) {
    add(ctx.main, h("p", {}, h("a", {href: `#/correcciones?${new URLSearchParams({...(target ? {sobre: target} : {}),
      desde: String(offset + 50)})}`}, "Más antiguas →")));
  }
  return null;
}

// --- keys (admin) -------------------------------------------------------------------------------------------

function scopeLabel(value) {
  const known = vocabulary.scopes.find((s) => s.value === value);
  return known ? known.label : value;
}

export async function renderKeys(ctx) {
  setTitle("Claves de acceso");
  add(ctx.main, h("h1", {className: "page-title"}, "Claves de acceso"));
  if (!ctx.me.can_admin) {
    add(ctx.main, errorBox({status: 403, message: "Esta página necesita una clave con el permiso de administrar."},
      ctx.openSettings));
    return null;
  }
  const shown = h("div", {className: "new-key", role: "status"});
  const scopes = vocabulary.scopes.map((s) => h("label", {className: "check"},
    h("input", {type: "checkbox", name: "scopes", value: s.value, defaultChecked: s.value === "read"}), ` ${s.label}`));
  const form = h("form", {className: "curation-form"},
    h("fieldset", {}, h("legend", {}, "Crear una clave"),
      field("Para quién es", text("name", "", {required: true, maxLength: 128, placeholder: "Área de catastro"})),
      h("div", {className: "checks", role: "group", "aria-label": "Permisos"}, scopes),
      h("p", {}, h("button", {type: "submit", className: "primary"}, "Crear clave"))));
  const list = h("div", {});
  add(ctx.main, h("p", {}, "Cada persona o sistema debe tener su propia clave. La clave completa se muestra una sola " +
    "vez, al crearla: cópiela y entréguela. Revoque la de quien ya no deba entrar."), form, shown, list);

  async function draw() {
    let rows;
    try {
      rows = await api("/keys");
    } catch (error) {
      list.replaceChildren(errorBox(error, ctx.openSettings));
      return;
    }
    list.replaceChildren(h("table", {className: "keys"},
      h("thead", {}, h("tr", {}, ["N.º", "Para quién", "Comienza con", "Permisos", "Creada", "Último uso", "Estado", ""]
        .map((t) => h("th", {scope: "col"}, t)))),
      h("tbody", {}, rows.map((k) => h("tr", {},
        h("td", {}, String(k.id)), h("td", {}, k.name), h("td", {}, h("code", {}, `${k.prefix}…`)),
        h("td", {}, k.scopes.map(scopeLabel).join(", ")), h("td", {}, formatDate(k.created_at)),
        h("td", {}, k.last_used_at ? formatDate(k.last_used_at) : "nunca"),
        h("td", {}, k.revoked_at ? `revocada el ${formatDate(k.revoked_at)}` : "activa"),
        h("td", {}, k.revoked_at ? "" : h("button", {type: "button", className: "danger", onclick: async () => {
          try {
            await api(`/keys/${k.id}`, {method: "DELETE"});
            announce(`Clave ${k.id} revocada`);
            draw();
          } catch (error) {
            list.prepend(errorBox(error));
          }
        }}, "Revocar")))))));
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      const created = await api("/keys", {method: "POST",
        json: {name: (data.get("name") || "").trim(), scopes: data.getAll("scopes")}});
      shown.replaceChildren(h("p", {}, `Clave creada para «${created.name}». Cópiela ahora: no se volverá a mostrar.`),
        h("p", {}, h("code", {className: "secret"}, created.key)));
      form.reset();
      draw();
    } catch (error) {
      shown.replaceChildren(errorBox(error, ctx.openSettings));
    }
  });
  await draw();
  return null;
}
