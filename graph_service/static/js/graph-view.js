// The graph on screen: one graphology graph that only grows by merging slices from the server,
// drawn by sigma.js (WebGL). Nothing about highlight, fade or hide is written into the graph:
// all of it is derived from the view state through sigma's nodeReducer and edgeReducer.
import Graph from "graphology";
import Sigma from "sigma";
import { LabelLayout } from "./label-layout.js";
import { PLACE_LABELS, coveredShare, filterType } from "./node-kinds.js";
import { COLOURS, FONT_STACK, coverageColour } from "./palette.js";
import { MARKED_GROWTH, SIZE_SCALE, mergeSlice, radiusOf } from "./placement.js";

const HOUSEHOLD_REF = { Street: 18000, Community: 2500, Grid: 450, Building: 60, Stairwell: 16 };
// Places below the street take their colour from their stairwell coverage.
const BY_COVERAGE = ["Community", "Grid", "Building", "Stairwell"];

/** The base colour of a node, before any overlay. */
export function baseColour(attrs) {
  if (BY_COVERAGE.includes(attrs.label)) return coverageColour(coveredShare(attrs));
  return COLOURS.types[attrs.label] ?? COLOURS.types.Other;
}

/** The radius a node is drawn with (graph units), places scaled by their households. */
function baseSize(attrs) {
  const base = radiusOf(attrs.label);
  const ref = HOUSEHOLD_REF[attrs.label];
  if (!ref || attrs.households == null) return base;
  const [least, most] = SIZE_SCALE;
  return base * (least + (most - least) * Math.min(1, Math.sqrt(attrs.households / ref) / 1.6));
}

export class GraphView {
  /**
   * @param container element sigma draws into
   * @param state the ViewState (read by the reducers, never changed here)
   * @param styleOf (key, attrs) -> overlay styling {colour, marked} or {fade} or undefined
   * @param edgeStyleOf (source, target) -> an overlay's mark on that edge {colour} or undefined
   */
  constructor(container, state, styleOf, edgeStyleOf = () => undefined) {
    this.graph = new Graph({ multi: false, type: "directed", allowSelfLoops: false });
    this.state = state;
    this.styleOf = styleOf;
    this.edgeStyleOf = edgeStyleOf;
    this.sigma = new Sigma(this.graph, container, {
      labelFont: FONT_STACK,
      labelSize: 13,
      labelRenderedSizeThreshold: 4,
      // Labels are drawn once sigma has picked them, none over another (label-layout.js).
      defaultDrawNodeLabel: (context, data, settings) => this.labelLayout?.collect(context, data, settings),
      // Sizes are in graph units and grow with the zoom like distances do: nodes that do not
      // overlap in the layout (placement.js) overlap at no zoom.
      itemSizesReference: "positions",
      zoomToSizeRatioFunction: (ratio) => ratio,
      defaultEdgeType: "line",
      zIndex: true,
      minCameraRatio: 0.002,
      maxCameraRatio: 4,
      nodeReducer: (key, attrs) => this.nodeDisplay(key, attrs),
      edgeReducer: (key, attrs) => this.edgeDisplay(key, attrs),
    });
    this.labelLayout = new LabelLayout(this.sigma);
    this.neighbours = new Set();
    this.folded = new Set();
  }

  /** Merge a slice from the server; see placement.js. Returns the keys of the new nodes. */
  merge(slice, anchor = null) {
    return mergeSlice(this.graph, slice, anchor);
  }

  /** Recompute what is derived from the view state and redraw (the graph is not touched). */
  refresh() {
    const selected = this.state.view.selected;
    this.neighbours = new Set(
      selected && this.graph.hasNode(selected) ? this.graph.neighbors(selected) : [],
    );
    this.folded = this.foldedAway();
    this.sigma.setSetting("hideEdgesOnMove", this.graph.order + this.graph.size > 4000);
    this.sigma.refresh({ skipIndexation: true });
  }

  /**
   * What the view's collapsed nodes fold away: every place below them (PART_OF, any depth), and
   * every other node whose links all lead to something folded (a liaison of folded stairwells).
   */
  foldedAway() {
    const { graph } = this;
    const folded = new Set();
    const stack = this.state.view.collapsed.filter((key) => graph.hasNode(key));
    while (stack.length) {
      const key = stack.pop();
      graph.forEachInEdge(key, (edge, attrs, child) => {
        if (attrs.type === "PART_OF" && !folded.has(child)) {
          folded.add(child);
          stack.push(child);
        }
      });
    }
    if (folded.size) {
      graph.forEachNode((key, attrs) => {
        if (PLACE_LABELS.includes(attrs.label) || folded.has(key)) return;
        const around = graph.neighbors(key);
        if (around.length && around.every((other) => folded.has(other))) folded.add(key);
      });
    }
    return folded;
  }

