// The document page: its text with headings, lists and tables, entities marked in the text and listed
// beside it, the original file, and where the search's hits are (page and passage).
// #/documento/ID?q=agua&desde=120&hasta=480

import {api, download, getKey} from "./api.js";
import {documentPanel} from "./curation.js";
import {add, dateElement, docType, errorBox, formatDate, h, plural, sessionLabel, setTitle, snippetNodes}
  from "./dom.js";
import {cellOffsets, entitySpans, KINDS, markedNodes} from "./marks.js";
import {searchHash} from "./search.js";

const FORMATS = {pdf: "PDF", docx: "Word", html: "HTML", markdown: "Markdown", text: "texto", image: "imagen"};

/** The pages read by OCR, by number: {page: confidence (0-100) or null}. */
function ocrPages(doc) {
  const out = new Map();
  for (const p of doc.page_sources || []) if (p.source === "ocr") out.set(p.page, p.ocr_confidence);
  return out;
}

function percent(value) {
  return value === null || value === undefined ? "" : ` (confianza ${Math.round(value)} %)`;
}

/** "Texto obtenido por OCR (confianza N %)": for the whole document, or naming the pages where it applies. */
function ocrNotice(doc) {
  const ocr = ocrPages(doc);
  if (!ocr.size) return null;
  const known = [...ocr.values()].filter((c) => c !== null && c !== undefined);
  const mean = known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
  const all = ocr.size === (doc.page_sources || []).length;
  const pages = [...ocr.keys()];
  const where = all ? "" : `${pages.length === 1 ? "Página" : "Páginas"} ${pages.join(", ")}: t`;
  return h("p", {className: "ocr-notice", role: "note"},
    `${where || "T"}exto obtenido por OCR${percent(mean)}. `,
    "Se leyó de la imagen escaneada: puede contener errores; consulte el archivo original ante cualquier duda.");
}

function passageOf(params) {
  const start = Number(params.get("desde"));
  const end = Number(params.get("hasta"));
  return params.has("desde") && Number.isFinite(start) && Number.isFinite(end) && end > start ? {start, end} : null;
}

export async function render(ctx) {
  const id = Number(ctx.id);
  let doc;
  let extraction;
  try {
    [doc, extraction] = await Promise.all([
      api(`/documents/${id}`, {signal: ctx.signal}),
      api(`/documents/${id}/entities`, {signal: ctx.signal}),
    ]);
  } catch (error) {
    if (error.name === "AbortError") throw error;
    setTitle("Documento");
    add(ctx.main, h("h1", {}, "Documento"), errorBox(error, ctx.openSettings));
    return null;
  }
  const title = doc.title || doc.file_name;
  setTitle(title);
  const spans = entitySpans(extraction);
  let q = ctx.params.get("q") || "";
  let passage = passageOf(ctx.params);

  const text = h("article", {className: "doc-text", "aria-label": "Texto del documento"});
  const hitsBox = h("section", {className: "doc-hits", "aria-labelledby": "coincidencias"});
  const side = h("aside", {className: "doc-side", "aria-label": "Entidades del documento"},
    hitsBox, entityPanel(extraction, spans, doc, ctx, text));
  add(ctx.main, 
    q ? h("p", {className: "back"}, h("a", {href: searchHash({q})}, `← Volver a los resultados de «${q}»`)) : null,
    header(doc, title),
    ctx.me.can_edit ? documentPanel(ctx, doc) : null,
    h("div", {className: "doc-layout"}, side, text),
  );

  function drawText() {
    text.replaceChildren(...renderBlocks(doc, title, spans, passage));
    const blocks = [...new Set([...text.querySelectorAll(".passage")].map((p) => p.closest("[data-start]") || p))];
    for (const block of blocks) block.classList.add("passage-block");
    if (blocks.length) {
      blocks[0].setAttribute("tabindex", "-1");
      requestAnimationFrame(() => blocks[0].scrollIntoView({block: "center"}));
    }
  }
  drawText();
  if (q) drawHits(hitsBox, doc, q, ctx);
  else hitsBox.hidden = true;

  return {
    update(next) {
      const nextQ = next.params.get("q") || "";
      passage = passageOf(next.params);
      drawText();
      if (nextQ !== q) {
        q = nextQ;
        hitsBox.hidden = !q;
        if (q) drawHits(hitsBox, doc, q, next);
      }
      const block = text.querySelector(".passage-block");
      if (block) block.focus({preventScroll: true});
    },
  };
}

