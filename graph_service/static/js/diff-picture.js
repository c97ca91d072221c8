// A diff between two snapshots as a picture: what is in the graph now is drawn as itself and
// marked (added, reassigned), what is not (removed places and people, lost links) comes from
// the diff's own data as faded "ghosts" beside the place it belonged to. Ghosts have keys of
// their own ("ghost:Stairwell:S4"), so they never stand for a node of the current graph; they
// stay in the graph once placed (hidden while no diff names them), so the layout stays put
// between snapshots and switching the diff off and on moves nothing.

const GHOST = "ghost:";

/** The ghost key of an entity key. */
export const ghostKey = (key) => `${GHOST}${key}`;

/** Whether a node key is a ghost's. */
export const isGhostKey = (key) => key.startsWith(GHOST);

/** The key a ghost stands for ("ghost:Stairwell:S4" -> "Stairwell:S4"). */
export const ghostOf = (key) => (isGhostKey(key) ? key.slice(GHOST.length) : key);

/** The key edge marks are kept under: an edge is named by its two ends. */
export const edgePair = (source, target) => `${source}\u0000${target}`;

const entityKey = (label, id) => `${label}:${id}`;

/**
 * The diff read as a picture: {slice, nodeMarks, edgeMarks, counts}.
 * - slice: graphology nodes and edges to merge (ghosts with their PART_OF to where they hung,
 *   link ends, and the links themselves; live places come as bare keys, so their chains are
 *   fetched and they land where they belong, see in-place.js);
 * - nodeMarks: [key, category] (entities added or removed, places whose links changed);
 * - edgeMarks: [pair, category] (links added, removed, and both ends of a reassignment);
 * - counts: category -> how many changes of that kind the diff lists.
 */
export function diffPicture(body) {
  const present = new Set(body.present ?? []);
  const removedHere = new Set(body.entities.filter((e) => e.change === "removed").map((e) => entityKey(e.label, e.id)));
  // In the graph now: the node itself; else its ghost.
  const drawnAs = (key) => (present.has(key) ? key : ghostKey(key));
  const nodes = new Map();
  const edges = [];
  const nodeMarks = [];
  const edgeMarks = [];
  const addNode = (key, attributes) => {
    const drawn = drawnAs(key);
    const ghost = drawn !== key;
    if (!nodes.has(drawn)) nodes.set(drawn, { key: drawn, attributes: { ...attributes, ...(ghost ? { ghost: true, name: attributes.name ?? attributes.id } : {}) } });
    return drawn;
  };
  const endNode = (label, id) => addNode(entityKey(label, id), { label, id });
  const addEdge = (source, target, type, category) => {
    const ghost = source.startsWith(GHOST) || target.startsWith(GHOST) || category === "linkRemoved" || category === "reassignedFrom";
    edges.push({ key: `${ghost ? GHOST : ""}${source}-${type}->${target}`, source, target, attributes: { type, ...(ghost ? { ghost: true } : {}) } });
    edgeMarks.push([edgePair(source, target), category]);
  };

  for (const entity of body.entities) {
    const key = entityKey(entity.label, entity.id);
    const drawn = addNode(key, { label: entity.label, id: entity.id, name: entity.name });
    nodeMarks.push([drawn, entity.change]);
    if (drawn === key || !entity.parent) continue;
    // A ghost place hangs from its parent: the parent itself, or its ghost if gone too.
    const [parentLabel, ...rest] = entity.parent.split(":");
    const parent = present.has(entity.parent) || removedHere.has(entity.parent) ? entity.parent : null;
    if (!parent) continue;
    const parentDrawn = addNode(parent, { label: parentLabel, id: rest.join(":") });
    edges.push({ key: `${GHOST}${drawn}-PART_OF->${parentDrawn}`, source: drawn, target: parentDrawn, attributes: { type: "PART_OF", ghost: true } });
  }
  for (const link of body.links) {
    const target = endNode(link.target_label, link.target);
    const place = { added: "linkAdded", removed: "linkRemoved", reassigned: "reassigned" }[link.change];
    nodeMarks.push([target, place]);
    if (link.change === "reassigned") {
      addEdge(endNode(link.source_label, link.from_source), target, link.type, "reassignedFrom");
      addEdge(endNode(link.source_label, link.to_source), target, link.type, "reassigned");
    } else {
      addEdge(endNode(link.source_label, link.source), target, link.type, place);
    }
  }
  const summary = body.summary ?? {};
  const counts = {
    added: summary.entities_added ?? 0,
    removed: summary.entities_removed ?? 0,
    reassigned: summary.links_reassigned ?? 0,
    reassignedFrom: summary.links_reassigned ?? 0,
    linkAdded: summary.links_added ?? 0,
    linkRemoved: summary.links_removed ?? 0,
  };
  return { slice: { nodes: [...nodes.values()], edges }, nodeMarks, edgeMarks, counts };
}
