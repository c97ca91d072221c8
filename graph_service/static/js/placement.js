// Where new nodes go: the graph only grows by merging slices from the server, and each new node
// is placed beside what it belongs to (its place: PART_OF, LOCATED_IN…; else the place it links
// to in the slice, else what it links to), on arcs that fan out away from the street, at the
// nearest spot where it touches no other node. Nodes already on screen never move.
import { PLACE_LABELS } from "./node-kinds.js";
import { Spacing } from "./spacing.js";

// Radius of a node in graph units (sigma draws sizes in graph units, see graph-view.js), before
// the household scaling of SIZE_SCALE and the growth of a marked node (MARKED_GROWTH).
const RADIUS = {
  Street: 7, Community: 4, Grid: 1.5, Building: 0.45, Stairwell: 0.16, Household: 0.05,
  Person: 0.12, Checkpoint: 0.3, Event: 0.12, Demand: 0.12,
};
const OTHER_RADIUS = 0.45;
/** Places are drawn between these shares of their radius, by households. */
export const SIZE_SCALE = [0.75, 1.25];
/** A node an overlay marks is drawn this much larger. */
export const MARKED_GROWTH = 1.3;

/** The radius a node is drawn with, unmarked (graph units). */
export function radiusOf(label) {
  return RADIUS[label] ?? OTHER_RADIUS;
}

/** The most room a node can take when drawn (largest scale, marked). */
function roomOf(label) {
  return radiusOf(label) * SIZE_SCALE[1] * MARKED_GROWTH;
}

// Distance of a place from its parent, by the place's label (centre to centre).
const RING = { Community: 100, Grid: 22, Building: 6, Stairwell: 1.7, Household: 0.55 };
// Relationships that say where a node belongs: [type, which end belongs to the other].
const BELONGS = { PART_OF: "source", LOCATED_IN: "source", HELD_IN: "source", RAISED: "target" };

const labelOf = (key) => key.slice(0, key.indexOf(":"));
const depthOf = (key) => {
  const level = PLACE_LABELS.indexOf(labelOf(key));
  return level === -1 ? PLACE_LABELS.length : level;
};
const isPlace = (key) => PLACE_LABELS.includes(labelOf(key));

/** The spacing index of a graph's nodes (built once per graph, then kept up to date here). */
const spacings = new WeakMap();
function spacingOf(graph) {
  if (!spacings.has(graph)) {
    const spacing = new Spacing();
    graph.forEachNode((key, attrs) => spacing.add(attrs.x, attrs.y, roomOf(attrs.label)));
    spacings.set(graph, spacing);
  }
  return spacings.get(graph);
}

/**
 * Where each new node of a slice belongs: its place by a BELONGS relationship; else, for a node
 * that is not a place, the deepest place it links to (one on screen first, then one of the
 * slice), else what it links to on screen, else a new node of the slice that has a place of its
 * own (a person beside the checkpoint it holds). A new place with no parent of its own never
 * hangs on a new non-place, which would drift with it.
 */
function parentsOf(graph, slice) {
  const parentOf = new Map();
  for (const edge of slice.edges) {
    const end = BELONGS[edge.attributes?.type];
    if (!end) continue;
    const [child, parent] = end === "source" ? [edge.source, edge.target] : [edge.target, edge.source];
    if (!graph.hasNode(child) && !parentOf.has(child)) parentOf.set(child, parent);
  }
  const fresh = new Set(slice.nodes.map((node) => node.key).filter((key) => !graph.hasNode(key)));
  const settled = new Set(parentOf.keys());
  const rank = (child, far) => {
    const onScreen = graph.hasNode(far);
    if (onScreen && isPlace(far)) return 0 - depthOf(far) / 10;
    if (isPlace(child)) return onScreen ? 2 : null;
    if (!onScreen && isPlace(far)) return 1 - depthOf(far) / 10;
    if (onScreen) return 2;
    return settled.has(far) ? 3 : null;
  };
  const best = new Map(); // child -> [rank, far]
  for (const edge of slice.edges) {
    // A person is drawn beside what they look after, not beside their home.
    if (edge.attributes?.type === "LIVES_IN") continue;
    for (const [near, far] of [[edge.source, edge.target], [edge.target, edge.source]]) {
      if (!fresh.has(near) || parentOf.has(near) || near === far) continue;
      const score = rank(near, far);
      if (score !== null && (!best.has(near) || score < best.get(near)[0])) best.set(near, [score, far]);
    }
  }
  for (const [child, [, far]] of best) parentOf.set(child, far);
  return parentOf;
}

/** How many new ancestors each new node waits for (0: its parent is on screen or it has none). */
function generations(graph, fresh, parentOf) {
  const generation = new Map();
  const of = (key, seen = new Set()) => {
    if (generation.has(key)) return generation.get(key);
    const parent = parentOf.get(key);
    const value = parent && fresh.has(parent) && !seen.has(parent) ? 1 + of(parent, seen.add(key)) : 0;
    generation.set(key, value);
    return value;
  };
  for (const key of fresh) of(key);
  return generation;
}

/**
 * Merge a slice ({nodes, edges} in graphology's serialisation) into `graph`. New nodes are
 * placed beside where they belong (see parentsOf) or around `anchor`.
 * Returns the keys of the nodes that were new.
 */