function header(doc, title) {
  const meta = [docType(doc.doc_type), doc.body, doc.institution].filter(Boolean).map((t) => h("span", {}, t));
  if (doc.date) meta.push(h("span", {}, dateElement(doc.date, true)));
  if (doc.pages) meta.push(h("span", {}, plural(doc.pages, "página", "páginas")));
  const fileLink = h("a", {href: `/api/documents/${doc.id}/file`, className: "button", target: "_blank",
    rel: "noopener"}, `Archivo original (${FORMATS[doc.format] || doc.format})`);
  fileLink.addEventListener("click", async (event) => {
    if (!getKey()) return; // open reading: the plain link works
    event.preventDefault();
    try {
      await download(`/documents/${doc.id}/file`, {}, doc.file_name);
    } catch (error) {
      fileLink.after(h("span", {className: "inline-error", role: "alert"}, ` ${error.message}`));
    }
  });
  return h("header", {className: "doc-header"},
    h("h1", {}, title),
    h("p", {className: "meta"}, meta),
    h("p", {className: "file-line"}, h("span", {className: "file"}, doc.file_name), " ", fileLink),
    ocrNotice(doc));
}

function renderBlocks(doc, title, spans, passage) {
  const out = [];
  let list = null;
  let page = null;
  const ocr = ocrPages(doc);
  const skipTitle = doc.blocks.length && doc.blocks[0].kind === "heading" &&
    doc.blocks[0].text.trim() === (title || "").trim();
  // The document's top heading level (after its title) becomes h2 under the page's h1.
  const levels = doc.blocks.filter((b, i) => b.kind === "heading" && !(skipTitle && i === 0)).map((b) => b.level || 1);
  const top = levels.length ? Math.min(...levels) : 1;
  doc.blocks.forEach((block, index) => {
    if (block.page && block.page !== page) {
      page = block.page;
      const marker = h("p", {className: "page-marker", dataset: {page: String(page)}}, `Página ${page}`);
      if (ocr.has(page)) {
        marker.append(h("span", {className: "ocr-page"}, ` · Texto obtenido por OCR${percent(ocr.get(page))}`));
      }
      out.push(marker);
      list = null;
    }
    if (index === 0 && skipTitle) return;
    const chars = Array.from(block.text);
    const at = {dataset: {start: String(block.start), end: String(block.end), page: block.page ? String(block.page) : ""}};
    if (block.kind === "list_item") {
      if (!list) {
        list = h("ul", {});
        out.push(list);
      }
      const item = h("li", at, markedNodes(chars, block.start, spans, passage));
      if (/^\s*(\d+|[a-zA-Z]|[ivxlcIVXLC]+)[.)]\s/.test(block.text)) item.classList.add("own-marker");
      list.append(item);
      return;
    }
    list = null;
    if (block.kind === "heading") {
      const level = Math.min(6, Math.max(2, (block.level || 1) - top + 2));
      out.push(h(`h${level}`, at, markedNodes(chars, block.start, spans, passage)));
    } else if (block.kind === "table") {
      out.push(renderTable(block, spans, passage, at));
    } else {
      out.push(h("p", at, markedNodes(chars, block.start, spans, passage)));
    }
  });
  return out;
}

function renderTable(block, spans, passage, at) {
  const offsets = cellOffsets(block);
  const rows = Array.isArray(block.rows) && block.rows.length ? block.rows : block.text.split("\n").map((r) =>
    r.split("\t"));
  const cell = (tag, value, r, c, extra = {}) => {
    const chars = Array.from(value);
    const content = offsets ? markedNodes(chars, offsets[r][c], spans, passage) : value;
    return h(tag, extra, content);
  };
  const [head, ...body] = rows;
  const table = h("table", {},
    h("thead", {}, h("tr", {}, head.map((value, c) => cell("th", value, 0, c, {scope: "col"})))),
    h("tbody", {}, body.map((row, r) => h("tr", {}, row.map((value, c) => cell("td", value, r + 1, c))))));
  const wrap = h("div", {className: "table-wrap", ...at, tabindex: "0", role: "region", "aria-label": "Tabla"}, table);
  if (!offsets && passage && passage.start < block.end && passage.end > block.start) {
    wrap.classList.add("passage"); // cells without offsets: the whole table is the passage
  }
  return wrap;
}

