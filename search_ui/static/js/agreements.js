// The agreement tracker: a filtered table of agreements, and one agreement's timeline with its sources.
// #/acuerdos?estado=en%20proceso&organo=…&responsable=…&vencidos=1&sin_seguimiento=1&q=…&todos=1&pagina=2
// Without `todos`, the tracker shows what is still open: commitments not done and deferred matters.
// #/acuerdo/ID

import {agreementPanel} from "./curation.js";
import {api, download} from "./api.js";
import {add, dateElement, errorBox, formatDate, h, plural, progressBar, sessionLabel, setTitle, statusBadge,
  statuses, vocabulary} from "./dom.js";

const PAGE = 25;
const QUIET_SESSIONS = 3;

// URL parameter → API parameter.
const PARAMS = {q: "q", estado: "status", organo: "body", responsable: "responsible", vencidos: "overdue",
  sin_seguimiento: "quiet", todos: "open"};

function listHash(values) {
  const out = new URLSearchParams();
  for (const name of [...Object.keys(PARAMS), "pagina"]) if (values[name]) out.set(name, values[name]);
  const text = out.toString();
  return text ? `#/acuerdos?${text}` : "#/acuerdos";
}

function apiFilters(values) {
  const params = {};
  for (const [name, apiName] of Object.entries(PARAMS)) {
    if (!values[name]) continue;
    params[apiName] = name === "vencidos" || name === "sin_seguimiento" ? "true" : values[name];
  }
  // A status chosen by hand may be a settled one: then show it whatever "todos" says.
  if (values.todos || values.estado) delete params.open;
  else params.open = "true";
  if (params.quiet) params.quiet_sessions = QUIET_SESSIONS;
  return params;
}

export async function renderList(ctx) {
  setTitle("Acuerdos");
  let values = Object.fromEntries(ctx.params.entries());
  let ticket = 0;
  const field = (label, control, hint) => h("div", {className: "field"},
    h("label", {htmlFor: control.id}, label), control, hint ? h("span", {className: "hint"}, hint) : null);
  const q = h("input", {id: "f-q", type: "search", name: "q", value: values.q || ""});
  const status = h("select", {id: "f-estado", name: "estado"}, h("option", {value: ""}, "Todos"),
    statuses().map((s) => h("option", {value: s, selected: values.estado === s}, s)));
  const body = h("select", {id: "f-organo", name: "organo"}, h("option", {value: ""}, "Todos"));
  const responsible = h("input", {id: "f-responsable", type: "text", name: "responsable",
    value: values.responsable || ""});
  const overdue = h("input", {id: "f-vencidos", type: "checkbox", name: "vencidos", checked: values.vencidos === "1"});
  const quiet = h("input", {id: "f-sin-seguimiento", type: "checkbox", name: "sin_seguimiento",
    checked: values.sin_seguimiento === "1"});
  const scope = h("select", {id: "f-mostrar", name: "todos"},
    h("option", {value: "", selected: !values.todos}, "Abiertos: compromisos por cumplir"),
    h("option", {value: "1", selected: values.todos === "1"}, "Todos, también los resueltos en la sesión"));
  const meanings = h("details", {className: "status-meanings"}, h("summary", {}, "¿Qué significa cada estado?"),
    h("dl", {}, vocabulary.statuses.flatMap((s) => [h("dt", {}, statusBadge(s.value)), h("dd", {}, s.meaning)])));
  const form = h("form", {className: "filters", "aria-label": "Filtrar acuerdos"},
    field("Texto o clave", q), field("Mostrar", scope), field("Estado", status), field("Órgano", body), field("Responsable", responsible),
    h("div", {className: "field checks"},
      h("label", {className: "check"}, overdue, " Vencidos (plazo pasado sin cumplir)"),
      h("label", {className: "check"}, quiet, ` Sin seguimiento en las últimas ${QUIET_SESSIONS} sesiones`)),
    h("div", {className: "field actions"}, h("button", {type: "submit", className: "primary"}, "Filtrar"),
      h("a", {href: "#/acuerdos", className: "button"}, "Limpiar")));
  const count = h("p", {className: "status", id: "acuerdos-estado", role: "status", "aria-live": "polite",
    tabindex: "-1"});
  const exportError = h("span", {className: "inline-error", role: "alert"});
  const exports = h("p", {className: "exports"}, "Descargar esta lista: ",
    h("button", {type: "button", className: "link-button", onclick: () => exportAs("csv")}, "CSV"), " · ",
    h("button", {type: "button", className: "link-button", onclick: () => exportAs("json")}, "JSON"), exportError);
  const table = h("div", {className: "agreements-table"});
  const pager = h("nav", {className: "pager", "aria-label": "Páginas de acuerdos"});
  add(ctx.main, h("h1", {className: "page-title"}, "Seguimiento de acuerdos"), form, meanings, count, exports, table,
    pager);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    values = {q: q.value.trim(), estado: status.value, organo: body.value, responsable: responsible.value.trim(),
      vencidos: overdue.checked ? "1" : "", sin_seguimiento: quiet.checked ? "1" : "", todos: scope.value};
    ctx.go(listHash(values));
  });
  for (const control of [status, body, overdue, quiet, scope]) {
    control.addEventListener("change", () => form.requestSubmit());
  }

  async function exportAs(format) {
    exportError.textContent = "";
    try {
      await download("/agreements/export", {...apiFilters(values), format}, `acuerdos.${format}`);
    } catch (error) {
      exportError.textContent = ` ${error.message}`;
    }
  }

  fillBodies(body, values.organo, ctx);

  async function load() {
    const mine = ++ticket;
    const page = Math.max(1, Number(values.pagina) || 1);
    count.textContent = "Cargando…";
    let data;
    try {
      data = await api("/agreements", {params: {...apiFilters(values), limit: PAGE, offset: (page - 1) * PAGE},
        signal: ctx.signal});
    } catch (error) {
      if (error.name === "AbortError" || mine !== ticket) return;
      count.textContent = "";
      table.replaceChildren(errorBox(error, ctx.openSettings));
      return;
    }
    if (mine !== ticket) return;
    const text = data.total ? plural(data.total, "acuerdo", "acuerdos") : "Ningún acuerdo cumple estos filtros.";
    count.textContent = text;
    table.replaceChildren(data.items.length ? agreementsTable(data.items) : "");
    renderPager(pager, data.total, page, (n) => listHash({...values, pagina: n > 1 ? String(n) : ""}));
  }
  await load();
  return {
    update(next) {
      values = Object.fromEntries(next.params.entries());
      const active = document.activeElement;
      const fromPager = Boolean(active && active.closest && active.closest(".pager"));
      load().then(() => {
        if (fromPager) count.focus();
      });
    },
  };
}

