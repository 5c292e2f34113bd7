// Talking to the Acervo API: the key kept in this browser, JSON requests, errors in Spanish.

const KEY_STORAGE = "acervo.clave";

export function getKey() {
  try {
    return localStorage.getItem(KEY_STORAGE) || "";
  } catch {
    return "";
  }
}

export function setKey(value) {
  try {
    if (value) localStorage.setItem(KEY_STORAGE, value);
    else localStorage.removeItem(KEY_STORAGE);
  } catch {
    // Storage may be disabled (private mode): the key then lasts until the page closes.
  }
}

/** An error the API reported, with its stable code and the Spanish message. */
export class ApiError extends Error {
  constructor(status, code, message, detail) {
    super(message);
    this.status = status;
    this.code = code;
    this.detail = detail || "";
  }
}

const FALLBACK = {
  0: "No se pudo conectar con el servicio. Revise la conexión y vuelva a intentarlo.",
  401: "Hace falta una clave de acceso válida.",
  403: "Su clave no tiene el permiso necesario.",
  404: "No se encontró lo que busca.",
  503: "El servicio no está disponible en este momento.",
};

export function headers(extra = {}) {
  const key = getKey();
  return key ? {...extra, "X-API-Key": key} : extra;
}

/** A query string from an object, leaving out empty values. */
export function query(params = {}) {
  const out = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "" || value === false) continue;
    out.set(name, String(value));
  }
  const text = out.toString();
  return text ? `?${text}` : "";
}

async function failure(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const error = body && body.error;
  const message = (error && error.message && error.message.es) || FALLBACK[response.status] ||
    `Error del servicio (${response.status}).`;
  return new ApiError(response.status, (error && error.code) || "error", message, error && error.detail);
}

/** GET (or another method) /api + path; `json` is sent as a JSON body. The parsed JSON, or an ApiError. */
export async function api(path, {params, method = "GET", body, json, signal} = {}) {
  let response;
  const extra = json === undefined ? {} : {"Content-Type": "application/json"};
  if (json !== undefined) body = JSON.stringify(json);
  try {
    response = await fetch(`/api${path}${query(params)}`, {method, body, signal, headers: headers(extra)});
  } catch (exc) {
    if (exc && exc.name === "AbortError") throw exc;
    throw new ApiError(0, "network", FALLBACK[0]);
  }
  if (!response.ok) throw await failure(response);
  return response.json();
}

/** A file from the API (it needs the key header, so not a plain link), saved under `name`. */
export async function download(path, params, name) {
  const response = await fetch(`/api${path}${query(params)}`, {headers: headers()});
  if (!response.ok) throw await failure(response);
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement("a"), {href: url, download: name});
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** POST files to /api/documents with upload progress (fetch has none); resolves to the JSON body. */
export function uploadFiles(files, onProgress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const file of files) form.append("files", file, file.name);
    const request = new XMLHttpRequest();
    request.open("POST", "/api/documents");
    for (const [name, value] of Object.entries(headers())) request.setRequestHeader(name, value);
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable && onProgress) onProgress(Math.round((100 * event.loaded) / event.total));
    });
    request.addEventListener("load", () => {
      let body = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = null;
      }
      if (request.status >= 200 && request.status < 300) return resolve(body);
      const error = body && body.error;
      reject(new ApiError(request.status, (error && error.code) || "error",
        (error && error.message && error.message.es) || FALLBACK[request.status] || `Error (${request.status}).`,
        error && error.detail));
    });
    request.addEventListener("error", () => reject(new ApiError(0, "network", FALLBACK[0])));
    request.send(form);
  });
}