async function drawHits(box, doc, q, ctx) {
  box.replaceChildren(h("h2", {id: "coincidencias"}, `Coincidencias de «${q}»`), h("p", {}, "Buscando…"));
  let data;
  try {
    data = await api("/search", {params: {q, document: doc.id, passages: true, limit: 20}, signal: ctx.signal});
  } catch (error) {
    if (error.name === "AbortError") return;
    box.replaceChildren(h("h2", {id: "coincidencias"}, `Coincidencias de «${q}»`), errorBox(error, ctx.openSettings));
    return;
  }
  const located = data.items.filter((hit) => hit.start !== null && hit.start !== undefined);
  // Passages where the words are (marked) are the hits; with none, the closest passages by meaning.
  const marked = located.filter((hit) => hit.snippet.includes("<mark>"));
  const items = marked.length ? marked : located.slice(0, 3);
  const heading = marked.length || !items.length ? `Coincidencias de «${q}» (${marked.length})`
    : `Pasajes relacionados con «${q}»`;
  box.replaceChildren(
    h("h2", {id: "coincidencias"}, heading),
    items.length ? h("ol", {className: "doc-hit-list"}, items.map((hit) => {
      const params = new URLSearchParams({q, desde: String(hit.start), hasta: String(hit.end)});
      const section = hit.section ? hit.section.split("›").pop().trim() : "";
      const ocr = hit.page ? ocrPages(doc) : new Map();
      const where = [hit.page ? `pág. ${hit.page}` : null, section,
        ocr.has(hit.page) ? `texto por OCR${percent(ocr.get(hit.page))}` : null].filter(Boolean).join(" · ") || "pasaje";
      return h("li", {}, h("a", {href: `#/documento/${doc.id}?${params}`, className: "hit-link"}, where),
        h("span", {className: "snippet"}, snippetNodes(hit.snippet)));
    })) : h("p", {}, "Ningún pasaje de este documento coincide."));
}

