// The search page: one box, results as you type, filters with counts, marked snippets, pages.
// The address holds everything: #/buscar?q=agua&anio=2024&tipo=acta&pagina=2

import {api, download} from "./api.js";
import {renderOverview} from "./overview.js";
import {add, dateElement, docType, errorBox, formatDate, h, plural, sessionLabel, setTitle,
  snippetNodes} from "./dom.js";

const PAGE = 10;
const DEBOUNCE_MS = 300;

// URL parameter → API parameter, facet name and heading.
export const FILTERS = [
  {param: "institucion", api: "institution", title: "Institución"},
  {param: "organo", api: "body", title: "Órgano"},
  {param: "tipo", api: "doc_type", title: "Tipo de documento", label: docType},
  {param: "anio", api: "year", title: "Año"},
  {param: "persona", api: "person", title: "Persona"},
  {param: "programa", api: "program", title: "Programa"},
];

/** The address of a search: `q` first, then filters, pages and options, empty values left out. */
export function searchHash(values) {
  const out = new URLSearchParams();
  for (const name of ["q", ...FILTERS.map((f) => f.param), "pasajes", "pagina"]) {
    const value = values[name];
    if (value !== undefined && value !== null && value !== "") out.set(name, String(value));
  }
  const text = out.toString();
  return text ? `#/buscar?${text}` : "#/buscar";
}

function valuesOf(params) {
  const values = {};
  for (const [name, value] of params.entries()) values[name] = value;
  return values;
}

