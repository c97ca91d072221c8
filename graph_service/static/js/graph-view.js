// The graph on screen: one graphology graph that only grows by merging slices from the server,
// drawn by sigma.js (WebGL). Nothing about highlight, fade or hide is written into the graph:
// all of it is derived from one view state through sigma's nodeReducer and edgeReducer.
import Graph from "graphology";
import Sigma from "sigma";

export const PLACE_LABELS = ["Street", "Community", "Grid", "Building", "Stairwell", "Household"];
export const FILTER_TYPES = [...PLACE_LABELS, "Person", "Other"];
export const FONT_STACK =
  '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans CJK", "Source Han Sans SC", sans-serif';

export const COLOURS = {
  faded: "#e3e6ea",
  fadedEdge: "#eef0f2",
  edge: "#c5ccd4",
  pairing: "#8cc7c7", // partnership edges, as wide as their activity
  neutral: "#c9d1da", // places that a colouring overlay does not colour
  noStairwells: "#a9b1bb",
  types: {
    Street: "#2f3b4c",
    Household: "#9aa4b1",
    Person: "#2b6cd1",
    Department: "#7b4fc9",
    ServiceTeam: "#a24fc9",
    PartyBranch: "#d04f8f",
    Unit: "#2f9a9a",
    Event: "#c08a2b",
    Demand: "#8a5a2b",
    Checkpoint: "#555e69",
    Other: "#7a828c",
  },
};
// Coverage scale: the programme aims at every stairwell, so the scale spends its colours near the
// top: red at 80% or less, amber at 90%, green at 100%. The legend draws the same stops.
export const COVERAGE_STOPS = [
  [0.8, [215, 48, 39]],
  [0.9, [244, 165, 60]],
  [1, [26, 152, 80]],
];

const BASE_SIZE = { Street: 16, Community: 12, Grid: 7, Building: 4.5, Stairwell: 3, Household: 1.6 };
const HOUSEHOLD_REF = { Street: 18000, Community: 2500, Grid: 450, Building: 60, Stairwell: 16 };
// Distance of a child from its parent, by the child's label (sigma rescales to the screen).
const RING = { Community: 100, Grid: 22, Building: 6, Stairwell: 1.7, Household: 0.55 };

/** Colour for a covered share in [0, 1] on the red-amber-green scale. */
export function coverageColour(share) {
  if (share == null || Number.isNaN(share)) return COLOURS.noStairwells;
  const clamped = Math.max(share, COVERAGE_STOPS[0][0]);
  for (let i = 1; i < COVERAGE_STOPS.length; i++) {
    const [s1, c1] = COVERAGE_STOPS[i];
    const [s0, c0] = COVERAGE_STOPS[i - 1];
    if (clamped <= s1) {
      const f = (clamped - s0) / (s1 - s0);
      const rgb = c0.map((v, j) => Math.round(v + f * (c1[j] - v)));
      return `rgb(${rgb.join(",")})`;
    }
  }
  return `rgb(${COVERAGE_STOPS.at(-1)[1].join(",")})`;
}

/** Covered share of a place from its slice attributes (null when it has no stairwells). */
export function coveredShare(attrs) {
  if (attrs.label === "Stairwell") return attrs.covered == null ? null : attrs.covered ? 1 : 0;
  if (!attrs.stairwells) return null;
  return attrs.covered_stairwells / attrs.stairwells;
}

export const filterType = (label) => (FILTER_TYPES.includes(label) ? label : "Other");

/** The base colour of a node, before any overlay. */
export function baseColour(attrs) {
  if (attrs.label in RING && attrs.label !== "Household") return coverageColour(coveredShare(attrs));
  return COLOURS.types[attrs.label] ?? COLOURS.types.Other;
}

function baseSize(attrs) {
  const base = BASE_SIZE[attrs.label] ?? 3;
  const ref = HOUSEHOLD_REF[attrs.label];
  if (!ref || attrs.households == null) return base;
  return base * (0.65 + 0.7 * Math.min(1.6, Math.sqrt(attrs.households / ref)));
}

export class GraphView {
  /**
   * @param container element sigma draws into
   * @param view the one view state object (read by the reducers, changed only via update())
   * @param styleOf (key, attrs) -> overlay styling {colour, category} or undefined
   */
  constructor(container, view, styleOf) {
    this.graph = new Graph({ multi: false, type: "directed", allowSelfLoops: false });
    this.view = view;
    this.styleOf = styleOf;
    this.sigma = new Sigma(this.graph, container, {
      labelFont: FONT_STACK,
      labelSize: 13,
      labelRenderedSizeThreshold: 4,
      defaultEdgeType: "line",
      zIndex: true,
      minCameraRatio: 0.002,
      maxCameraRatio: 4,
      nodeReducer: (key, attrs) => this.nodeDisplay(key, attrs),
      edgeReducer: (key, attrs) => this.edgeDisplay(key, attrs),
    });
    this.neighbours = new Set();
  }

