// What the overlays switched on have found: each overlay's result is fetched when the view needs
// it, the nodes it marks are brought onto the screen, and the result is kept as long as the
// overlay's kind says (see overlays.js).
import { analysesApi, graphApi } from "./api.js";
import { edgePair } from "./diff-picture.js";
import { mergeInPlace } from "./in-place.js";
import { PLACE_LABELS, splitKey } from "./node-kinds.js";
import { OVERLAYS, activeOverlays, markColour } from "./overlays.js";
import { chainsFor } from "./place-columns.js";

// Marked nodes that are not places come with their neighbourhood, one request each: at most these.
const MAX_REVEALED = 30;

/**
 * What bringing an overlay's marks onto the screen takes: places with their chain up to the
 * community, other nodes (unless the overlay brings in places only) with their neighbourhood.
 * Fetched at once; merged later, in turn (see OverlayResults.sync).
 */
async function fetchBringIn(overlay, marks, body, graphView) {
  const slices = overlay.toSlice ? [overlay.toSlice(body)] : [];
  if (overlay.bringIn === "slice") return slices;
  const missing = [...marks.keys()].filter((key) => !graphView.graph.hasNode(key));
  const places = missing.filter((key) => PLACE_LABELS.includes(splitKey(key)[0]) && !key.startsWith("Street:"));
  if (places.length) slices.push(await graphApi.chains(places));
  const wanted = (key) => overlay.bringIn !== "places" || overlay.revealed?.includes(splitKey(key)[0]);
  // Rows come worst first, so the first few non-places are the ones worth bringing in.
  const others = missing.filter((key) => !places.includes(key) && wanted(key)).slice(0, MAX_REVEALED);
  for (let i = 0; i < others.length; i += 5) {
    const fetched = await Promise.allSettled(others.slice(i, i + 5).map((key) => analysesApi.neighbourhood(key, 1)));
    for (const slice of fetched) if (slice.status === "fulfilled") slices.push(slice.value);
  }
  return slices;
}

/**
 * Run an overlay for `view`: {body, rows, marks: Map(key -> category), chains (place-columns.js)}.
 * What it brings onto the screen is merged once `turn` has resolved, so that overlays switched on together place their
 * nodes in the same order every time (a link reopens the same picture).
 */
async function load(overlay, view, graphView, turn) {
  const body = await overlay.fetch(view);
  const marks = new Map(); // node key -> category (null: the overlay's own colour)
  for (const [key, category] of overlay.marksOf(body, view)) if (key && !marks.has(key)) marks.set(key, category);
  const edgeMarks = new Map(overlay.edgeMarksOf?.(body) ?? []); // edgePair -> category
  // The findings table's place chains come with the result, so a ready table is a whole one.
  const [slices, chains] = await Promise.all([fetchBringIn(overlay, marks, body, graphView), chainsFor(overlay, body)]);
  await turn;
  await mergeInPlace(graphView, slices);
  return { analysis: overlay.analysis, body, rows: body.rows ?? [], total: body.total ?? body.rows?.length, marks, edgeMarks, chains };
}

export class OverlayResults {
  /**
   * @param graphView where marked nodes are brought in
   * @param hooks {changed(), busy(on), failed(overlay, error)}: a result arrived (or failed);
   *   an action is computing; an action failed (and should be switched off)
   */
  constructor(graphView, hooks) {
    this.graphView = graphView;
    this.hooks = hooks;
    this.results = new Map(); // overlay id -> {status: loading|ready|failed, params, error, …load()}
    this.merged = Promise.resolve(); // resolves when the last load started has merged its nodes
  }

  /** An overlay's result, whatever its status. */
  get(id) {
    return this.results.get(id);
  }

  /** An overlay's result if it is ready. */
  ready(id) {
    const result = this.results.get(id);
    return result?.status === "ready" ? result : null;
  }

  /**
   * Fetch what the overlays switched on in `view` need and forget what is no longer wanted
   * (actions switched off; failures, so that switching on again tries again). What it starts
   * is marked loading at once; the promise resolves when every fetch it started has ended.
   */
  sync(view) {
    const loads = [];
    for (const overlay of OVERLAYS) {
      const result = this.results.get(overlay.id);
      if (!overlay.isOn(view)) {
        if (result && (overlay.kind === "action" || result.status === "failed")) this.results.delete(overlay.id);
      } else if (overlay.kind !== "colouring" && result?.params !== overlay.params(view)) {
        const turn = this.merged;
        let done;
        this.merged = new Promise((resolve) => (done = resolve));
        loads.push(this.load(overlay, view, turn).finally(() => turn.then(done)));
      }
    }
    return Promise.all(loads);
  }

  async load(overlay, view, turn) {
    const params = overlay.params(view);
    const current = () => this.results.get(overlay.id)?.params === params;
    const action = overlay.kind === "action";
    this.results.set(overlay.id, { status: "loading", params });
    if (action) this.hooks.busy(true);
    try {
      const result = await load(overlay, view, this.graphView, turn);
      if (current()) this.results.set(overlay.id, { status: "ready", params, ...result });
    } catch (error) {
      if (current()) this.results.set(overlay.id, { status: "failed", params, error: error.message });
      if (current() && action) this.hooks.failed(overlay, error);
    } finally {
      if (action) this.hooks.busy(false);
    }
    this.hooks.changed();
  }

  /** The overlays of `view` whose ready result marks `key`, with the category. */
  marking(view, key) {
    return activeOverlays(view)
      .filter((overlay) => this.ready(overlay.id)?.marks.has(key))
      .map((overlay) => [overlay, this.ready(overlay.id).marks.get(key)]);
  }

  /** The colour `view`'s overlays mark the edge from `source` to `target` with, if any. */
  edgeStyleOf(view, source, target) {
    for (const overlay of activeOverlays(view)) {
      const category = this.ready(overlay.id)?.edgeMarks.get(edgePair(source, target));
      if (category !== undefined) return { colour: markColour(overlay, category), category };
    }
    return undefined;
  }

  /** How `view`'s overlays draw a node: marked in a colour, faded, recoloured, or not at all. */
  styleOf(view, key, attrs) {
    // The first overlay that marks a node colours it; with any marks on, the unmarked fade.
    let anyMarks = false;
    for (const overlay of activeOverlays(view)) {
      const result = this.ready(overlay.id);
      if (overlay.kind === "colouring" || !result) continue;
      if (result.marks.has(key)) return { colour: markColour(overlay, result.marks.get(key)), marked: true };
      anyMarks = true;
    }
    if (anyMarks) return { fade: true };
    for (const overlay of activeOverlays(view)) {
      const colour = overlay.kind === "colouring" ? overlay.style(attrs) : undefined;
      if (colour) return { colour };
    }
    return undefined;
  }
}
