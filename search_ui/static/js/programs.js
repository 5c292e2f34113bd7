// Programs: the list, and one program's mentions over time (a small bar chart) with links to each mention.
// #/programas?nombre=atlas   #/programa/ID

import {api} from "./api.js";
import {programPanel} from "./curation.js";
import {add, dateElement, errorBox, h, plural, setTitle} from "./dom.js";
import {nameList} from "./people.js";
import {searchHash} from "./search.js";

export async function renderList(ctx) {
  setTitle("Programas");
  return nameList(ctx, {
    title: "Programas, planes y proyectos",
    route: "#/programas",
    path: "/programs",
    exportPath: "/programs/export",
    exportName: "programas.csv",
    inputLabel: "Buscar por nombre o sigla",
    item: (p) => h("li", {}, h("span", {}, h("a", {href: `#/programa/${p.id}`}, p.name),
      p.acronym ? h("span", {className: "muted"}, ` (${p.acronym})`) : null,
      p.institution ? h("span", {className: "muted block"}, p.institution) : null), " ",
      h("span", {className: "count"}, plural(p.mentions, "mención", "menciones"))),
    empty: "No hay programas registrados con ese nombre.",
  });
}

export async function renderOne(ctx) {
  let program;
  try {
    program = await api(`/programs/${Number(ctx.id)}`, {signal: ctx.signal});
  } catch (error) {
    if (error.name === "AbortError") throw error;
    setTitle("Programa");
    add(ctx.main, h("p", {className: "back"}, h("a", {href: "#/programas"}, "← Programas")), h("h1", {}, "Programa"),
      errorBox(error, ctx.openSettings));
    return null;
  }
  setTitle(program.name);
  const aliases = (program.aliases || []).filter((a) => a && a !== program.name);
  const items = program.items || [];
  add(ctx.main, 
    h("p", {className: "back"}, h("a", {href: "#/programas"}, "← Programas")),
    h("h1", {}, program.name, program.acronym ? h("span", {className: "muted"}, ` (${program.acronym})`) : null),
    program.institution ? h("p", {className: "meta"}, program.institution) : null,
    aliases.length ? h("p", {className: "muted"}, `También escrito: ${aliases.join(", ")}`) : null,
    h("p", {}, `${plural(program.mentions ?? items.length, "mención", "menciones")} en `,
      `${plural(program.documents ?? new Set(items.map((i) => i.document_id)).size, "documento", "documentos")}. `,
      h("a", {href: searchHash({q: program.name, programa: String(program.id)})}, "Buscar en esos documentos")),
    h("h2", {id: "por-anio"}, "Menciones por año"),
    yearChart(program.by_year || []),
    h("h2", {id: "menciones"}, "Dónde se menciona"),
    items.length ? h("ul", {className: "mention-list", "aria-labelledby": "menciones"}, items.map((m) => {
      const params = new URLSearchParams();
      if (m.span_start !== null && m.span_start !== undefined) {
        params.set("desde", String(m.span_start));
        params.set("hasta", String(m.span_end));
      }
      return h("li", {}, m.date ? dateElement(m.date) : "sin fecha", " · ",
        h("a", {href: `#/documento/${m.document_id}${params.size ? `?${params}` : ""}`}, m.file_name),
        m.name_as_written && m.name_as_written !== program.name
          ? h("span", {className: "muted"}, ` — «${m.name_as_written}»`) : null);
    })) : h("p", {}, "Sin menciones registradas."),
  );
  if (ctx.me.can_edit) add(ctx.main, await programPanel(ctx, program));
  return null;
}

/** Mentions per year as an SVG bar chart, with the numbers as a table for screen readers. */
export function yearChart(byYear) {
  const data = byYear.filter((d) => d.year !== null && d.year !== undefined)
    .sort((a, b) => a.year - b.year);
  if (!data.length) return h("p", {}, "Sin fechas para trazar la serie.");
  const years = [];
  for (let y = data[0].year; y <= data[data.length - 1].year; y++) years.push(y);
  const counts = new Map(data.map((d) => [d.year, d.mentions]));
  const max = Math.max(...data.map((d) => d.mentions), 1);
  const barW = 36;
  const gap = 12;
  const height = 100;
  const width = years.length * (barW + gap) + gap;
  const svgNS = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(svgNS, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height + 40}`);
  svg.setAttribute("class", "year-chart");
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", String(height + 40));
  svg.setAttribute("aria-hidden", "true");
  const el = (tag, attrs, text) => {
    const node = document.createElementNS(svgNS, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    svg.append(node);
  };
  years.forEach((year, i) => {
    const n = counts.get(year) || 0;
    const barH = Math.round((n / max) * height);
    const x = gap + i * (barW + gap);
    el("rect", {x, y: height - barH + 18, width: barW, height: Math.max(barH, n ? 2 : 0), rx: 3, class: "bar"});
    el("text", {x: x + barW / 2, y: height - barH + 14, "text-anchor": "middle", class: "value"}, String(n));
    el("text", {x: x + barW / 2, y: height + 34, "text-anchor": "middle", class: "axis"}, String(year));
  });
  const table = h("table", {className: "visually-hidden"}, h("caption", {}, "Menciones por año"),
    h("thead", {}, h("tr", {}, h("th", {scope: "col"}, "Año"), h("th", {scope: "col"}, "Menciones"))),
    h("tbody", {}, years.map((y) => h("tr", {}, h("td", {}, String(y)), h("td", {}, String(counts.get(y) || 0))))));
  return h("figure", {className: "chart"}, svg, table);
}
