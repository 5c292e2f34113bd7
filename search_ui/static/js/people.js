// People: the list with a name filter, and one person's sessions and roles over time.
// #/personas?nombre=fernandez   #/persona/ID

import {api, download} from "./api.js";
import {personPanel} from "./curation.js";
import {add, dateElement, errorBox, formatDate, h, plural, setTitle, vocabulary} from "./dom.js";
import {searchHash} from "./search.js";

const PAGE = 50;

export async function renderList(ctx) {
  setTitle("Personas");
  return nameList(ctx, {
    title: "Personas",
    route: "#/personas",
    path: "/people",
    exportPath: "/people/export",
    exportName: "personas.csv",
    inputLabel: "Buscar por nombre",
    item: (p) => h("li", {}, h("a", {href: `#/persona/${p.id}`}, p.name), " ",
      h("span", {className: "count"}, plural(p.sessions, "sesión", "sesiones"))),
    empty: "No hay personas registradas con ese nombre.",
  });
}

/** A list page with a name box and pages through every row, shared by people and programs. */
export async function nameList(ctx, spec) {
  let name = ctx.params.get("nombre") || "";
  let page = Math.max(1, Number(ctx.params.get("pagina")) || 1);
  const input = h("input", {id: "f-nombre", type: "search", name: "nombre", value: name});
  const form = h("form", {className: "filters inline", role: "search", "aria-label": spec.inputLabel},
    h("div", {className: "field"}, h("label", {htmlFor: "f-nombre"}, spec.inputLabel), input),
    h("div", {className: "field actions"}, h("button", {type: "submit", className: "primary"}, "Buscar")));
  const status = h("p", {className: "status", role: "status", "aria-live": "polite"});
  const list = h("ul", {className: "name-list"});
  const exportError = h("span", {className: "inline-error", role: "alert"});
  const exportLine = spec.exportPath ? h("p", {className: "exports no-print"}, h("button", {type: "button",
    className: "link-button", onclick: async () => {
      exportError.textContent = "";
      try {
        await download(spec.exportPath, {}, spec.exportName);
      } catch (error) {
        exportError.textContent = ` ${error.message}`;
      }
    }}, "Descargar la lista completa (CSV para Excel)"), exportError) : null;
  const pager = h("nav", {className: "pager", "aria-label": `Páginas de ${spec.title.toLowerCase()}`});
  const hash = (n) => {
    const params = new URLSearchParams();
    if (name) params.set("nombre", name);
    if (n > 1) params.set("pagina", String(n));
    const text = params.toString();
    return text ? `${spec.route}?${text}` : spec.route;
  };
  add(ctx.main, h("h1", {className: "page-title"}, spec.title), form, exportLine, status, list, pager);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    name = input.value.trim();
    ctx.go(hash(1));
  });
  async function load() {
    let data;
    try {
      data = await api(spec.path, {params: {name, limit: PAGE, offset: (page - 1) * PAGE}, signal: ctx.signal});
    } catch (error) {
      if (error.name === "AbortError") return;
      list.replaceChildren(h("li", {}, errorBox(error, ctx.openSettings)));
      return;
    }
    const first = (page - 1) * PAGE + 1;
    status.textContent = data.total > PAGE
      ? `${first}–${first + data.items.length - 1} de ${data.total}.` : data.total ? "" : spec.empty;
    list.replaceChildren(...data.items.map(spec.item));
    const pages = Math.ceil(data.total / PAGE);
    const links = [];
    if (page > 1) links.push(h("a", {href: hash(page - 1), rel: "prev"}, "← Anterior"));
    if (pages > 1) links.push(h("span", {}, `Página ${page} de ${pages}`));
    if (page < pages) links.push(h("a", {href: hash(page + 1), rel: "next"}, "Siguiente →"));
    pager.replaceChildren(...(links.length ? [h("ul", {}, links.map((l) => h("li", {}, l)))] : []));
  }
  await load();
  return {
    update(next) {
      name = next.params.get("nombre") || "";
      page = Math.max(1, Number(next.params.get("pagina")) || 1);
      input.value = name;
      load();
    },
  };
}

/** How the person appears in that record, in the API's words (attended, absent, signed, mentioned). */
function participation(a) {
  const kind = vocabulary.participation_kinds.find((k) => k.value === a.kind);
  if (kind) return kind.label;
  return a.present === true ? "Asistió" : a.present === false ? "Ausente" : "—";
}

/** Roles as {role, first, last, sessions}: the API's, or derived from the appearances. */
export function rolesOf(person) {
  if (Array.isArray(person.roles)) return person.roles;
  const byRole = new Map();
  for (const a of person.appearances || []) {
    const role = a.role || "sin cargo indicado";
    const entry = byRole.get(role) || {role, first: null, last: null, sessions: 0};
    entry.sessions += 1;
    if (a.date && (!entry.first || a.date < entry.first)) entry.first = a.date;
    if (a.date && (!entry.last || a.date > entry.last)) entry.last = a.date;
    byRole.set(role, entry);
  }
  return [...byRole.values()].sort((x, y) => String(x.first).localeCompare(String(y.first)));
}