  /** Recompute what is derived from the view state and redraw (the graph is not touched). */
  refresh() {
    const selected = this.view.selected;
    this.neighbours = new Set(
      selected && this.graph.hasNode(selected) ? this.graph.neighbors(selected) : [],
    );
    this.sigma.setSetting("hideEdgesOnMove", this.graph.order + this.graph.size > 4000);
    this.sigma.refresh({ skipIndexation: true });
  }

  isHidden(key, attrs) {
    const view = this.view;
    if (view.hiddenTypes.has(filterType(attrs.label))) return true;
    if (view.community && attrs.community && attrs.community !== view.community) return true;
    return false;
  }

  nodeDisplay(key, attrs) {
    const display = {
      x: attrs.x,
      y: attrs.y,
      label: attrs.name ?? key,
      size: baseSize(attrs),
      color: baseColour(attrs),
      zIndex: 1,
    };
    if (this.isHidden(key, attrs)) return { ...display, hidden: true };
    const style = this.styleOf(key, attrs);
    if (style?.colour) display.color = style.colour;
    if (style?.marked) {
      display.size *= 1.5;
      display.zIndex = 2;
    } else if (style?.fade) {
      display.color = COLOURS.faded;
      // Street and community names stay: they say where the marks are.
      if (attrs.label !== "Street" && attrs.label !== "Community") display.label = null;
      display.zIndex = 0;
    }
    const selected = this.view.selected;
    if (selected === key) {
      display.highlighted = true;
      display.forceLabel = true;
      display.zIndex = 3;
    } else if (selected && this.neighbours.has(key)) {
      display.label = attrs.name ?? key;
      display.forceLabel = true;
    }
    return display;
  }

  edgeDisplay(key, attrs) {
    const [source, target] = this.graph.extremities(key);
    const sourceAttrs = this.graph.getNodeAttributes(source);
    const targetAttrs = this.graph.getNodeAttributes(target);
    if (this.isHidden(source, sourceAttrs) || this.isHidden(target, targetAttrs)) {
      return { hidden: true, type: "line" };
    }
    const selected = this.view.selected;
    const touchesSelection = selected && (source === selected || target === selected);
    const sourceStyle = this.styleOf(source, sourceAttrs);
    const targetStyle = this.styleOf(target, targetAttrs);
    const faded = sourceStyle?.fade || targetStyle?.fade;
    // Pairings carry their activity: the more events, the wider the line.
    const activity = attrs.events != null ? 0.6 * Math.log1p(attrs.events) : 0;
    const base = attrs.events != null ? COLOURS.pairing : COLOURS.edge;
    return {
      type: "line",
      size: (touchesSelection ? 1.5 : attrs.type === "PART_OF" ? 0.6 : 1) + activity,
      color: touchesSelection ? "#4a5563" : faded ? COLOURS.fadedEdge : base,
      zIndex: touchesSelection ? 2 : 0,
    };
  }

  /**
   * Merge a slice ({nodes, edges} in graphology's serialisation) into the graph. New nodes are
   * placed around their parent (the target of their PART_OF edge) or around `anchor`.
   * Returns the keys of the nodes that were new.
   */
  merge(slice, anchor = null) {
    const graph = this.graph;
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
    for (const { parent, nodes } of groups.values()) this.placeAround(parent, nodes);
    for (const edge of slice.edges) {
      if (!graph.hasNode(edge.source) || !graph.hasNode(edge.target)) continue;
      // Slices from different APIs key the same relationship differently: one edge per pair.
      if (!graph.hasEdge(edge.key) && !graph.hasDirectedEdge(edge.source, edge.target)) {
        graph.addDirectedEdgeWithKey(edge.key, edge.source, edge.target, { ...edge.attributes });
      }
    }
    return fresh.map((node) => node.key);
  }

  placeAround(parent, nodes) {
    const graph = this.graph;
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

  /** Keys of the nodes on screen now (not hidden by filters). */
  visibleNodes() {
    return this.graph.filterNodes((key, attrs) => !this.isHidden(key, attrs));
  }

  /** Move the camera so that these nodes fill the view (sigma's coordinates are normalised). */
  fit(keys) {
    const points = keys.map((key) => this.sigma.getNodeDisplayData(key)).filter(Boolean);
    if (!points.length) return;
    const xs = points.map((p) => p.x);
    const ys = points.map((p) => p.y);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const ratio = Math.min(1, Math.max(0.01, 1.4 * Math.max(x1 - x0, y1 - y0)));
    this.sigma.getCamera().animate({ x: (x0 + x1) / 2, y: (y0 + y1) / 2, ratio }, { duration: 400 });
  }

  /** Move the camera to a node. */
  focus(key) {
    if (!this.graph.hasNode(key)) return;
    const position = this.sigma.getNodeDisplayData(key);
    if (!position) return;
    this.sigma.getCamera().animate({ x: position.x, y: position.y, ratio: 0.08 }, { duration: 400 });
  }
}
