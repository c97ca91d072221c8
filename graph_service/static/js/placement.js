// Where new nodes go: the graph only grows by merging slices from the server, and each new node
// is placed beside what it belongs to (its PART_OF parent, else what it links to in the slice).
import { PLACE_LABELS } from "./node-kinds.js";

// Distance of a child from its parent, by the child's label (sigma rescales to the screen).
const RING = { Community: 100, Grid: 22, Building: 6, Stairwell: 1.7, Household: 0.55 };

/**
 * Merge a slice ({nodes, edges} in graphology's serialisation) into `graph`. New nodes are
 * placed around their parent (the target of their PART_OF edge) or around `anchor`.
 * Returns the keys of the nodes that were new.
 */
export function mergeSlice(graph, slice, anchor = null) {
  const parentOf = new Map();
  for (const edge of slice.edges) {
    if (edge.attributes?.type === "PART_OF") parentOf.set(edge.source, edge.target);
  }
  // A new node without a PART_OF parent sits beside what it links to in the slice (a liaison
  // beside its stairwell), falling back to the anchor.
  // Something already on screen is preferred: a new node placed beside another new one that
  // has no place of its own would drift to a corner with it.
  const isFresh = (key) => !graph.hasNode(key);
  for (const onScreenOnly of [true, false]) {
    for (const edge of slice.edges) {
      for (const [near, far] of [[edge.source, edge.target], [edge.target, edge.source]]) {
        if (isFresh(near) && !parentOf.has(near) && far !== near && (!onScreenOnly || !isFresh(far))) {
          parentOf.set(near, far);
        }
      }
    }
  }
  const fresh = slice.nodes.filter((node) => !graph.hasNode(node.key));
  for (const node of slice.nodes) {
    if (graph.hasNode(node.key)) {
      // A later slice may know more about a node: add the facts it lacked, change none.
      const known = graph.getNodeAttributes(node.key);
      for (const [name, value] of Object.entries(node.attributes)) {
        if (known[name] == null && value != null) graph.setNodeAttribute(node.key, name, value);
      }
    }
  }
  // Place parents before children (chains arrive child-first), other nodes after places.
  const depth = (key) => {
    const level = PLACE_LABELS.indexOf(key.slice(0, key.indexOf(":")));
    return level === -1 ? PLACE_LABELS.length : level;
  };
  fresh.sort((a, b) => depth(a.key) - depth(b.key));
  const freshKeys = new Set(fresh.map((node) => node.key));
  const groups = new Map();
  for (const node of fresh) {
    let parent = parentOf.get(node.key) ?? anchor;
    if (parent !== anchor && !graph.hasNode(parent) && !freshKeys.has(parent)) parent = anchor;
    const group = `${parent}\u0000${node.attributes.label}`;
    if (!groups.has(group)) groups.set(group, { parent, nodes: [] });
    groups.get(group).nodes.push(node);
  }
  // Sorted by depth, a group's parent is either on screen or placed by an earlier group.
  for (const { parent, nodes } of groups.values()) placeAround(graph, parent, nodes);
  for (const edge of slice.edges) {
    if (!graph.hasNode(edge.source) || !graph.hasNode(edge.target)) continue;
    // Slices from different APIs key the same relationship differently: one edge per pair.
    if (!graph.hasEdge(edge.key) && !graph.hasDirectedEdge(edge.source, edge.target)) {
      graph.addDirectedEdgeWithKey(edge.key, edge.source, edge.target, { ...edge.attributes });
    }
  }
  return fresh.map((node) => node.key);
}

function placeAround(graph, parent, nodes) {
  const hasParent = parent && graph.hasNode(parent);
  // A place with no parent on screen (a broken chain) goes to a corner of its own, away from
  // the street, so that it does not read as part of it; the street itself is the centre.
  const orphan = !hasParent && nodes[0].attributes.label !== "Street";
  const isPlace = PLACE_LABELS.includes(nodes[0].attributes.label);
  const corner = isPlace ? { x: -150, y: -150 } : { x: 150, y: -150 };
  const centre = hasParent
    ? graph.getNodeAttributes(parent)
    : { ...(orphan ? corner : { x: 0, y: 0 }), community: null };
  const label = nodes[0].attributes.label;
  // Non-place nodes (people, departments…) sit closer than the parent's own children would.
  const ownRing = orphan ? 4 : RING[label] ?? (hasParent ? 0.6 * (RING[centre.label] ?? 4) : 40);
  const ring = ownRing * Math.max(1, Math.sqrt(nodes.length / 10));
  // Fan children outwards, away from the parent's own parent, so branches do not cross back.
  const fan = hasParent && (centre.x || centre.y);
  const outward = fan ? Math.atan2(centre.y, centre.x) : -Math.PI / 2;
  const spread = fan ? Math.PI * 1.5 : Math.PI * 2;
  nodes.forEach((node, i) => {
    const step = nodes.length === 1 ? 0 : spread / (spread < Math.PI * 2 ? nodes.length - 1 : nodes.length);
    const angle = outward - (spread < Math.PI * 2 ? spread / 2 : 0) + i * step;
    const attrs = node.attributes;
    graph.addNode(node.key, {
      ...attrs,
      x: centre.x + ring * Math.cos(angle),
      y: centre.y + ring * Math.sin(angle),
      community: attrs.label === "Community" ? node.key : centre.community ?? null,
    });
  });
}
