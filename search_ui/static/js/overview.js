// The home page's overview (documents and sessions per year and body, agreements by status, latest uploads)
// and browsing sessions by body and year without a query: #/sesiones?organo=Junta%20Directiva&anio=2024

import {api} from "./api.js";
import {add, docType, errorBox, formatDate, h, plural, sessionLabel, setTitle, statusBadge, vocabulary} from "./dom.js";

function sessionsHash(body, year) {
  const params = new URLSearchParams();
  if (body) params.set("organo", body);
  if (year) params.set("anio", String(year));
  const text = params.toString();
  return `#/sesiones${text ? `?${text}` : ""}`;
}

/** The overview, appended to `box` (the search page without a query). */
export async function renderOverview(box, ctx) {
  let data;
  try {
    data = await api("/overview", {signal: ctx.signal});
  } catch (error) {
    if (error.name === "AbortError") throw error;
    box.append(errorBox(error, ctx.openSettings));
    return;
  }
  const section = h("section", {className: "overview", "aria-labelledby": "panorama"},
    h("h2", {id: "panorama"}, "Panorama del archivo"),
    h("p", {}, `${plural(data.documents, "documento", "documentos")}, ${plural(data.sessions, "sesión", "sesiones")} ` +
      `y ${plural(data.agreements, "acuerdo", "acuerdos")} en seguimiento.`));
  if (data.grid.length) {
    const years = [...new Set(data.grid.map((c) => c.year))].sort((a, b) => (b || 0) - (a || 0));
    const bodies = [...new Set(data.grid.map((c) => c.body))].sort((a, b) => (a || "~").localeCompare(b || "~", "es"));
    const cell = (body, year) => data.grid.find((c) => c.body === body && c.year === year);
    section.append(h("h3", {id: "por-organo"}, "Documentos y sesiones por año y órgano"),
      h("div", {className: "table-wrap"}, h("table", {className: "overview-grid", "aria-labelledby": "por-organo"},
        h("thead", {}, h("tr", {}, h("th", {scope: "col"}, "Órgano"),
          years.map((y) => h("th", {scope: "col"}, y ? String(y) : "sin fecha")))),
        h("tbody", {}, bodies.map((body) => h("tr", {},
          h("th", {scope: "row"}, body ? h("a", {href: sessionsHash(body, null)}, body) : "sin órgano indicado"),
          years.map((year) => {
            const c = cell(body, year);
            if (!c) return h("td", {className: "num muted"}, "—");
            return h("td", {className: "num"}, plural(c.documents, "doc.", "docs."), h("br"),
              c.sessions ? h("a", {href: sessionsHash(body, year)}, plural(c.sessions, "sesión", "sesiones")) : "");
          })))))));
  }
  const meanings = new Map(vocabulary.statuses.map((s) => [s.value, s.meaning]));
  section.append(h("h3", {}, "Acuerdos por estado"),
    h("ul", {className: "status-counts"}, data.agreements_by_status.map((s) => h("li", {},
      h("a", {href: `#/acuerdos?estado=${encodeURIComponent(s.status)}`}, statusBadge(s.status), " ",
        plural(s.agreements, "acuerdo", "acuerdos")),
      meanings.get(s.status) ? h("span", {className: "hint"}, ` — ${meanings.get(s.status)}`) : null))));
  section.append(h("h3", {}, "Últimos documentos incorporados"),
    h("ul", {className: "doc-list"}, data.recent.map((d) => h("li", {},
      h("a", {href: `#/documento/${d.id}`}, d.title || d.file_name),
      h("span", {className: "meta"}, [docType(d.doc_type), d.body,
        `incorporado el ${formatDate(d.ingested_at)}`].filter(Boolean).join(" · "))))));
  box.append(section);
}

export async function renderSessions(ctx) {
  setTitle("Sesiones");
  const body = ctx.params.get("organo") || "";
  const year = ctx.params.get("anio") || "";
  const offset = Number(ctx.params.get("desde")) || 0;
  let overview;
  try {
    overview = await api("/overview", {params: {recent: 1}, signal: ctx.signal});
  } catch (error) {
    if (error.name === "AbortError") throw error;
    add(ctx.main, h("h1", {}, "Sesiones"), errorBox(error, ctx.openSettings));
    return null;
  }
  const bodySelect = h("select", {id: "s-organo", name: "organo"}, h("option", {value: ""}, "Todos"),
    overview.bodies.map((b) => h("option", {value: b, selected: b === body}, b)));
  const yearSelect = h("select", {id: "s-anio", name: "anio"}, h("option", {value: ""}, "Todos"),
    overview.years.map((y) => h("option", {value: String(y), selected: String(y) === year}, String(y))));
  const form = h("form", {className: "filters inline no-print", "aria-label": "Filtrar sesiones"},
    h("div", {className: "field"}, h("label", {htmlFor: "s-organo"}, "Órgano"), bodySelect),
    h("div", {className: "field"}, h("label", {htmlFor: "s-anio"}, "Año"), yearSelect));
  const change = () => ctx.go(sessionsHash(bodySelect.value, yearSelect.value));
  bodySelect.addEventListener("change", change);
  yearSelect.addEventListener("change", change);
  add(ctx.main, h("h1", {className: "page-title"}, "Sesiones"), form);
  let page;
  try {
    page = await api("/sessions", {signal: ctx.signal, params: {body, limit: 50, offset,
      date_from: year ? `${year}-01-01` : "", date_to: year ? `${year}-12-31` : ""}});
  } catch (error) {
    if (error.name === "AbortError") throw error;
    add(ctx.main, errorBox(error, ctx.openSettings));
    return null;
  }
  add(ctx.main, h("p", {className: "count", role: "status"}, page.total ? plural(page.total, "sesión", "sesiones")
    : "No hay sesiones con esos filtros."));
  if (page.items.length) {
    add(ctx.main, h("div", {className: "table-wrap"}, h("table", {className: "sessions"},
      h("thead", {}, h("tr", {}, ["Fecha", "Sesión", "Órgano", "Documento", "Asistentes"].map((t) =>
        h("th", {scope: "col"}, t)))),
      h("tbody", {}, page.items.map((s) => h("tr", {},
        h("td", {}, s.date ? formatDate(s.date) : "sin fecha"),
        h("td", {}, sessionLabel(s) || "—"),
        h("td", {}, [s.body, s.institution].filter(Boolean).join(" · ") || "—"),
        h("td", {}, h("a", {href: `#/documento/${s.document_id}`}, s.file_name), " ",
          h("span", {className: "muted"}, docType(s.doc_type))),
        h("td", {className: "num"}, String(s.participants))))))));
  }
  if (page.total > offset + page.items.length) {
    const next = new URLSearchParams(ctx.params);
    next.set("desde", String(offset + 50));
    add(ctx.main, h("p", {}, h("a", {href: `#/sesiones?${next}`}, "Más sesiones →")));
  }
  return null;
}
