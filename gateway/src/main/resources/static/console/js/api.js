// Calls to the Skein API of the gateway that served this page. The API key lives in
// sessionStorage only: it is gone when the tab closes, and it is never put in a URL.
const KEY = 'skein.console.apiKey';

export function apiKey() {
  return sessionStorage.getItem(KEY);
}

export function signIn(key) {
  sessionStorage.setItem(KEY, key);
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

/** A non-2xx answer; problem is the RFC 9457 body when there is one. */
export class ApiError extends Error {
  constructor(status, problem, text) {
    super((problem && (problem.detail || problem.title)) || text || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  /** The validation errors of a 400, as "field: message". */
  fieldErrors() {
    const errors = (this.problem && this.problem.errors) || [];
    return errors.map((e) => `${e.field}: ${e.message}`);
  }
}

let onUnauthorized = () => {};

/** What to do when the key is refused (401): the console signs out. */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

export async function call(method, path, body, extraHeaders = {}) {
  const headers = { Authorization: `Bearer ${apiKey() || ''}`, Accept: 'application/json', ...extraHeaders };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'omit',
    cache: 'no-store',
  });
  const text = response.status === 204 ? '' : await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const error = new ApiError(response.status, json, text);
    if (response.status === 401) {
      onUnauthorized(error);
    }
    throw error;
  }
  return json;
}

export const conv = (id) => `/v1/conversations/${encodeURIComponent(id)}`;

export const user = (id) => `/v1/users/${encodeURIComponent(id)}`;

/** A random Idempotency-Key, so that a retried import stores nothing twice. */
export function idempotencyKey() {
  if (globalThis.crypto && crypto.randomUUID) {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
