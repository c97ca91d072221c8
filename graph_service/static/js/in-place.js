// Slices brought in beside their places: a neighbourhood or an overlay's finding names places
// (a person's stairwells, a checkpoint's community) whose chain up to the community is not on
// screen; those chains come first, so that each new node lands where it belongs instead of
// beside whatever else it happens to link to.
import { graphApi } from "./api.js";
import { splitKey } from "./node-kinds.js";

// Places the chains route knows (streets and communities are on screen from the start).
const CHAINED = ["Grid", "Building", "Stairwell", "Household"];
const MAX_CHAIN_KEYS = 5000;

/** Places of `slices` not on screen whose parent the slices do not bring either. */
function placesWithoutParent(graph, slices) {
  const missing = new Set();
  for (const slice of slices) {
    const withParent = new Set(slice.edges.filter((e) => e.attributes?.type === "PART_OF").map((e) => e.source));
    for (const node of slice.nodes) {
      const key = node.key;
      if (!graph.hasNode(key) && !withParent.has(key) && CHAINED.includes(splitKey(key)[0])) missing.add(key);
    }
  }
  return [...missing].slice(0, MAX_CHAIN_KEYS);
}

/**
 * Merge `slices` into `graphView` (in order, so a link reopens the same picture), after the
 * chains of the places they name without a parent. A chain that cannot be fetched is said
 * through `onError` and the slices still come, placed beside what they link to.
 */
export async function mergeInPlace(graphView, slices, { anchor = null, onError = () => {} } = {}) {
  const places = placesWithoutParent(graphView.graph, slices);
  if (places.length) {
    try {
      graphView.merge(await graphApi.chains(places));
    } catch (error) {
      onError(error);
    }
  }
  for (const slice of slices) graphView.merge(slice, anchor);
}