function entityPanel(extraction, spans, doc, ctx, text) {
  const byKind = (kind) => spans.filter((s) => s.kind === kind);
  const total = spans.filter((s) => s.kind !== "sesion").length;
  const box = h("details", {className: "entities", open: window.matchMedia("(min-width: 62rem)").matches},
    h("summary", {}, h("h2", {}, `Entidades (${total})`)));

  const show = (key) => {
    const mark = text.querySelector(`mark[data-entity="${key}"]`);
    if (!mark) return;
    for (const old of text.querySelectorAll("mark.flash")) old.classList.remove("flash");
    for (const m of text.querySelectorAll(`mark[data-entity="${key}"]`)) m.classList.add("flash");
    mark.setAttribute("tabindex", "-1");
    mark.scrollIntoView({block: "center"});
    mark.focus({preventScroll: true});
  };
  // An entity on a page read by OCR says so (the API marks it with the page's confidence).
  const ocrBadge = (item) => item && item.source === "ocr" ? h("span", {className: "badge badge-ocr",
    title: `Texto obtenido por OCR${percent(item.ocr_confidence)}, página ${item.page}`}, "OCR") : null;
  const seeButton = (span, name) => [ocrBadge(span.item), h("button", {type: "button", className: "link-button see",
    "aria-label": `Ver «${name}» en el texto`, onclick: () => show(span.key)}, "ver en el texto")];

  const session = extraction.session;
  if (session && (session.number || session.date)) {
    box.append(h("section", {className: "ent-group"}, h("h3", {}, "Sesión"),
      h("p", {}, sessionLabel(session) || "Sesión", session.date ? [" · ", dateElement(session.date, true)] : null),
      h("p", {className: "meta"}, [session.start_time && `${session.start_time}${session.end_time ?
        `–${session.end_time}` : ""} h`, session.place].filter(Boolean).join(" · "))));
  }

  const people = byKind("persona");
  const extra = (extraction.participants || []).filter((p) => !Array.isArray(p.span));
  if (people.length || extra.length) {
    box.append(h("section", {className: "ent-group"}, h("h3", {}, `Participantes (${people.length + extra.length})`),
      h("ul", {className: "ent-list"}, [...people.map((s) => ({span: s, p: s.item})), ...extra.map((p) => ({p}))]
        .map(({span, p}) => h("li", {className: "item-persona"},
          h("span", {className: "swatch swatch-persona", "aria-hidden": "true"}),
          personLink(p.name, ctx), p.title ? h("span", {className: "muted"}, ` (${p.title})`) : null,
          p.role ? h("span", {className: "role"}, p.role) : null,
          p.present === false ? h("span", {className: "badge"}, "ausente") : null,
          span ? seeButton(span, p.name) : null)))));
  }

  const agreements = byKind("acuerdo");
  if (agreements.length) {
    box.append(h("section", {className: "ent-group"}, h("h3", {}, `Acuerdos (${agreements.length})`),
      h("ul", {className: "ent-list"}, agreements.map((s) => {
        const a = s.item;
        return h("li", {className: "item-acuerdo"},
          h("span", {className: "swatch swatch-acuerdo", "aria-hidden": "true"}),
          agreementLink(a, doc, ctx), h("span", {className: "ent-text"}, a.text),
          h("span", {className: "meta"}, [a.kind === "follow_up" ? "seguimiento" : null, a.vote && `votación: ${a.vote}`,
            a.responsible && `responsable: ${a.responsible}`, a.due && `plazo: ${formatDate(a.due)}`,
            a.status && `estado: ${a.status}`].filter(Boolean).join(" · ")),
          seeButton(s, a.id || "acuerdo"));
      }))));
  }

  const dates = byKind("fecha");
  if (dates.length) {
    box.append(h("section", {className: "ent-group"}, h("h3", {}, `Fechas (${dates.length})`),
      h("ul", {className: "ent-list"}, dates.map((s) => h("li", {className: "item-fecha"},
        h("span", {className: "swatch swatch-fecha", "aria-hidden": "true"}),
        dateElement(s.item.value, true), s.item.time ? ` ${s.item.time} h` : "",
        h("span", {className: "muted"}, ` «${s.item.text}»`), seeButton(s, s.item.text))))));
  }

  const programs = byKind("programa");
  if (programs.length) {
    box.append(h("section", {className: "ent-group"}, h("h3", {}, `Programas (${programs.length})`),
      h("ul", {className: "ent-list"}, programs.map((s) => h("li", {className: "item-programa"},
        h("span", {className: "swatch swatch-programa", "aria-hidden": "true"}),
        programLink(s.item.name, ctx), s.item.acronym ? h("span", {className: "muted"}, ` (${s.item.acronym})`) : null,
        seeButton(s, s.item.name))))));
  }
  if (!total && !session) box.append(h("p", {}, "No se encontraron entidades en este documento."));
  box.append(h("p", {className: "legend"}, "En el texto: ", Object.entries(KINDS).filter(([k]) => k !== "sesion")
    .map(([kind, name]) => h("span", {className: `legend-item`}, h("mark", {className: `ent ent-${kind}`}, name)))));
  return box;
}

// Links to the person, program and agreement pages: the extraction names them; the store knows their ids.

function lazyLink(name, resolve) {
  const slot = h("span", {className: "ent-name"}, name);
  resolve().then((href) => {
    if (href) slot.replaceChildren(h("a", {href}, name));
  }).catch(() => {});
  return slot;
}

const fold = (s) => String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();

function personLink(name, ctx) {
  return lazyLink(name, async () => {
    const found = await api("/people", {params: {name, limit: 5}, signal: ctx.signal});
    const match = found.items.find((p) => fold(p.name) === fold(name)) || found.items[0];
    return match ? `#/persona/${match.id}` : null;
  });
}

function programLink(name, ctx) {
  return lazyLink(name, async () => {
    const found = await api("/programs", {params: {name, limit: 5}, signal: ctx.signal});
    const match = found.items.find((p) => fold(p.name) === fold(name)) || found.items[0];
    return match ? `#/programa/${match.id}` : null;
  });
}

function agreementLink(agreement, doc, ctx) {
  const label = agreement.id || "Acuerdo";
  if (!agreement.id) return h("strong", {className: "ent-name"}, label);
  const slot = h("strong", {className: "ent-name"}, label);
  api("/agreements", {params: {code: agreement.id, limit: 50}, signal: ctx.signal}).then((found) => {
    const items = found.items || [];
    const here = (a) => a.document_id === doc.id || (a.origin && a.origin.document_id === doc.id);
    const match = items.find(here) || items.find((a) => !doc.body || a.body === doc.body) || items[0];
    if (match) slot.replaceChildren(h("a", {href: `#/acuerdo/${match.id}`}, label));
  }).catch(() => {});
  return slot;
}