async function fillBodies(select, current, ctx) {
  const names = new Set(current ? [current] : []);
  try {
    const sessions = await api("/sessions", {params: {limit: 200}, signal: ctx.signal});
    for (const s of sessions.items) if (s.body) names.add(s.body);
  } catch {
    // The list still works with the free choice "Todos".
  }
  for (const name of [...names].sort((a, b) => a.localeCompare(b, "es"))) {
    select.append(h("option", {value: name, selected: name === current}, name));
  }
}

function agreementsTable(items) {
  return h("table", {className: "tracker"},
    h("caption", {className: "visually-hidden"}, "Acuerdos con su estado y avance"),
    h("thead", {}, h("tr", {}, ["Clave", "Acuerdo", "Órgano", "Responsable", "Plazo", "Estado", "Avance",
      "Última mención"].map((t) => h("th", {scope: "col"}, t)))),
    h("tbody", {}, items.map((a) => h("tr", {},
      h("td", {dataset: {label: "Clave"}}, a.code || "—"),
      h("td", {dataset: {label: "Acuerdo"}, className: "agreement-text"},
        h("a", {href: `#/acuerdo/${a.id}`}, a.text.length > 180 ? `${a.text.slice(0, 180)}…` : a.text),
        a.overdue ? h("span", {className: "badge flag-overdue"}, "vencido") : null,
        a.quiet ? h("span", {className: "badge flag-quiet"}, "sin seguimiento") : null),
      h("td", {dataset: {label: "Órgano"}}, a.body || "—"),
      h("td", {dataset: {label: "Responsable"}}, a.responsible && a.responsible_person_id
        ? h("a", {href: `#/persona/${a.responsible_person_id}`}, a.responsible) : a.responsible || "—"),
      h("td", {dataset: {label: "Plazo"}}, a.due ? dateElement(a.due) : "—"),
      h("td", {dataset: {label: "Estado"}}, statuses().includes(a.status) || !a.status ? statusBadge(a.status) :
        a.status),
      h("td", {dataset: {label: "Avance"}}, progressBar(a.progress, `Avance de ${a.code || "el acuerdo"}`)),
      h("td", {dataset: {label: "Última mención"}}, a.last_date ? dateElement(a.last_date) : "—")))));
}

function renderPager(pager, total, page, hashFor) {
  const pages = Math.ceil(total / PAGE);
  pager.replaceChildren();
  if (pages <= 1) return;
  const items = [];
  if (page > 1) items.push(h("a", {href: hashFor(page - 1), rel: "prev"}, "← Anterior"));
  items.push(h("span", {}, `Página ${page} de ${pages}`));
  if (page < pages) items.push(h("a", {href: hashFor(page + 1), rel: "next"}, "Siguiente →"));
  pager.append(h("ul", {}, items.map((i) => h("li", {}, i))));
}