export async function render(ctx) {
  setTitle("Buscar");
  let values = valuesOf(ctx.params);
  let ticket = 0;
  let timer = null;
  const labels = new Map(); // "persona:3" → "Lucía Fernández Ortega", from facets seen so far

  const input = h("input", {id: "q", name: "q", type: "search", autocomplete: "off", spellcheck: "false",
    value: values.q || "", "aria-describedby": "q-ayuda", "aria-controls": "resultados"});
  const passages = h("input", {type: "checkbox", id: "pasajes", checked: values.pasajes === "1"});
  const form = h("form", {role: "search", className: "search-form", "aria-label": "Buscar en el archivo"},
    h("label", {htmlFor: "q", className: "search-label"}, "Buscar en actas, órdenes del día, informes y más"),
    h("div", {className: "search-row"}, input, h("button", {type: "submit", className: "primary"}, "Buscar")),
    h("p", {id: "q-ayuda", className: "hint"},
      "Palabras, nombres, claves de acuerdo (p. ej. CD-I-2) o una pregunta. Los resultados aparecen mientras escribe."),
    h("label", {className: "check"}, passages, " Mostrar cada pasaje, no sólo el mejor de cada documento"));
  const chips = h("div", {className: "chips", "aria-label": "Filtros activos"});
  const facetsBox = h("details", {className: "facets-box", open: window.matchMedia("(min-width: 50rem)").matches},
    h("summary", {}, "Filtros"));
  const status = h("p", {id: "estado-busqueda", className: "status", tabindex: "-1", role: "status",
    "aria-live": "polite"});
  const list = h("ol", {className: "hits", id: "resultados"});
  const pager = h("nav", {className: "pager", "aria-label": "Páginas de resultados"});
  const exportError = h("span", {className: "inline-error", role: "alert"});
  const exportLine = h("p", {className: "exports no-print"}, h("button", {type: "button", className: "link-button",
    onclick: exportResults}, "Descargar estos resultados (CSV para Excel)"), exportError);
  // After the results: the keyboard reaches the first result right after the filters.
  const results = h("section", {className: "results", "aria-labelledby": "estado-busqueda"}, status, list, exportLine,
    pager);

  async function exportResults() {
    exportError.textContent = "";
    const params = {q: (values.q || "").trim()};
    for (const f of FILTERS) if (values[f.param]) params[f.api] = values[f.param];
    try {
      await download("/search/export", params, "busqueda.csv");
    } catch (error) {
      exportError.textContent = ` ${error.message}`;
    }
  }
  const welcome = h("section", {className: "welcome", "aria-labelledby": "bienvenida"});
  const layout = h("div", {className: "search-layout"}, h("aside", {className: "facets", "aria-label": "Filtros"},
    facetsBox), results);
  add(ctx.main, h("h1", {className: "page-title"}, "Buscar en el archivo"), form, chips, layout, welcome);

  function commit({push}) {
    const hash = searchHash(values);
    if (location.hash !== hash) {
      if (push) history.pushState(null, "", hash);
      else history.replaceState(null, "", hash);
    }
    load();
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const q = input.value.trim();
      if (q.length === 1) return;
      values = {...values, q, pagina: ""};
      commit({push: false});
    }, DEBOUNCE_MS);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    values = {...values, q: input.value.trim(), pagina: ""};
    commit({push: true});
  });
  passages.addEventListener("change", () => {
    values = {...values, pasajes: passages.checked ? "1" : "", pagina: ""};
    commit({push: true});
  });

  async function load() {
    const mine = ++ticket;
    const q = (values.q || "").trim();
    renderChips();
    if (!q) {
      layout.hidden = true;
      welcome.hidden = false;
      setTitle("Buscar");
      if (!welcome.firstChild) await renderWelcome(welcome, ctx);
      return;
    }
    layout.hidden = false;
    welcome.hidden = true;
    setTitle(`«${q}»`);
    results.setAttribute("aria-busy", "true");
    status.textContent = "Buscando…";
    const page = Math.max(1, Number(values.pagina) || 1);
    const params = {q, limit: PAGE, offset: (page - 1) * PAGE, passages: values.pasajes === "1"};
    for (const f of FILTERS) if (values[f.param]) params[f.api] = values[f.param];
    let data;
    try {
      data = await api("/search", {params, signal: ctx.signal});
    } catch (error) {
      if (error.name === "AbortError" || mine !== ticket) return;
      results.removeAttribute("aria-busy");
      status.textContent = "";
      list.replaceChildren(h("li", {}, errorBox(error, ctx.openSettings)));
      pager.replaceChildren();
      facetsBox.replaceChildren(facetsBox.firstChild);
      return;
    }
    if (mine !== ticket) return;
    results.removeAttribute("aria-busy");
    for (const f of FILTERS) {
      for (const item of data.facets[f.api] || []) labels.set(`${f.param}:${item.value}`, item.label);
    }
    renderChips();
    renderFacets(data);
    renderHits(data, q, page);
  }

  function renderChips() {
    const active = FILTERS.filter((f) => values[f.param]);
    chips.replaceChildren(...active.map((f) => {
      const value = values[f.param];
      const raw = labels.get(`${f.param}:${value}`) || value;
      const label = f.label ? f.label(raw) : raw;
      return h("a", {className: "chip", href: searchHash({...values, [f.param]: "", pagina: ""}),
        title: `Quitar el filtro ${f.title}`},
      `${f.title}: ${label}`, h("span", {"aria-hidden": "true", className: "chip-x"}, " ×"),
      h("span", {className: "visually-hidden"}, " (quitar filtro)"));
    }));
    chips.hidden = active.length === 0;
  }

  function renderFacets(data) {
    const groups = FILTERS.map((f) => {
      const items = data.facets[f.api] || [];
      if (!items.length) return null;
      const selected = values[f.param];
      return h("section", {className: "facet"},
        h("h2", {}, f.title),
        h("ul", {}, items.map((item) => {
          const label = f.label ? f.label(item.label) : item.label;
          const isOn = selected === item.value;
          const href = searchHash({...values, [f.param]: isOn ? "" : item.value, pagina: ""});
          return h("li", {}, h("a", {href, className: isOn ? "facet-on" : "", "aria-current": isOn ? "true" : null,
            dataset: {facet: f.param, value: item.value}},
          h("span", {className: "facet-label"}, label),
          h("span", {className: "count", "aria-label": plural(item.count, "documento", "documentos")},
            String(item.count))));
        })));
    }).filter(Boolean);
    facetsBox.replaceChildren(facetsBox.firstChild, ...(groups.length ? groups : [h("p", {}, "Sin filtros.")]));
  }

  function renderHits(data, q, page) {
    const unit = values.pasajes === "1" ? ["pasaje", "pasajes"] : ["documento", "documentos"];
    const text = data.total
      ? `${plural(data.total, ...unit)} para «${q}»${page > 1 ? `, página ${page}` : ""}`
      : `Sin resultados para «${q}».`;
    status.textContent = text;
    exportLine.hidden = !data.total;
    list.replaceChildren(...data.items.map((hit) => renderHit(hit, q)));
    if (!data.total) list.append(nothingFound(q));
    if (!data.items.length && data.total) list.append(h("li", {}, "No hay más resultados en esta página."));
    renderPager(data.total, page);
  }

  /** No document matches: say so plainly and offer what usually helps. */
  function nothingFound(q) {
    const tips = [h("li", {}, "Revise la ortografía de las palabras.")];
    const words = q.trim().split(/\s+/);
    if (words.length > 1) {
      const fewer = words.slice(0, -1).join(" ");
      tips.push(h("li", {}, "Use menos palabras, por ejemplo ",
        h("a", {href: searchHash({...values, q: fewer, pagina: ""})}, `«${fewer}»`), "."));
    }
    const filtered = FILTERS.some((f) => values[f.param]);
    if (filtered) {
      const clear = Object.fromEntries(FILTERS.map((f) => [f.param, ""]));
      tips.push(h("li", {}, h("a", {href: searchHash({...values, ...clear, pagina: ""})}, "Quite los filtros"),
        " para buscar en todo el archivo."));
    }
    tips.push(h("li", {}, "Pruebe con otras palabras que digan lo mismo, o con el nombre de una persona o un programa."));
    return h("li", {className: "nothing-found"},
      h("p", {}, h("strong", {}, "Ningún documento coincide con su búsqueda.")),
      h("ul", {}, tips));
  }

  function renderPager(total, page) {
    const pages = Math.ceil(total / PAGE);
    pager.replaceChildren();
    if (pages <= 1) return;
    const link = (n, text, rel) => h("a", {href: searchHash({...values, pagina: n === 1 ? "" : String(n)}), rel,
      "aria-current": n === page && !rel ? "page" : null}, text);
    const items = [];
    if (page > 1) items.push(link(page - 1, "← Anterior", "prev"));
    const first = Math.max(1, Math.min(page - 3, pages - 6));
    for (let n = first; n <= Math.min(pages, first + 6); n++) {
      items.push(link(n, String(n)));
    }
    if (page < pages) items.push(link(page + 1, "Siguiente →", "next"));
    pager.append(h("ul", {}, items.map((item) => h("li", {}, item))));
  }

  await load();
  if (ctx.first) input.focus();

  return {
    update(next) {
      values = valuesOf(next.params);
      clearTimeout(timer);
      input.value = values.q || "";
      passages.checked = values.pasajes === "1";
      // A filter, chip or page link was followed: it is about to be replaced, so the results take the focus.
      const active = document.activeElement;
      const fromControls = Boolean(active && active.closest && active.closest(".facets, .chips, .pager"));
      load().then(() => {
        if (fromControls) status.focus();
      });
    },
    destroy() {
      clearTimeout(timer);
    },
  };
}

