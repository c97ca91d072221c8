// The one view state. Everything on screen is derived from it; it changes only through
// ViewState.set, which keeps the address bar in step, so every view has a link that reopens it
// (in the same language: the link names it too).
import { currentLang } from "./i18n.js";

/** A fresh view state. */
export function emptyView() {
  return {
    selected: null, // node key
    opened: [], // node keys whose children were opened, in order
    collapsed: [], // node keys whose children (and the people only they link to) are folded away
    subtrees: [], // node keys opened down to their stairwells (and liaisons), in order
    neighbourhoods: [], // node keys whose neighbourhood was expanded, in order
    overlays: new Set(), // analysis overlays switched on, in the order they were
    hiddenTypes: new Set(), // filter types switched off
    community: "", // community key to show alone, or ""
    removed: [], // what-if: node keys removed
    rebalance: false, // rebalancing plan shown
    diff: "", // changes between two snapshots shown: "FROM..TO" or "FROM..TO@SCOPE", or ""
    camera: null, // {x, y, span}: centre and width shown, in graph coordinates; null: the whole graph
    table: "", // overlay id whose findings table is open, or ""
    tableSort: "", // column the table is sorted by ("-column": descending), or "": as it came
    tableFilter: "", // text every row shown contains, or ""
  };
}

const list = (value) => (value ? value.split(",").filter(Boolean) : []);

/** Read a view state from a URL's query string. */
export function viewFromURL(search = window.location.search) {
  const params = new URLSearchParams(search);
  const view = emptyView();
  view.selected = params.get("sel") || null;
  view.opened = list(params.get("open"));
  view.collapsed = list(params.get("fold"));
  view.subtrees = list(params.get("all"));
  view.neighbourhoods = list(params.get("nb"));
  view.overlays = new Set(list(params.get("ov")));
  view.hiddenTypes = new Set(list(params.get("hide")));
  view.community = params.get("c") || "";
  view.removed = list(params.get("rm"));
  view.rebalance = params.get("plan") === "1";
  view.diff = params.get("diff") || "";
  view.table = params.get("tab") || "";
  view.tableSort = params.get("sort") || "";
  view.tableFilter = params.get("find") || "";
  const camera = (params.get("cam") || "").split(",").map(Number);
  if (camera.length === 3 && camera.every(Number.isFinite) && camera[2] > 0) {
    view.camera = { x: camera[0], y: camera[1], span: camera[2] };
  }
  return view;
}

/** The query string that reopens `view` (empty parts left out). */
export function viewToQuery(view) {
  const params = new URLSearchParams();
  if (view.selected) params.set("sel", view.selected);
  if (view.opened.length) params.set("open", view.opened.join(","));
  if (view.collapsed.length) params.set("fold", view.collapsed.join(","));
  if (view.subtrees.length) params.set("all", view.subtrees.join(","));
  if (view.neighbourhoods.length) params.set("nb", view.neighbourhoods.join(","));
  if (view.overlays.size) params.set("ov", [...view.overlays].join(","));
  if (view.hiddenTypes.size) params.set("hide", [...view.hiddenTypes].join(","));
  if (view.community) params.set("c", view.community);
  if (view.removed.length) params.set("rm", view.removed.join(","));
  if (view.rebalance) params.set("plan", "1");
  if (view.diff) params.set("diff", view.diff);
  if (view.table) params.set("tab", view.table);
  if (view.tableSort) params.set("sort", view.tableSort);
  if (view.tableFilter) params.set("find", view.tableFilter);
  if (view.camera) {
    const { x, y, span } = view.camera;
    params.set("cam", [x.toFixed(4), y.toFixed(4), span.toFixed(4)].join(","));
  }
  params.set("lang", currentLang());
  return `?${params}`;
}

// Changes that only move the camera or type into the table's filter replace the history entry;
// every other change is a step Back and Forward move through.
const PASSING = new Set(["camera", "tableFilter"]);

/** How many steps of this page's own came before the current history entry. */
export const stepsBack = () => window.history.state?.step ?? 0;

/** Keep the address bar in step with the view: a new history entry per step, see PASSING. */
function writeURL(view, fields) {
  const url = `${window.location.pathname}${viewToQuery(view)}`;
  if (url === `${window.location.pathname}${window.location.search}`) return;
  if (fields.every((name) => PASSING.has(name))) window.history.replaceState(window.history.state, "", url);
  else window.history.pushState({ step: stepsBack() + 1 }, "", url);
}

/** `items` with `item` at the end (once); works for arrays and sets alike. */
export function including(items, item) {
  if (items instanceof Set) return new Set([...items, item]);
  return items.includes(item) ? items : [...items, item];
}

/** `items` without `item`; works for arrays and sets alike. */
export function excluding(items, item) {
  const rest = [...items].filter((each) => each !== item);
  return items instanceof Set ? new Set(rest) : rest;
}

/** The view state and the one way to change it. */
export class ViewState {
  constructor(view = viewFromURL()) {
    this.view = Object.freeze(view);
    this.listeners = [];
  }

  /** Call `listener(fields)` after every change, with the names of the fields that changed. */
  onChange(listener) {
    this.listeners.push(listener);
  }

  /**
   * Change the view: `patch` holds the fields that take new values (lists and sets are
   * replaced, never changed in place; see `including` and `excluding`).
   */
  set(patch) {
    const fields = Object.keys(patch).filter((name) => patch[name] !== this.view[name]);
    this.view = Object.freeze({ ...this.view, ...patch });
    writeURL(this.view, fields);
    for (const listener of this.listeners) listener(fields);
  }

  /** Rewrite the address bar for the current view without a new step (the language changed). */
  relink() {
    writeURL(this.view, []);
  }

  /** Take the view the address bar names (after Back or Forward), writing no history. */
  followURL() {
    this.view = Object.freeze(viewFromURL());
    for (const listener of this.listeners) listener(Object.keys(this.view));
  }
}
