// The place chain in every findings table: for the places a row is about, the stairwell, its
// building, grid (with the grid heads and party-group leaders, by role) and community, as the
// service's place chains give them (POST /api/v1/graph/chains), added as columns a table lacks.
import { graphApi } from "./api.js";
import { splitKey } from "./node-kinds.js";

// The service answers at most this many keys a request.
const CHAIN_BATCH = 5000;
const CHAIN_LABELS = ["Community", "Grid", "Building", "Stairwell", "Household", "Checkpoint"];
const LEVELS = { Stairwell: "stairwell", Building: "building", Grid: "grid", Community: "community" };
/** The chain's columns, from the bottom up. */
export const CHAIN_COLUMNS = ["stairwell", "building", "grid", "grid_heads", "party_group_leaders", "community"];

const keysOf = (ids, label) => (ids ?? []).filter((id) => id != null).map((id) => `${label}:${id}`);

// The places each table's rows are about, by analysis (or action) name, for the tables whose
// own columns do not already name them up to the community with the grid's people.
const ROW_PLACES = {
  "leaderless-grids": (row) => [row.node_key],
  "wartime-coverage": (row) => [row.node_key],
  "broken-chains": (row) => [row.node_key],
  "coverage-rollup": (row) => [row.node_key],
  "single-points-of-failure": (row) => row.stairwell_keys,
  "wartime-dependence": (row) => row.place_keys,
  "overloaded-cadres": (row) => keysOf(row.items, row.kind === "cadre" ? "Grid" : "Community"),
  "partner-overlap": (row) => keysOf(row.shared_community_ids, "Community"),
  "collaboration-clusters": (row) => keysOf([row.dominant_community_id], "Community"),
  rebalance: (row) => [row._key],
  whatif: (row) => [row._key],
};

/** The place keys a table row of `overlay` is about (places only; none if the table names them). */
export function rowPlaces(overlay, row) {
  const places = ROW_PLACES[overlay.analysis ?? overlay.id]?.(row) ?? [];
  return places.filter((key) => typeof key === "string" && CHAIN_LABELS.includes(splitKey(key)[0]));
}

/**
 * Fetch the chains of `keys`: Map(place key -> {own, stairwell, building, grid, grid_heads,
 * party_group_leaders, community}), each level a list of names (a place with several parents,
 * a broken chain, has every one of them).
 */
export async function fetchChains(keys) {
  const wanted = [...new Set(keys)];
  const nodes = new Map();
  const parents = new Map();
  for (let start = 0; start < wanted.length; start += CHAIN_BATCH) {
    const slice = await graphApi.chains(wanted.slice(start, start + CHAIN_BATCH));
    for (const node of slice.nodes) nodes.set(node.key, node.attributes);
    for (const edge of slice.edges) parents.set(edge.source, [...(parents.get(edge.source) ?? []), edge.target]);
  }
  const chains = new Map();
  for (const key of wanted) {
    const chain = { own: LEVELS[splitKey(key)[0]] };
    const add = (name, values) => (chain[name] = [...new Set([...(chain[name] ?? []), ...values])]);
    const seen = new Set();
    for (let up = [key]; up.length; up = up.flatMap((step) => parents.get(step) ?? [])) {
      for (const step of up) {
        if (seen.has(step) || !nodes.has(step)) continue;
        seen.add(step);
        const attrs = nodes.get(step);
        if (LEVELS[attrs.label]) add(LEVELS[attrs.label], [attrs.name]);
        if (attrs.label === "Grid") {
          add("grid_heads", attrs.grid_heads ?? []);
          add("party_group_leaders", attrs.party_group_leaders ?? []);
        }
      }
    }
    chains.set(key, chain);
  }
  return chains;
}

/**
 * `table` ({columns, rows}) with the chain columns it lacks, from `chains` (see fetchChains):
 * a row about one place gets its chain above it (the place itself is the row's own name), a row
 * about several gets each level's distinct names as a list. Columns no row fills are left out.
 */
export function withChains(overlay, table, chains) {
  if (!chains?.size) return table;
  const added = CHAIN_COLUMNS.filter((name) => !table.columns.includes(name));
  const filled = new Set();
  const rows = table.rows.map((row) => {
    const places = rowPlaces(overlay, row);
    const extra = {};
    for (const name of added) {
      const values = places.flatMap((key) => {
        const chain = chains.get(key);
        // A row's own place is named in the row already.
        if (!chain || (key === row._key && chain.own === name)) return [];
        return chain[name] ?? [];
      });
      const distinct = [...new Set(values)];
      if (!distinct.length) continue;
      const list = name === "grid_heads" || name === "party_group_leaders" || distinct.length > 1;
      extra[name] = list ? distinct : distinct[0];
      filled.add(name);
    }
    return { ...row, ...extra };
  });
  return { ...table, columns: [...table.columns, ...added.filter((name) => filled.has(name))], rows };
}

/**
 * The chains the table of `overlay` needs for the rows of `body` (an empty Map if none). Without
 * them (e.g. a place outside the account's scope) the table still shows the analysis's columns.
 */
export async function chainsFor(overlay, body) {
  if (!overlay.table) return new Map();
  const keys = overlay.table(body, () => null).rows.flatMap((row) => rowPlaces(overlay, row));
  if (!keys.length) return new Map();
  try {
    return await fetchChains(keys);
  } catch {
    return new Map();
  }
}
