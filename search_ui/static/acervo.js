"use strict";
const TYPES = {acta: "Acta", orden_del_dia: "Orden del día", informe: "Informe", plan: "Plan",
  comunicado: "Comunicado", convocatoria: "Convocatoria", other: "Otro"};

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

async function loadDocuments() {
  const params = new URLSearchParams();
  const type = document.getElementById("doc_type").value;
  if (type) params.set("doc_type", type);
  params.set("limit", "100");
  const res = await fetch("/api/documents?" + params);
  const page = await res.json();
  document.getElementById("count").textContent = `${page.total} documentos`;
  const list = document.getElementById("documents");
  list.replaceChildren(...page.items.map((d) => el("li", {},
    el("a", {href: `#doc-${d.id}`, onclick: () => showDocument(d.id)}, d.title || d.file_name),
    el("div", {className: "meta"},
      [TYPES[d.doc_type] || d.doc_type, d.institution, d.body, d.date].filter(Boolean).join(" · ")))));
}

async function showDocument(id) {
  const res = await fetch(`/api/documents/${id}`);
  const doc = await res.json();
  const view = document.getElementById("document");
  view.replaceChildren(el("h2", {}, doc.title || doc.file_name), ...doc.blocks.map(renderBlock));
  view.hidden = false;
  view.scrollIntoView();
}

function renderBlock(block) {
  if (block.kind === "heading") return el("h3", {}, block.text);
  if (block.kind === "list_item") return el("p", {}, "• " + block.text);
  if (block.kind === "table" && block.rows) {
    return el("table", {}, ...block.rows.map((row) => el("tr", {}, ...row.map((c) => el("td", {}, c)))));
  }
  return el("p", {}, block.text);
}

document.getElementById("doc_type").addEventListener("change", loadDocuments);
loadDocuments();
