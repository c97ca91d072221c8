// Calls to the service. A missing endpoint (404 on the route itself) becomes ApiMissing so the
// page can say clearly what is not there yet instead of failing.

export class ApiMissing extends Error {}

let routes = null; // path templates the server offers, read once from its OpenAPI document

/** Learn which API routes this server has, so missing ones are never called (no 404 noise). */
export async function loadRoutes() {
  try {
    const response = await fetch("/openapi.json");
    routes = new Set(Object.keys((await response.json()).paths ?? {}).map(shape));
  } catch {
    routes = null; // unknown: call and find out
  }
}

// Parameter names differ between routers ({id} or {node_id}): compare the shapes only.
const shape = (template) => template.replace(/\{[^}]*\}/g, "{}");

/** Whether the server offers a route, e.g. "/api/v1/search" (true when unknown). */
export const offers = (template) => routes === null || routes.has(shape(template));

function require(template) {
  if (!offers(template)) throw new ApiMissing(template);
}

async function problemOf(response) {
  try {
    const body = await response.json();
    return body.detail || body.title || response.statusText;
  } catch {
    return response.statusText;
  }
}

/** GET a JSON document; throws ApiMissing when the route does not exist. */
export async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (response.status === 404 && !response.headers.get("content-type")?.includes("problem")) {
    throw new ApiMissing(url);
  }
  if (response.status === 404) {
    // FastAPI answers unknown routes with {"detail":"Not Found"} as JSON, ours with problem+json.
    const detail = await problemOf(response);
    throw new Error(detail);
  }
  if (!response.ok) throw new Error(await problemOf(response));
  return response.json();
}

/** POST JSON and read JSON back. */
export async function postJSON(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
  if (response.status === 404 && !response.headers.get("content-type")?.includes("problem")) {
    throw new ApiMissing(url);
  }
  if (!response.ok) throw new Error(await problemOf(response));
  return response.json();
}

export const graphApi = {
  overview: () => getJSON("/api/v1/graph/overview"),
  children: (key) => {
    const [label, id] = splitKey(key);
    return getJSON(`/api/v1/graph/children/${encodeURIComponent(label)}/${encodeURIComponent(id)}`);
  },
  chains: (keys) => postJSON("/api/v1/graph/chains", { keys }),
  subtree: (key, liaisons = true) => {
    const [label, id] = splitKey(key);
    return getJSON(`/api/v1/graph/subtree/${encodeURIComponent(label)}/${encodeURIComponent(id)}?liaisons=${liaisons}`);
  },
};

export const analysesApi = {
  list: async () => {
    require("/api/v1/analyses");
    return getJSON("/api/v1/analyses");
  },
  run: async (name, params = {}) => {
    require("/api/v1/analyses/{name}");
    const query = new URLSearchParams({ limit: "10000", ...params });
    return getJSON(`/api/v1/analyses/${encodeURIComponent(name)}?${query}`);
  },
  node: async (key) => {
    require("/api/v1/nodes/{label}/{node_id}");
    const [label, id] = splitKey(key);
    return getJSON(`/api/v1/nodes/${encodeURIComponent(label)}/${encodeURIComponent(id)}`);
  },
  neighbourhood: async (key, depth = 1) => {
    require("/api/v1/nodes/{label}/{node_id}/neighborhood");
    const [label, id] = splitKey(key);
    return getJSON(
      `/api/v1/nodes/${encodeURIComponent(label)}/${encodeURIComponent(id)}/neighborhood?depth=${depth}&limit=500`,
    );
  },
  search: async (q) => {
    require("/api/v1/search");
    return getJSON(`/api/v1/search?${new URLSearchParams({ q, limit: "20" })}`);
  },
  whatIf: async (keys) => {
    require("/api/v1/what-if");
    return getJSON(`/api/v1/what-if?${new URLSearchParams({ remove: keys.join(",") })}`);
  },
  rebalance: async (body) => {
    require("/api/v1/plans/rebalance");
    return postJSON("/api/v1/plans/rebalance", body);
  },
};

/** "Stairwell:S0001" -> ["Stairwell", "S0001"] (ids may themselves contain colons). */
export function splitKey(key) {
  const at = key.indexOf(":");
  return [key.slice(0, at), key.slice(at + 1)];
}
