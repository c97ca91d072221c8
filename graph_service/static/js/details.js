// The details panel: the selected node's properties, its links, and the analyses it appears in.
import { analysesApi, ApiMissing, splitKey } from "./api.js";
import { coveredShare } from "./graph-view.js";
import { field, pick, t } from "./i18n.js";
import { OVERLAYS } from "./overlays.js";

const remote = new Map(); // node key -> {status, body | error}
const HIDDEN = new Set(["x", "y", "label", "name", "community", "depth"]);

function table(rows) {
  const tableEl = document.createElement("table");
  for (const [name, value] of rows) {
    const tr = tableEl.insertRow();
    tr.insertCell().textContent = field(name);
    tr.insertCell().textContent = typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
  }
  return tableEl;
}

function heading(text) {
  const h = document.createElement("h2");
  h.textContent = text;
  return h;
}

function button(text, onClick) {
  const b = document.createElement("button");
  b.textContent = text;
  b.addEventListener("click", onClick);
  return b;
}

/** Draw the panel for explorer.view.selected (fetching /api/v1/nodes/… once per node). */
export function renderDetails(explorer) {
  const body = document.querySelector("#details-body");
  const key = explorer.view.selected;
  if (!key || !explorer.graph.hasNode(key)) {
    body.className = "note";
    body.textContent = t("clickHint");
    return;
  }
  const attrs = explorer.graph.getNodeAttributes(key);
  const [label] = splitKey(key);
  body.className = "";
  body.replaceChildren();
  const title = document.createElement("h3");
  title.textContent = attrs.name ?? key;
  const kind = document.createElement("div");
  kind.className = "note";
  kind.textContent = `${t(label)} · ${key}`;
  body.append(title, kind);

  const actions = document.createElement("div");
  actions.className = "actions";
  if (["Street", "Community", "Grid", "Building", "Stairwell"].includes(label)) {
    actions.append(button(t("expandChildren"), () => explorer.openChildren(key)));
  }
  if (["Street", "Community", "Grid", "Building"].includes(label)) {
    actions.append(button(t("expandSubtree"), () => explorer.openSubtree(key)));
  }
  actions.append(button(t("expandNeighbours"), () => explorer.expandNeighbourhood(key)));
  if (["Person", "Department"].includes(label)) {
    const removed = explorer.view.removed;
    actions.append(button(t("whatIf"), () => explorer.runWhatIf([...new Set([...removed, key])])));
  }
  if (explorer.whatIf) actions.append(button(`${t("removed")}: ${explorer.whatIf.removed.size} ×`, () => explorer.clearWhatIf()));
  body.append(actions);

  const share = coveredShare(attrs);
  const own = Object.entries(attrs).filter(([name]) => !HIDDEN.has(name));
  if (share != null) own.push([t("coverage"), `${Math.round(share * 100)}%`]);
  body.append(heading(t("properties")), table(own));

  const links = explorer.graph.edges(key).map((edge) => {
    const [source, target] = explorer.graph.extremities(edge);
    const other = source === key ? target : source;
    const type = explorer.graph.getEdgeAttribute(edge, "type");
    return [`${source === key ? "→" : "←"} ${type}`, explorer.graph.getNodeAttribute(other, "name") ?? other];
  });
  body.append(heading(t("links")), links.length ? table(links) : document.createTextNode(t("none")));

  const appearsIn = OVERLAYS.filter((overlay) => explorer.overlayData.get(overlay.id)?.marks?.has(key)).map((overlay) => pick(overlay.title));
  if (explorer.whatIf?.dark.has(key)) appearsIn.push(t("goesDark"));
  const inList = document.createElement("div");
  inList.textContent = appearsIn.length ? appearsIn.join("、") : t("none");
  body.append(heading(t("inAnalyses")), inList);

  const server = remote.get(key);
  if (!server) {
    remote.set(key, { status: "loading" });
    analysesApi
      .node(key)
      .then((data) => remote.set(key, { status: "ready", body: data }))
      .catch((error) => remote.set(key, { status: error instanceof ApiMissing ? "missing" : "failed", error: error.message }))
      .finally(() => explorer.view.selected === key && renderDetails(explorer));
    return;
  }
  if (server.status === "ready") {
    const props = Object.entries(server.body.properties ?? {});
    const degree = Object.entries(server.body.degree ?? {});
    body.append(heading(t("stored")), table(props));
    if (degree.length) body.append(heading(t("degree")), table(degree));
  } else if (server.status !== "loading") {
    const note = document.createElement("div");
    note.className = "note";
    note.textContent = server.status === "missing" ? `/api/v1/nodes: ${t("apiMissing")}` : `${t("error")}: ${server.error}`;
    body.append(note);
  }
}