export async function renderOne(ctx) {
  let person;
  try {
    person = await api(`/people/${Number(ctx.id)}`, {signal: ctx.signal});
  } catch (error) {
    if (error.name === "AbortError") throw error;
    setTitle("Persona");
    add(ctx.main, h("p", {className: "back"}, h("a", {href: "#/personas"}, "← Personas")), h("h1", {}, "Persona"),
      errorBox(error, ctx.openSettings));
    return null;
  }
  setTitle(person.name);
  const appearances = person.appearances || [];
  const roles = rolesOf(person);
  const aliases = (person.aliases || []).filter((a) => a && a !== person.name);
  add(ctx.main, 
    h("p", {className: "back"}, h("a", {href: "#/personas"}, "← Personas")),
    h("h1", {}, person.name),
    aliases.length ? h("p", {className: "muted"}, `También escrito: ${aliases.join(", ")}`) : null,
    h("p", {}, `Asistió a ${plural(person.sessions ?? 0, "sesión", "sesiones")}; aparece en `,
      `${plural(appearances.length, "registro", "registros")}. `,
      h("a", {href: searchHash({q: person.name, persona: String(person.id)})}, "Buscar en sus documentos")),
    Array.isArray(person.agreements) && person.agreements.length ? h("p", {},
      `Responsable de ${plural(person.agreements.length, "acuerdo", "acuerdos")}: `,
      person.agreements.map((id, i) => [i ? ", " : "", h("a", {href: `#/acuerdo/${id}`}, `n.º ${id}`)])) : null,
    h("h2", {id: "cargos"}, "Cargos a lo largo del tiempo"),
    roles.length ? rolesChart(roles) : null,
    roles.length ? h("div", {className: "table-wrap"}, h("table", {"aria-labelledby": "cargos"},
      h("thead", {}, h("tr", {}, ["Cargo", "Desde", "Hasta", "Sesiones"].map((t) => h("th", {scope: "col"}, t)))),
      h("tbody", {}, roles.map((r) => h("tr", {},
        h("td", {}, r.role || "sin cargo indicado"), h("td", {}, r.first ? dateElement(r.first) : "—"),
        h("td", {}, r.last ? dateElement(r.last) : "—"), h("td", {className: "num"}, String(r.sessions))))))) :
      h("p", {}, "No hay cargos registrados."),
    h("h2", {id: "sesiones"}, "Sesiones"),
    appearances.length ? h("div", {className: "table-wrap"}, h("table", {"aria-labelledby": "sesiones"},
      h("thead", {}, h("tr", {}, ["Fecha", "Órgano", "Documento", "Cargo", "Asistencia"].map((t) =>
        h("th", {scope: "col"}, t)))),
      h("tbody", {}, appearances.map((a) => h("tr", {},
        h("td", {}, a.date ? dateElement(a.date) : "—"),
        h("td", {}, [a.body, a.institution].filter(Boolean).join(" · ") || "—"),
        h("td", {}, h("a", {href: `#/documento/${a.document_id}`}, a.file_name)),
        h("td", {}, [a.title, a.role].filter(Boolean).join(" ") || "—"),
        h("td", {}, participation(a))))))) :
      h("p", {}, "No hay sesiones registradas."),
  );
  if (ctx.me.can_edit) add(ctx.main, await personPanel(ctx, person));
  return null;
}

/** Each role as a bar from its first to its last session on a shared time axis (SVG, with a text alternative). */
function rolesChart(roles) {
  const dated = roles.filter((r) => r.first);
  if (!dated.length) return null;
  const time = (iso) => Date.parse(`${iso}T00:00:00Z`);
  const min = Math.min(...dated.map((r) => time(r.first)));
  const max = Math.max(...dated.map((r) => time(r.last || r.first)));
  const span = Math.max(max - min, 1);
  const row = 26;
  const width = 600;
  const svgNS = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(svgNS, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${dated.length * row + 20}`);
  svg.setAttribute("class", "roles-chart");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", dated.map((r) => `${r.role}: de ${formatDate(r.first)} a ${formatDate(r.last)}`)
    .join("; "));
  const el = (tag, attrs, text) => {
    const node = document.createElementNS(svgNS, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text) node.textContent = text;
    svg.append(node);
    return node;
  };
  dated.forEach((r, i) => {
    const x = 10 + ((time(r.first) - min) / span) * (width - 20);
    const x2 = 10 + ((time(r.last || r.first) - min) / span) * (width - 20);
    el("rect", {x: Math.min(x, width - 16), y: i * row + 4, width: Math.max(x2 - x, 6), height: 8, rx: 3,
      class: "bar"});
    el("text", {x: 10, y: i * row + 24, class: "label"}, `${r.role || "sin cargo"} (${r.sessions})`);
  });
  el("text", {x: 10, y: dated.length * row + 16, class: "axis"}, formatDate(new Date(min).toISOString()));
  el("text", {x: width - 10, y: dated.length * row + 16, class: "axis", "text-anchor": "end"},
    formatDate(new Date(max).toISOString()));
  return svg;
}
