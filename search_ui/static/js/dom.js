// Building the page safely: every API text becomes a text node; only snippet <mark>s become elements.

/** An element: h("a", {href: "#/x", className: "y"}, "texto", otherNode). Strings become text nodes. */
export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "className") node.className = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
    else if (name in node && !name.includes("-") && name !== "list") node[name] = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

/** Append children to a node, skipping null, undefined and false (Node.append would write "null"). */
export function add(node, ...children) {
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

const ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'", "&#39;": "'"};

function unescape(text) {
  return text.replace(/&(?:amp|lt|gt|quot|#x27|#39);/g, (m) => ENTITIES[m]);
}

/** A snippet as the API sends it (HTML-escaped text, matches in <mark>…</mark>) as DOM nodes.
 * Nothing but <mark> is ever turned into markup: the rest is decoded and added as text. */
export function snippetNodes(snippet) {
  const nodes = [];
  const parts = String(snippet || "").split(/(<mark>|<\/mark>)/);
  let marked = false;
  for (const part of parts) {
    if (part === "<mark>") marked = true;
    else if (part === "</mark>") marked = false;
    else if (part) {
      const text = unescape(part);
      nodes.push(marked ? h("mark", {}, text) : document.createTextNode(text));
    }
  }
  return nodes;
}

/** The API's vocabularies (GET /api/vocabulary): document types, statuses, events, scopes; loaded once. */
export const vocabulary = {doc_types: [], statuses: [], webhook_events: [], scopes: [], participation_kinds: []};

export function setVocabulary(values) {
  Object.assign(vocabulary, values);
}

export function docType(value) {
  const known = vocabulary.doc_types.find((t) => t.value === value);
  return known ? known.label : value || "";
}

/** The normalised agreement statuses, in the API's order. */
export function statuses() {
  return vocabulary.statuses.map((s) => s.value);
}

const MONTHS = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"];
const MONTHS_LONG = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
  "octubre", "noviembre", "diciembre"];

/** "2024-03-21" → "21 mar 2024" (or the long month), without time zones getting in the way. */
export function formatDate(iso, long = false) {
  if (!iso) return "";
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return String(iso);
  const [, year, month, day] = match;
  const names = long ? MONTHS_LONG : MONTHS;
  return `${Number(day)} ${long ? "de " : ""}${names[Number(month) - 1]}${long ? " de" : ""} ${year}`;
}

export function dateElement(iso, long = false) {
  return iso ? h("time", {dateTime: iso}, formatDate(iso, long)) : null;
}

const ORDINAL_TYPES = {ordinaria: "ordinaria", extraordinaria: "extraordinaria", solemne: "solemne"};

/** {number: 3, type: "ordinaria"} → "3.ª sesión ordinaria". */
export function sessionLabel(session) {
  if (!session) return "";
  const kind = ORDINAL_TYPES[session.type] || session.type || "";
  const number = session.number ? `${session.number}.ª ` : "";
  return `${number}sesión ${kind}`.trim();
}

export function statusBadge(status) {
  const value = status || "sin información";
  return h("span", {className: `badge status-${value.replace(/\s+/g, "-")}`}, value);
}

/** A bar on the 0-100 scale with its number beside it; "sin dato" when unknown. */
export function progressBar(progress, label = "Avance") {
  if (progress === null || progress === undefined) {
    return h("span", {className: "progress progress-unknown"}, h("span", {className: "progress-text"}, "sin dato"));
  }
  const value = Math.max(0, Math.min(100, Math.round(Number(progress))));
  return h("span", {className: "progress"},
    h("span", {className: "progress-track", role: "progressbar", "aria-label": label, "aria-valuemin": "0",
      "aria-valuemax": "100", "aria-valuenow": String(value)},
    h("span", {className: "progress-fill", style: `width: ${value}%`})),
    h("span", {className: "progress-text"}, `${value} %`));
}

// Error codes whose `detail` the API writes in Spanish for staff; other details are technical (often English)
// and stay out of the page: it speaks Spanish only.
const SPANISH_DETAIL = new Set(["correction_refused"]);

/** A message box for an error, with a way to enter a key when that is what is missing. */
export function errorBox(error, onKey) {
  const detail = error.detail && SPANISH_DETAIL.has(error.code) ? error.detail : null;
  const box = h("div", {className: "notice error", role: "alert"},
    h("p", {}, error.message || "Algo salió mal."),
    detail ? h("p", {className: "detail"}, detail) : null);
  if ((error.status === 401 || error.status === 403) && onKey) {
    box.append(h("p", {}, h("button", {type: "button", className: "primary", onclick: onKey},
      "Escribir clave de acceso")));
  }
  return box;
}

/** "1 documento" / "3 documentos". */
export function plural(n, one, many) {
  return `${n.toLocaleString("es-MX")} ${n === 1 ? one : many}`;
}

export function setTitle(text) {
  document.title = text ? `${text} · Acervo` : "Acervo · Archivo de planeación";
}

/** Announce a short text to screen readers (the page's polite live region). */
export function announce(text) {
  const region = document.getElementById("anuncio");
  if (!region) return;
  region.textContent = "";
  setTimeout(() => {
    region.textContent = text;
  }, 30);
}