export function mergeSlice(graph, slice, anchor = null) {
  const parentOf = parentsOf(graph, slice);
  const fresh = [];
  const seen = new Set();
  for (const node of slice.nodes) {
    if (graph.hasNode(node.key)) {
      // A later slice may know more about a node: add the facts it lacked, change none.
      const known = graph.getNodeAttributes(node.key);
      for (const [name, value] of Object.entries(node.attributes)) {
        if (known[name] == null && value != null) graph.setNodeAttribute(node.key, name, value);
      }
    } else if (!seen.has(node.key)) {
      seen.add(node.key);
      fresh.push(node);
    }
  }
  // Place parents before children (chains arrive child-first), other nodes after places.
  const generation = generations(graph, seen, parentOf);
  const order = (node) => generation.get(node.key) * 100 + depthOf(node.key);
  fresh.sort((a, b) => order(a) - order(b));
  const groups = new Map();
  for (const node of fresh) {
    let parent = parentOf.get(node.key) ?? anchor;
    if (parent !== anchor && !graph.hasNode(parent) && !seen.has(parent)) parent = anchor;
    const group = `${parent}\u0000${node.attributes.label}`;
    if (!groups.has(group)) groups.set(group, { parent, nodes: [] });
    groups.get(group).nodes.push(node);
  }
  // Sorted so, a group's parent is either on screen or placed by an earlier group.
  const spacing = spacingOf(graph);
  for (const { parent, nodes } of groups.values()) placeAround(graph, spacing, parent, nodes);
  for (const edge of slice.edges) {
    if (!graph.hasNode(edge.source) || !graph.hasNode(edge.target)) continue;
    // Slices from different APIs key the same relationship differently: one edge per pair.
    if (!graph.hasEdge(edge.key) && !graph.hasDirectedEdge(edge.source, edge.target)) {
      graph.addDirectedEdgeWithKey(edge.key, edge.source, edge.target, { ...edge.attributes });
    }
  }
  return fresh.map((node) => node.key);
}

/**
 * Spots for `count` circles of radius `room` on arcs around `centre`: the first arc at `ring`,
 * each further arc a pitch further out, each arc holding as many as fit; the arc spans
 * `spread` radians centred on `outward`.
 */
function arcSpots(centre, count, room, ring, outward, spread) {
  const pitch = 2.6 * room;
  const full = spread >= 2 * Math.PI - 1e-9;
  const spots = [];
  for (let radius = ring; spots.length < count; radius += pitch) {
    const fits = Math.max(1, Math.floor((spread * radius) / pitch) + (full ? 0 : 1));
    const here = Math.min(fits, count - spots.length);
    for (let i = 0; i < here; i++) {
      // Spread the last, partly filled arc over the whole span too.
      const share = full ? i / here : here === 1 ? 0.5 : i / (here - 1);
      const angle = outward - (full ? 0 : spread / 2) + share * spread;
      spots.push({ x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) });
    }
  }
  return spots;
}

/** Where the place a node belongs to sits, if it is on screen. */
function grandparentOf(graph, key) {
  for (const edge of graph.outEdges(key)) {
    if (BELONGS[graph.getEdgeAttribute(edge, "type")] === "source") return graph.getNodeAttributes(graph.target(edge));
  }
  return null;
}

function placeAround(graph, spacing, parent, nodes) {
  const hasParent = parent && graph.hasNode(parent);
  const label = nodes[0].attributes.label;
  // A place with no parent on screen (a broken chain) goes to a corner of its own, away from
  // the street, so that it does not read as part of it; the street itself is the centre.
  const orphan = !hasParent && label !== "Street";
  const corner = PLACE_LABELS.includes(label) ? { x: -150, y: -150 } : { x: 150, y: -150 };
  const centre = hasParent
    ? graph.getNodeAttributes(parent)
    : { ...(orphan ? corner : { x: 0, y: 0 }), community: null, label: null };
  const room = roomOf(label);
  const parentRoom = hasParent ? roomOf(centre.label) : 0;
  // Non-place nodes (people, departments…) sit closer than the parent's own children would.
  const ownRing = RING[label] ?? (hasParent ? 0.6 * (RING[centre.label] ?? 4) : 4);
  const ring = Math.max(hasParent ? ownRing : 4 * room, parentRoom + 2 * room);
  // Fan children outwards, away from the parent's own parent, so branches do not cross back.
  const fan = hasParent && (centre.x || centre.y);
  const from = fan ? grandparentOf(graph, parent) ?? { x: 0, y: 0 } : null;
  const outward = fan ? Math.atan2(centre.y - from.y, centre.x - from.x) : -Math.PI / 2;
  const spread = fan ? Math.PI * 1.5 : Math.PI * 2;
  const spots = arcSpots(centre, nodes.length, room, ring, outward, spread);
  nodes.forEach((node, i) => {
    const attrs = node.attributes;
    const { x, y } = spacing.nearestFree(spots[i].x, spots[i].y, room);
    spacing.add(x, y, room);
    graph.addNode(node.key, {
      ...attrs,
      x,
      y,
      community: attrs.label === "Community" ? node.key : centre.community ?? null,
    });
  });
}
