// Calls to the service this page is served by. A failed call throws an Error carrying the
// service's own explanation (the problem+json `detail` or `title`).
import { splitKey } from "./node-kinds.js";

async function problemOf(response) {
  try {
    const body = await response.json();
    return body.detail || body.title || response.statusText;
  } catch {
    return response.statusText;
  }
}

async function readJSON(response) {
  if (!response.ok) throw new Error(await problemOf(response));
  return response.json();
}

/** GET a JSON document. */
export async function getJSON(url) {
  return readJSON(await fetch(url, { headers: { Accept: "application/json" } }));
}

/** The CSRF token the service set at sign-in: every state-changing request must send it back. */
export function csrfToken() {
  const cookie = document.cookie.split("; ").find((part) => part.startsWith("gs_csrf="));
  return cookie ? decodeURIComponent(cookie.slice("gs_csrf=".length)) : "";
}

/** POST JSON and read JSON back. */
export async function postJSON(url, body) {
  return readJSON(
    await fetch(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRF-Token": csrfToken(),
      },
      body: JSON.stringify(body),
    }),
  );
}

/** "/api/v1/<prefix>/<label>/<id>" for a node key, both parts escaped. */
function nodePath(prefix, key) {
  const [label, id] = splitKey(key);
  return `/api/v1/${prefix}/${encodeURIComponent(label)}/${encodeURIComponent(id)}`;
}

export const graphApi = {
  overview: () => getJSON("/api/v1/graph/overview"),
  children: (key) => getJSON(nodePath("graph/children", key)),
  chains: (keys) => postJSON("/api/v1/graph/chains", { keys }),
  subtree: (key, liaisons = true) => getJSON(`${nodePath("graph/subtree", key)}?liaisons=${liaisons}`),
};

export const analysesApi = {
  run: (name, params = {}) => {
    const query = new URLSearchParams({ limit: "10000", ...params });
    return getJSON(`/api/v1/analyses/${encodeURIComponent(name)}?${query}`);
  },
  node: (key) => getJSON(nodePath("nodes", key)),
  neighbourhood: (key, depth = 1) => getJSON(`${nodePath("nodes", key)}/neighborhood?depth=${depth}&limit=500`),
  search: (q) => getJSON(`/api/v1/search?${new URLSearchParams({ q, limit: "20" })}`),
  whatIf: (keys) => getJSON(`/api/v1/what-if?${new URLSearchParams({ remove: keys.join(",") })}`),
  rebalance: (body) => postJSON("/api/v1/plans/rebalance", body),
};

export const historyApi = {
  snapshots: () => getJSON("/api/v1/snapshots"),
  trend: (scope, metric) => getJSON(`/api/v1/trends?${new URLSearchParams({ scope, metric })}`),
  diff: (from, to, scope) => getJSON(`/api/v1/diff?${new URLSearchParams({ from, to, scope })}`),
  cases: (scope, status) => getJSON(`/api/v1/ledger/cases?${new URLSearchParams({ scope, status, limit: "100" })}`),
  ledgerStats: (scope) => getJSON(`/api/v1/ledger/stats?${new URLSearchParams({ scope })}`),
};

export const drillApi = {
  departments: () => getJSON("/api/v1/drill/departments"),
  run: (query) => getJSON(`/api/v1/drill?${query}`),
  exportUrl: (query) => `/api/v1/drill?${query}`,
  candidates: (params) => getJSON(`/api/v1/candidates?${new URLSearchParams(params)}`),
  candidatesAt: (link) => getJSON(link), // a ledger case's own candidates link
};
