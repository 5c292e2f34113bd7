// The key dialog: enter, check and keep an API key in this browser (localStorage).

import {api, ApiError, getKey, setKey} from "./api.js";

let changed = () => {};
let opener = null;

function scopesText(scopes) {
  const names = {read: "lectura", ingest: "carga de documentos", admin: "administración"};
  return scopes.map((s) => names[s] || s).join(", ");
}

async function check(key) {
  const response = await fetch("/api/me", {headers: key ? {"X-API-Key": key} : {}});
  if (response.status === 401) throw new ApiError(401, "unauthorized", "La clave no es válida o fue revocada.");
  if (!response.ok) throw new ApiError(response.status, "error", `Error del servicio (${response.status}).`);
  return response.json();
}

export function initSettings(onChange) {
  changed = onChange;
  const dialog = document.getElementById("ajustes");
  const form = document.getElementById("ajustes-form");
  const input = document.getElementById("clave");
  const status = document.getElementById("ajustes-estado");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      status.textContent = "Escriba la clave o use «Quitar clave».";
      input.focus();
      return;
    }
    status.textContent = "Comprobando…";
    try {
      const me = await check(key);
      setKey(key);
      status.textContent = `Clave guardada (${me.key.name}): ${scopesText(me.key.scopes)}.`;
      close(dialog);
      changed();
    } catch (error) {
      status.textContent = error.message;
      input.focus();
    }
  });
  document.getElementById("borrar-clave").addEventListener("click", () => {
    setKey("");
    input.value = "";
    status.textContent = "Se quitó la clave de este navegador.";
    changed();
  });
  document.getElementById("cerrar-ajustes").addEventListener("click", () => close(dialog));
  dialog.addEventListener("close", () => {
    if (opener && document.contains(opener)) opener.focus();
  });
}

function close(dialog) {
  if (dialog.open) dialog.close();
}

export async function openSettings(onChange) {
  if (onChange) changed = onChange;
  const dialog = document.getElementById("ajustes");
  const input = document.getElementById("clave");
  const status = document.getElementById("ajustes-estado");
  opener = document.activeElement;
  input.value = getKey();
  status.textContent = "";
  dialog.showModal();
  input.focus();
  try {
    const me = await api("/me");
    if (me.key) status.textContent = `Clave actual: ${me.key.name} (${scopesText(me.key.scopes)}).`;
    else if (me.open_read) status.textContent = "Sin clave: la lectura está abierta; para subir hace falta una clave.";
    else status.textContent = "Sin clave: escriba una para consultar el archivo.";
  } catch (error) {
    status.textContent = error.message;
  }
}
