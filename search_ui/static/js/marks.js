// Entities in the text: the spans of the extraction cut a block's text into marked segments.
// Offsets from the API count Unicode code points (Python), so text is sliced as arrays of code points.

import {h} from "./dom.js";

export const KINDS = {
  persona: "Participante",
  acuerdo: "Acuerdo",
  fecha: "Fecha",
  programa: "Programa",
  sesion: "Sesión",
};

/** Every entity of an extraction with a span: {key, kind, start, end, label, item}. */
export function entitySpans(extraction) {
  const out = [];
  const add = (kind, items, label) => (items || []).forEach((item, i) => {
    if (Array.isArray(item.span) && item.span.length === 2 && item.span[1] > item.span[0]) {
      out.push({key: `${kind}-${i}`, kind, start: item.span[0], end: item.span[1], label: label(item), item});
    }
  });
  if (extraction.session) add("sesion", [extraction.session], () => "Sesión");
  add("persona", extraction.participants, (p) => p.name);
  add("acuerdo", extraction.agreements, (a) => a.id || "Acuerdo");
  add("fecha", extraction.dates, (d) => d.text);
  add("programa", extraction.programs, (p) => p.name);
  return out;
}

/** Nodes for text[start, end) of a document (given as code points from `offset`), with entity marks and
 * the highlighted passage. `spans` are absolute; the innermost covering entity gives each segment's mark. */
export function markedNodes(chars, offset, spans, passage) {
  const end = offset + chars.length;
  const inside = spans.filter((s) => s.start < end && s.end > offset);
  const cuts = new Set([offset, end]);
  for (const s of inside) {
    cuts.add(Math.max(s.start, offset));
    cuts.add(Math.min(s.end, end));
  }
  if (passage) {
    if (passage.start > offset && passage.start < end) cuts.add(passage.start);
    if (passage.end > offset && passage.end < end) cuts.add(passage.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const nodes = [];
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i];
    const b = points[i + 1];
    const text = chars.slice(a - offset, b - offset).join("");
    if (!text) continue;
    const covering = inside.filter((s) => s.start <= a && s.end >= b).sort((x, y) => (x.end - x.start) -
      (y.end - y.start));
    let node = document.createTextNode(text);
    if (covering.length) {
      const inner = covering[0];
      const classes = ["ent", `ent-${inner.kind}`, ...covering.slice(1).map((s) => `in-${s.kind}`)];
      node = h("mark", {className: classes.join(" "), dataset: {entity: inner.key}, title: KINDS[inner.kind]}, text);
    }
    if (passage && a >= passage.start && b <= passage.end) node = h("span", {className: "passage"}, node);
    nodes.push(node);
  }
  return nodes;
}

/** Cell offsets of a table block whose text is its rows joined by tabs and newlines; null otherwise. */
export function cellOffsets(block) {
  if (!Array.isArray(block.rows) || !block.rows.length) return null;
  const joined = block.rows.map((row) => row.join("\t")).join("\n");
  if (joined !== block.text) return null;
  const offsets = [];
  let at = block.start;
  for (const row of block.rows) {
    offsets.push(row.map((cell) => {
      const start = at;
      at += Array.from(cell).length + 1;
      return start;
    }));
  }
  return offsets;
}
