// The staff page: hash routes to views, what the caller may do, the key dialog.
// Routes: #/buscar?q=…  #/documento/ID  #/acuerdos?…  #/acuerdo/ID  #/persona/ID  #/personas
//         #/programa/ID  #/programas  #/subir  #/correcciones  #/claves  #/sesiones

import {api} from "./api.js";
import {setTitle, setVocabulary} from "./dom.js";
import * as agreements from "./agreements.js";
import * as curation from "./curation.js";
import * as documentView from "./document.js";
import * as overview from "./overview.js";
import * as people from "./people.js";
import * as programs from "./programs.js";
import * as search from "./search.js";
import {initSettings, openSettings} from "./settings.js";
import * as upload from "./upload.js";

const ROUTES = {
  buscar: {view: search.render, nav: "buscar"},
  documento: {view: documentView.render, nav: "buscar", needsId: true},
  acuerdos: {view: agreements.renderList, nav: "acuerdos"},
  acuerdo: {view: agreements.renderOne, nav: "acuerdos", needsId: true},
  personas: {view: people.renderList, nav: "personas"},
  persona: {view: people.renderOne, nav: "personas", needsId: true},
  programas: {view: programs.renderList, nav: "programas"},
  programa: {view: programs.renderOne, nav: "programas", needsId: true},
  subir: {view: upload.render, nav: "subir"},
  correcciones: {view: curation.renderAudit, nav: "correcciones"},
  sesiones: {view: overview.renderSessions, nav: "sesiones"},
  claves: {view: curation.renderKeys, nav: "claves"},
};

const state = {
  me: {open_read: false, key: null, can_read: false, can_ingest: false, error: null},
  current: null, // {name, id, handle, controller}
  first: true,
};

/** The route in the address: {name, id, params}. */
export function parseHash(hash = location.hash) {
  const raw = hash.replace(/^#\/?/, "");
  const [path, qs = ""] = raw.split("?");
  const [name = "", id = ""] = path.split("/").map(decodeURIComponent);
  return {name: name || "buscar", id, params: new URLSearchParams(qs)};
}

/** Go to a route; `replace` rewrites the address without a new history entry. */
export function go(hash, {replace = false} = {}) {
  if (replace) {
    history.replaceState(null, "", hash);
    route();
  } else if (location.hash === hash) {
    route();
  } else {
    location.hash = hash;
  }
}

async function loadAccess() {
  try {
    state.me = {...(await api("/me")), error: null};
  } catch (error) {
    state.me = {open_read: false, key: null, can_read: false, can_ingest: false, error};
  }
  document.getElementById("nav-subir").hidden = !state.me.can_ingest;
  document.getElementById("nav-claves").hidden = !state.me.can_admin;
  const label = document.querySelector(".settings-label");
  label.textContent = state.me.key ? `Clave: ${state.me.key.name}` : "Clave de acceso";
  return state.me;
}

/** Document types and statuses come from the API (models/vocabulary.py), never from a copy here. */
async function loadVocabulary() {
  try {
    setVocabulary(await api("/vocabulary"));
  } catch {
    // Without it, types show as stored and the status filter is empty; the rest of the page still works.
  }
}

function markNav(nav) {
  for (const link of document.querySelectorAll("[data-nav]")) {
    if (link.dataset.nav === nav) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

/** Draw the current view again from the API (after a correction changed what it shows). */
function reload() {
  if (state.current) state.current.handle = null;
  route();
}

async function route() {
  const {name, id, params} = parseHash();
  const spec = ROUTES[name];
  const main = document.getElementById("contenido");
  const current = state.current;
  const ctx = {main, id, params, go, me: state.me, openSettings: () => openSettings(afterKeyChange), reload};
  if (current && current.name === name && current.id === id && current.handle && current.handle.update) {
    current.handle.update(ctx);
    return;
  }
  if (current) {
    current.controller.abort();
    if (current.handle && current.handle.destroy) current.handle.destroy();
  }
  const controller = new AbortController();
  state.current = {name, id, controller, handle: null};
  markNav(spec ? spec.nav : "");
  main.replaceChildren();
  if (!spec || (spec.needsId && !/^\d+$/.test(id))) {
    setTitle("Página no encontrada");
    main.append(notFound());
    focusHeading(main);
    return;
  }
  const first = state.first;
  state.first = false;
  if (!state.me.can_read && name !== "subir") {
    setTitle("Clave de acceso");
    main.append(keyNeeded(ctx));
    return;
  }
  try {
    const handle = await spec.view({...ctx, signal: controller.signal, first});
    if (state.current && state.current.controller === controller) state.current.handle = handle || null;
  } catch (error) {
    if (error && error.name === "AbortError") return;
    throw error;
  }
  if (!first) focusHeading(main);
}

function focusHeading(main) {
  const heading = main.querySelector("h1");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus({preventScroll: false});
  }
}

/** Reading is not open and no (valid) key is stored: ask for one instead of calling the API in vain. */
function keyNeeded(ctx) {
  const section = document.createElement("section");
  const heading = document.createElement("h1");
  heading.textContent = "Acervo · Archivo de planeación";
  const text = document.createElement("p");
  text.textContent = state.me.error && state.me.error.status === 401
    ? "La clave guardada en este navegador no es válida o fue revocada. Escriba otra para consultar el archivo."
    : "Para consultar el archivo escriba su clave de acceso. La entrega quien administra Acervo.";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "primary";
  button.textContent = "Escribir clave de acceso";
  button.addEventListener("click", ctx.openSettings);
  section.append(heading, text, button);
  section.className = "notice";
  return section;
}

function notFound() {
  const section = document.createElement("section");
  section.innerHTML = '<h1>Página no encontrada</h1><p><a href="#/buscar">Ir a la búsqueda</a></p>';
  return section;
}

async function afterKeyChange() {
  await loadAccess();
  if (state.current) {
    state.current.controller.abort();
    state.current = null;
  }
  route();
}

function skipLink() {
  document.querySelector("[data-skip]").addEventListener("click", (event) => {
    event.preventDefault();
    const main = document.getElementById("contenido");
    main.focus();
    main.scrollIntoView();
  });
}

async function start() {
  skipLink();
  initSettings(() => afterKeyChange());
  document.getElementById("abrir-ajustes").addEventListener("click", () => openSettings(afterKeyChange));
  await Promise.all([loadAccess(), loadVocabulary()]);
  window.addEventListener("hashchange", () => route());
  if (!location.hash || location.hash === "#" || location.hash === "#/") history.replaceState(null, "", "#/buscar");
  route();
}

start();
