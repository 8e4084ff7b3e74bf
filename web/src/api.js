// The dashboard knows only the HTTP API (docs/api.md). The bearer token lives in
// sessionStorage: it is sent as a header, never as a cookie, so no other site can make the
// browser use it, and it is gone when the tab closes.

const TOKEN_KEY = 'aidledger.token';
const USER_KEY = 'aidledger.user';

export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = error?.code;
    this.field = error?.field || '';
    this.problems = error?.problems || [];
    this.body = error;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function currentUser() {
  const u = sessionStorage.getItem(USER_KEY);
  return u ? JSON.parse(u) : null;
}

const listeners = new Set();
export function onAuthChange(f) {
  listeners.add(f);
  return () => listeners.delete(f);
}

export function setSession(secret, user) {
  if (secret) {
    sessionStorage.setItem(TOKEN_KEY, secret);
    sessionStorage.setItem(USER_KEY, JSON.stringify(user));
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(USER_KEY);
  }
  listeners.forEach((f) => f());
}

// A query string from an object; arrays repeat the parameter, empty values are left out.
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    for (const one of Array.isArray(v) ? v : [v]) q.append(k, one);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

// One API call. Writes pass `reason` (sent as X-Reason, percent-encoded) and `ifMatch`.
// Answers the parsed JSON (or text), with `etag` set on objects; throws ApiError.
export async function api(path, { method = 'GET', body, reason, ifMatch, raw, contentType } = {}) {
  const headers = { Accept: 'application/json' };
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  if (reason) headers['X-Reason'] = encodeURIComponent(reason);
  if (ifMatch) headers['If-Match'] = ifMatch;
  let payload;
  if (body !== undefined) {
    if (raw) {
      payload = body;
      headers['Content-Type'] = contentType || 'text/csv';
    } else {
      payload = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }
  }
  const res = await fetch(`/api/v1${path}`, { method, headers, body: payload });
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    if (res.status === 401 && t) setSession(null);
    throw new ApiError(res.status, data?.error || { message: String(data) });
  }
  if (data && typeof data === 'object') {
    Object.defineProperty(data, 'etag', { value: res.headers.get('ETag'), enumerable: false });
  }
  return data;
}

// A file the server answers (GET /export/{format}): {blob, name}, the name from its
// Content-Disposition. The token goes as a header, so these are buttons, never plain links.
export async function apiFile(path, fallbackName) {
  const headers = {};
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  const res = await fetch(`/api/v1${path}`, { headers });
  if (!res.ok) {
    let error;
    try {
      error = (await res.json()).error;
    } catch {
      error = { message: `HTTP ${res.status}` };
    }
    if (res.status === 401 && t) setSession(null);
    throw new ApiError(res.status, error);
  }
  const disposition = res.headers.get('Content-Disposition') || '';
  const m = disposition.match(/filename="([^"]+)"/);
  // What a person should know before passing the file on (an IATI export's providers without
  // an IATI organisation identifier: docs/formats.md); null when there is nothing to say.
  const warning = res.headers.get('X-Export-Warning');
  return { blob: await res.blob(), name: m ? m[1] : fallbackName, warning };
}

// Every page of a list, up to `cap` records.
export async function listAll(kind, params = {}, cap = 2000) {
  const out = [];
  let cursor;
  do {
    const page = await api(`/records/${kind}${query({ ...params, limit: 500, cursor })}`);
    out.push(...page.records);
    cursor = page.next_cursor;
  } while (cursor && out.length < cap);
  return out;
}

// The OpenAPI document (the record kinds' schemas drive the forms), fetched once.
let openapi;
export function openApi() {
  if (!openapi) openapi = api('/openapi.json');
  return openapi;
}

// POST /import with upload progress (fetch cannot report it): resolves {status, body}.
export function uploadImport(file, text, { dryRun, reason, onlyCovid, kind, onProgress }) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const params = { dry_run: String(dryRun), name: file.name };
    if (onlyCovid) params.only_covid = 'true';
    if (kind) params.kind = kind;
    xhr.open('POST', `/api/v1/import${query(params)}`);
    const t = token();
    if (t) xhr.setRequestHeader('Authorization', `Bearer ${t}`);
    xhr.setRequestHeader('X-Reason', encodeURIComponent(reason));
    const type = file.name.endsWith('.json')
      ? 'application/json'
      : file.name.endsWith('.xml')
        ? 'application/xml'
        : 'text/csv';
    xhr.setRequestHeader('Content-Type', type);
    xhr.upload.onprogress = (e) => onProgress?.('upload', e.lengthComputable ? e.loaded / e.total : null);
    xhr.upload.onload = () => onProgress?.('processing', null);
    xhr.onload = () => {
      let body;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = { error: { message: xhr.responseText } };
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new Error('the upload failed'));
    xhr.send(text);
  });
}