function documentHref(hit, q) {
  const params = new URLSearchParams({q});
  if (hit.start !== null && hit.start !== undefined) {
    params.set("desde", String(hit.start));
    params.set("hasta", String(hit.end));
  }
  return `#/documento/${hit.document_id}?${params}`;
}

function renderHit(hit, q) {
  const meta = [
    docType(hit.doc_type),
    hit.body,
    hit.institution,
  ].filter(Boolean).map((text) => h("span", {}, text));
  if (hit.date) meta.push(h("span", {}, dateElement(hit.date)));
  if (hit.session) meta.push(h("span", {className: "session"}, sessionLabel(hit.session)));
  if (hit.page) meta.push(h("span", {className: "page"}, `pág. ${hit.page}`));
  if (hit.source === "ocr") {
    const confidence = hit.ocr_confidence === null || hit.ocr_confidence === undefined ? ""
      : ` (confianza ${Math.round(hit.ocr_confidence)} %)`;
    meta.push(h("span", {className: "badge badge-ocr", title: `Texto obtenido por OCR${confidence}`}, "OCR"));
  }
  return h("li", {className: "hit"}, h("article", {},
    h("h2", {}, h("a", {href: documentHref(hit, q)}, hit.title || hit.file_name)),
    h("p", {className: "meta"}, meta),
    hit.section ? h("p", {className: "section"}, h("span", {className: "visually-hidden"}, "Sección: "),
      hit.section) : null,
    h("p", {className: "snippet"}, snippetNodes(hit.snippet)),
    hit.title ? h("p", {className: "file"}, hit.file_name) : null));
}

async function renderWelcome(box, ctx) {
  box.append(h("h2", {id: "bienvenida"}, "Para empezar"));
  let docs;
  try {
    docs = await api("/documents", {params: {limit: 8}, signal: ctx.signal});
  } catch (error) {
    if (error.name === "AbortError") throw error;
    box.append(errorBox(error, ctx.openSettings));
    return;
  }
  if (!docs.total) {
    box.append(h("p", {className: "notice"},
      "El archivo todavía está vacío. Suba documentos en «Subir» (hace falta una clave con permiso de carga) ",
      "o desde la terminal con ", h("code", {}, "acervo ingest CARPETA"), "."));
    return;
  }
  box.append(h("p", {}, `El archivo tiene ${plural(docs.total, "documento", "documentos")}. `,
    "Escriba arriba para buscar, o pruebe con:"));
  const suggestions = await suggestionsFor(ctx);
  if (suggestions.length) {
    box.append(h("ul", {className: "suggestions"}, suggestions.map((text) =>
      h("li", {}, h("a", {href: searchHash({q: text})}, text)))));
  }
  await renderOverview(box, ctx);
  box.append(h("p", {className: "hint"}, "También puede seguir los ", h("a", {href: "#/acuerdos"}, "acuerdos"),
    ", recorrer las ", h("a", {href: "#/sesiones"}, "sesiones"), " por órgano y año, ver las ",
    h("a", {href: "#/personas"}, "personas"), " que asisten a ellas o los ",
    h("a", {href: "#/programas"}, "programas"), " que se mencionan."));
}

async function suggestionsFor(ctx) {
  const out = [];
  try {
    const [programs, agreements] = await Promise.all([
      api("/programs", {params: {limit: 12}, signal: ctx.signal}),
      api("/agreements", {params: {limit: 5}, signal: ctx.signal}),
    ]);
    // The most mentioned programs, each name once (several institutes may have one of the same name).
    out.push(...[...new Set(programs.items.map((p) => p.name))].slice(0, 3));
    const code = agreements.items.find((a) => a.code);
    if (code) out.push(code.code);
  } catch (error) {
    if (error.name === "AbortError") throw error;
  }
  return out;
}