  isHidden(key, attrs) {
    const view = this.state.view;
    if (this.folded.has(key)) return true;
    // A ghost (diff-picture.js) is drawn only while the diff shown names it.
    if (attrs.ghost && !this.styleOf(key, attrs)?.marked) return true;
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
      display.size *= MARKED_GROWTH;
      display.zIndex = 2;
    } else if (style?.fade) {
      display.color = COLOURS.faded;
      // Street and community names stay: they say where the marks are.
      if (attrs.label !== "Street" && attrs.label !== "Community") display.label = null;
      display.zIndex = 0;
    }
    const selected = this.state.view.selected;
    if (selected === key) {
      display.highlighted = true;
      display.forceLabel = true;
      display.label = attrs.name ?? key; // named even when an overlay fades it
      display.zIndex = 3;
    } else if (selected && this.neighbours.has(key)) {
      // Named even when faded, but not forced: sigma's label grid keeps labels from colliding.
      display.label = attrs.name ?? key;
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
    const mark = this.edgeStyleOf(source, target);
    if (attrs.ghost && !mark) return { hidden: true, type: "line" };
    const selected = this.state.view.selected;
    const touchesSelection = selected && (source === selected || target === selected);
    if (mark) {
      // A changed link stands out over every other: wider, in its change's colour.
      const size = 0.35 * Math.min(baseSize(sourceAttrs), baseSize(targetAttrs));
      return { type: "line", size, color: mark.colour, zIndex: 3 };
    }
    const sourceStyle = this.styleOf(source, sourceAttrs);
    const targetStyle = this.styleOf(target, targetAttrs);
    const faded = sourceStyle?.fade || targetStyle?.fade;
    // Pairings carry their activity: the more events, the wider the line.
    const activity = attrs.events != null ? 1 + 0.6 * Math.log1p(attrs.events) : 1;
    const base = attrs.events != null ? COLOURS.pairing : COLOURS.edge;
    // Widths are in graph units like sizes: a share of the smaller end (sigma keeps a minimum).
    const share = touchesSelection ? 0.3 : attrs.type === "PART_OF" ? 0.1 : 0.16;
    return {
      type: "line",
      size: share * activity * Math.min(baseSize(sourceAttrs), baseSize(targetAttrs)),
      color: touchesSelection ? COLOURS.selectedEdge : faded ? COLOURS.fadedEdge : base,
      zIndex: touchesSelection ? 2 : 0,
    };
  }

  /** Keys of the nodes on screen now (not hidden by filters). */
  visibleNodes() {
    return this.graph.filterNodes((key, attrs) => !this.isHidden(key, attrs));
  }

  /** Nodes and edges on screen now (both ends of an edge visible). */
  countOnScreen() {
    const visible = new Set(this.visibleNodes());
    const edges = this.graph.filterEdges((edge, attrs, source, target) => visible.has(source) && visible.has(target));
    return visible.size + edges.length;
  }

  /** Move the camera so that these nodes fill the view (sigma's coordinates are normalised). */
  fit(keys) {
    const points = keys.map((key) => this.sigma.getNodeDisplayData(key)).filter(Boolean);
    if (!points.length) return;
    const xs = points.map((p) => p.x);
    const ys = points.map((p) => p.y);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    // Sizes are graph units; sigma's normalisation divides positions by its ratio.
    const scale = this.sigma.normalizationFunction?.ratio || 1;
    const margin = (4 * Math.max(...points.map((p) => p.size ?? 0))) / scale;
    const ratio = Math.min(1, Math.max(0.002, 1.4 * Math.max(x1 - x0, y1 - y0) + margin));
    this.sigma.getCamera().animate({ x: (x0 + x1) / 2, y: (y0 + y1) / 2, ratio }, { duration: 400 });
  }

  /** Fit the camera to nodes once sigma has drawn them (it knows their positions then). */
  fitAfterRender(keys) {
    this.sigma.once("afterRender", () => this.fit(keys));
  }

  /**
   * What the camera shows, in graph coordinates: the centre and the span of the view's shorter
   * side, which mean the same whatever else is on screen (sigma's own camera is relative to
   * the graph's extent, which grows as nodes come; sigma scales by the shorter side less its
   * padding, so a resized pane keeps the span).
   */
  shownArea() {
    const { width, height } = this.sigma.getDimensions();
    const centre = this.sigma.viewportToGraph({ x: width / 2, y: height / 2 });
    const side = Math.min(width, height) - 2 * this.sigma.getSetting("stagePadding");
    return { x: centre.x, y: centre.y, span: side / this.sigma.getGraphToViewportRatio() };
  }

  /** Show an area given by `shownArea` (at once, no animation). */
  showArea({ x, y, span }) {
    // Draw first: the panels drawn since may have resized the pane sigma measures.
    this.sigma.refresh({ skipIndexation: true });
    const camera = this.sigma.getCamera();
    const here = this.shownArea();
    const framed = this.sigma.normalizationFunction({ x, y });
    camera.setState({ x: framed.x, y: framed.y, ratio: camera.getBoundedRatio((camera.ratio * span) / here.span) });
  }

  /** Zoom in (factor > 1) or out (factor < 1) about the centre of the view. */
  zoom(factor) {
    const camera = this.sigma.getCamera();
    // Clicks during an animation step from where it is going, not from where it is now.
    const from = camera.isAnimated() && this.zoomingTo ? this.zoomingTo : camera.ratio;
    this.zoomingTo = camera.getBoundedRatio(from / factor);
    camera.animate({ ratio: this.zoomingTo }, { duration: 250 });
  }

  /** Show the whole graph. */
  fitAll() {
    this.sigma.getCamera().animate({ x: 0.5, y: 0.5, ratio: 1, angle: 0 }, { duration: 300 });
  }

  /** Move the camera to a node and what it links to (the zoom follows the sizes). */
  focus(key) {
    if (!this.graph.hasNode(key)) return;
    this.fit([key, ...this.graph.neighbors(key)]);
  }
}
