// The details panel: the selected node's properties, its links, and the overlays marking it.
import { analysesApi } from "../api.js";
import { ghostOf } from "../diff-picture.js";
import { el } from "../dom.js";
import { currentLang, field, pick, t } from "../i18n.js";
import { REMOVABLE, WITH_CHILDREN, WITH_STAIRWELLS, coveredShare, splitKey } from "../node-kinds.js";
import { OVERLAYS, overlayById } from "../overlays.js";
import { relationName, valueName } from "../vocabulary.js";
import { tableOf } from "./findings.js";
import { candidatesSection } from "./candidates.js";

const remote = new Map(); // node key -> {status, body | error}
const HIDDEN = new Set(["x", "y", "label", "name", "community", "depth"]);

/** Rows of [name, value]: field names and enumerated values in the page's language. */
function table(rows, { named = false } = {}) {
  const tableEl = document.createElement("table");
  for (const [name, value] of rows) {
    const tr = tableEl.insertRow();
    tr.insertCell().textContent = named ? name : field(name);
    const shown = named ? value : valueName(name, value);
    tr.insertCell().textContent = typeof shown === "object" && shown !== null ? JSON.stringify(shown) : String(shown);
  }
  return tableEl;
}

/** The places above `key` on screen, nearest first (its PART_OF and LOCATED_IN chain). */
function chainOf(graph, key) {
  const chain = [];
  for (let at = key, steps = 0; at && steps < 8; steps++) {
    const up = graph.outEdges(at).find((edge) => ["PART_OF", "LOCATED_IN"].includes(graph.getEdgeAttribute(edge, "type")));
    at = up ? graph.target(up) : null;
    if (at) chain.push(at);
  }
  return chain;
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

function actions(explorer, key, label) {
  const div = document.createElement("div");
  div.className = "actions";
  const folded = explorer.view.collapsed.includes(key);
  if (explorer.hasChildren(key) && !folded) div.append(button(t("collapse"), () => explorer.collapse(key)));
  else if (WITH_CHILDREN.includes(label)) div.append(button(t("expandChildren"), () => explorer.openChildren(key)));
  if (WITH_STAIRWELLS.includes(label)) div.append(button(t("expandSubtree"), () => explorer.openSubtree(key)));
  div.append(button(t("expandNeighbours"), () => explorer.expandNeighbourhood(key)));
  const removed = explorer.view.removed;
  if (REMOVABLE.includes(label)) {
    div.append(
      button(t("whatIf"), () => explorer.state.set({ removed: [...new Set([...removed, key])], ...tableOf(overlayById("whatif")) })),
    );
  }
  if (explorer.overlayData.ready("whatif")) {
    const title = pick(overlayById("whatif").categories.removed.meaning);
    div.append(button(`${title}: ${new Set(removed).size} ×`, () => explorer.state.set({ removed: [] })));
  }
  return div;
}

/** The overlays marking `key`: an analysis by its title, an action by what it found. */
function appearsIn(explorer, key) {
  return OVERLAYS.flatMap((overlay) => {
    const marks = explorer.overlayData.ready(overlay.id)?.marks;
    if (!marks?.has(key)) return [];
    return [pick(overlay.kind === "action" ? overlay.categories[marks.get(key)].meaning : overlay.title)];
  });
}

/** Draw the panel for the selected node (fetching /api/v1/nodes/… once per node). */
export function renderDetails(explorer) {
  const body = document.querySelector("#details-body");
  const key = explorer.view.selected;
  if (!key || !explorer.graph.hasNode(key)) {
    body.className = "note";
    body.textContent = t("clickHint");
    return;
  }
  const attrs = explorer.graph.getNodeAttributes(key);
  const [label] = splitKey(ghostOf(key));
  body.className = "";
  body.replaceChildren();
  const title = document.createElement("h3");
  title.textContent = attrs.name ?? key;
  const kind = document.createElement("div");
  kind.className = "note";
  kind.textContent = `${t(label)} · ${ghostOf(key)}`;
  body.append(title, kind);
  // A ghost is what the diff shown says was there: nothing of it is asked of the server.
  if (attrs.ghost) return body.append(el("p", { className: "note", id: "details-ghost", textContent: t("ghostNote") }));
  body.append(actions(explorer, key, label));
  if (label === "Stairwell") {
    body.append(candidatesSection(explorer, key, () => explorer.view.selected === key && renderDetails(explorer)));
  }

  const share = coveredShare(attrs);
  const own = Object.entries(attrs).filter(([name]) => !HIDDEN.has(name));
  if (share != null) own.push([t("coverage"), `${Math.round(share * 100)}%`]);
  body.append(heading(t("properties")), table(own));

  const chain = chainOf(explorer.graph, key);
  if (chain.length) {
    const nameOf = (place) => `${t(splitKey(place)[0])} ${explorer.graph.getNodeAttribute(place, "name") ?? place}`;
    const line = document.createElement("div");
    line.id = "details-chain";
    line.textContent = chain.map(nameOf).join(" › ");
    body.append(heading(t("chain")), line);
  }

  const links = explorer.graph.edges(key).map((edge) => {
    const [source, target] = explorer.graph.extremities(edge);
    const other = source === key ? target : source;
    const attributes = explorer.graph.getEdgeAttributes(edge);
    const otherName = explorer.graph.getNodeAttribute(other, "name") ?? other;
    const kind = t(splitKey(other)[0]);
    return [relationName(attributes.type, source === key, attributes), currentLang() === "zh" ? `${otherName}（${kind}）` : `${otherName} (${kind})`];
  });
  links.sort((a, b) => a[0].localeCompare(b[0]));
  body.append(heading(t("links")), links.length ? table(links, { named: true }) : document.createTextNode(t("none")));

  const inList = document.createElement("div");
  const found = appearsIn(explorer, key);
  inList.textContent = found.length ? found.join("、") : t("none");
  body.append(heading(t("inAnalyses")), inList);

  const server = remote.get(key);
  if (!server) {
    remote.set(key, { status: "loading" });
    analysesApi
      .node(key)
      .then((data) => remote.set(key, { status: "ready", body: data }))
      .catch((error) => remote.set(key, { status: "failed", error: error.message }))
      .finally(() => explorer.view.selected === key && renderDetails(explorer));
    return;
  }
  if (server.status === "ready") {
    const props = Object.entries(server.body.properties ?? {});
    // A type's count named from this node's side: the side its edges on screen take.
    const outgoing = (type) => {
      const edges = explorer.graph.edges(key).filter((edge) => explorer.graph.getEdgeAttribute(edge, "type") === type);
      if (edges.length) return explorer.graph.source(edges[0]) === key;
      return label === "Person";
    };
    const degree = Object.entries(server.body.degree ?? {}).map(([type, count]) => [relationName(type, outgoing(type)), count]);
    body.append(heading(t("stored")), table(props));
    if (degree.length) body.append(heading(t("degree")), table(degree, { named: true }));
  } else if (server.status === "failed") {
    const note = document.createElement("div");
    note.className = "note";
    note.textContent = `${t("error")}: ${server.error}`;
    body.append(note);
  }
}
