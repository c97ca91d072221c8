// The overlay list: a row per listed overlay, with a box to switch it on, what it found, a link
// to the analysis's rows as CSV, and its worst rows as a list to choose from.
import { pick, t } from "../i18n.js";
import { OVERLAYS, overlayById } from "../overlays.js";
import { tableOf } from "./findings.js";

/** What an analysis overlay's row says beside its title: loading, how many it marks, or why not. */
function status(explorer, overlay, result) {
  const state = document.createElement("span");
  state.className = "state";
  if (overlay.kind !== "analysis" || !result) return state;
  if (result.status === "loading") state.textContent = t("loading");
  else if (result.status === "failed") state.textContent = `${t("overlayFailed")}: ${result.error}`;
  else if (overlay.isOn(explorer.view)) {
    const onScreen = [...result.marks.keys()].filter((key) => explorer.graph.hasNode(key)).length;
    const count = onScreen === result.marks.size ? `${onScreen}` : `${onScreen}/${result.marks.size}`;
    state.textContent = `${count} ${t("overlayMarked")} · `;
    // The analysis's own rows, every one, as the API writes them (UTF-8 with a BOM).
    const csv = document.createElement("a");
    csv.href = `/api/v1/analyses/${encodeURIComponent(result.analysis)}?format=csv`;
    csv.textContent = "CSV";
    csv.download = `${result.analysis}.csv`;
    state.append(csv);
  }
  return state;
}

function row(explorer, overlay) {
  const label = document.createElement("label");
  label.className = "overlay";
  label.dataset.overlay = overlay.id;
  const input = document.createElement("input");
  input.type = "checkbox";
  input.checked = overlay.isOn(explorer.view);
  // Switching an overlay on opens its findings table too.
  input.addEventListener("change", () =>
    explorer.state.set({ ...overlay.switch(explorer.view, input.checked), ...(input.checked ? tableOf(overlay) : {}) }),
  );
  const text = document.createElement("span");
  text.textContent = pick(overlay.title);
  if (overlay.table && overlay.isOn(explorer.view) && explorer.view.table !== overlay.id) {
    const open = document.createElement("button");
    open.className = "open-table";
    open.textContent = t("table");
    open.addEventListener("click", (event) => {
      event.preventDefault();
      explorer.state.set(tableOf(overlay));
    });
    text.append(open);
  }
  text.append(status(explorer, overlay, explorer.overlayData.get(overlay.id)));
  label.append(input, text);
  return label;
}

/** The overlay's worst rows as a list; choosing one shows it (and may remove it: a what-if). */
function topRows(explorer, overlay, result) {
  const list = document.createElement("ol");
  list.className = "top-rows";
  list.dataset.overlay = overlay.id;
  const caption = document.createElement("div");
  caption.className = "note";
  caption.textContent = pick(overlay.top.caption);
  list.append(caption);
  for (const item of result.rows.slice(0, overlay.top.count)) {
    const key = item.node_key;
    const li = document.createElement("li");
    li.dataset.key = key;
    li.textContent = overlay.top.text(item);
    li.addEventListener("click", async () => {
      await explorer.reveal(key);
      if (overlay.top.removes) explorer.state.set({ removed: [key], ...tableOf(overlayById("whatif")) });
    });
    list.append(li);
  }
  return list;
}

export function renderOverlayList(explorer) {
  const box = document.querySelector("#overlay-list");
  box.replaceChildren();
  for (const overlay of OVERLAYS) {
    if (overlay.listed === false) continue;
    box.append(row(explorer, overlay));
    const result = explorer.overlayData.ready(overlay.id);
    if (overlay.top && result && overlay.isOn(explorer.view)) box.append(topRows(explorer, overlay, result));
  }
}