const KIND_LABELS = {taken: "Se toma el acuerdo", follow_up: "Seguimiento"};

function linkNote(event) {
  if (event.link === "id") return "Vinculado por la clave del acuerdo";
  if (event.link === "inferred") {
    const score = typeof event.link_score === "number" ? ` (confianza ${Math.round(event.link_score * 100)} %)` : "";
    return `Vinculado por similitud del texto${score}`;
  }
  return null;
}

export async function renderOne(ctx) {
  let a;
  try {
    a = await api(`/agreements/${Number(ctx.id)}`, {signal: ctx.signal});
  } catch (error) {
    if (error.name === "AbortError") throw error;
    setTitle("Acuerdo");
    add(ctx.main, h("p", {className: "back"}, h("a", {href: "#/acuerdos"}, "← Todos los acuerdos")),
      h("h1", {}, "Acuerdo"), errorBox(error, ctx.openSettings));
    return null;
  }
  const name = a.code ? `Acuerdo ${a.code}` : "Acuerdo";
  setTitle(name);
  const origin = a.origin;
  const facts = [
    ["Estado", h("span", {}, statusBadge(a.status), a.overdue ? h("span", {className: "badge flag-overdue"}, "vencido") :
      null, a.quiet ? h("span", {className: "badge flag-quiet"}, "sin seguimiento") : null)],
    ["Avance", progressBar(a.progress, `Avance de ${name}`)],
    ["Órgano", [a.body, a.institution].filter(Boolean).join(" · ") || "—"],
    ["Responsable", a.responsible || "—"],
    ["Plazo", a.due ? dateElement(a.due, true) : "—"],
    ["Tomado en", origin ? h("a", {href: `#/documento/${origin.document_id}`},
      [origin.number || origin.type ? sessionLabel(origin) : origin.file_name,
        origin.date ? ` · ${formatDate(origin.date, true)}` : ""].join("")) : "sin sesión de origen conocida"],
    ["Menciones", plural(typeof a.events === "number" ? a.events : (a.timeline || []).length, "mención",
      "menciones") + (a.first_date ? `, del ${formatDate(a.first_date)} al ${formatDate(a.last_date)}` : "")],
  ];
  if (a.status_text) facts.splice(2, 0, ["Último estado", a.status_text]);
  if (a.status_note) facts.splice(2, 0, ["Nota del personal", a.status_note]);
  if (a.confirmed) facts.push(["Revisión", "confirmado por el personal"]);
  add(ctx.main, 
    h("p", {className: "back"}, h("a", {href: "#/acuerdos"}, "← Todos los acuerdos")),
    h("header", {className: "agreement-header"}, h("h1", {}, name), h("p", {className: "agreement-text-full"}, a.text)),
    h("dl", {className: "facts"}, facts.map(([term, value]) => [h("dt", {}, term), h("dd", {}, value)])),
    h("h2", {id: "linea"}, "Línea de tiempo"),
    timeline(a.timeline || []),
    ctx.me.can_edit ? agreementPanel(ctx, a) : null,
  );
  return null;
}

function timeline(events) {
  if (!events.length) return h("p", {}, "No hay menciones registradas de este acuerdo.");
  return h("ol", {className: "timeline", "aria-labelledby": "linea"}, events.map((e) => {
    const source = new URLSearchParams();
    if (e.span_start !== null && e.span_start !== undefined) {
      source.set("desde", String(e.span_start));
      source.set("hasta", String(e.span_end));
    }
    const where = [e.file_name, e.page ? `pág. ${e.page}` : null].filter(Boolean).join(", ");
    const note = linkNote(e);
    return h("li", {className: `event event-${e.kind}`},
      h("div", {className: "event-head"},
        h("span", {className: "event-date"}, e.date ? dateElement(e.date, true) : "sin fecha"),
        h("span", {className: "event-kind"}, KIND_LABELS[e.kind] || e.kind,
          e.session_number ? ` · ${e.session_number}.ª sesión` : ""),
        e.status ? statusBadge(e.status) : null),
      e.progress !== null && e.progress !== undefined ? progressBar(e.progress, `Avance al ${formatDate(e.date)}`) :
        null,
      e.status_text ? h("p", {className: "status-text"}, e.status_text) : null,
      e.passage ? h("blockquote", {className: "passage-quote"}, e.passage) : null,
      h("p", {className: "event-source"},
        e.document_id ? h("a", {href: `#/documento/${e.document_id}${source.size ? `?${source}` : ""}`},
          `Ver el pasaje en ${where || "el documento"}`) : "Fuente no disponible",
        note ? h("span", {className: "muted"}, ` · ${note}`) : null));
  }));
}
