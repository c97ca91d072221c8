// The street's headline figures above the graph: stairwells and their coverage from the overview,
// then how many each key analysis finds; a figure is a click to its overlay and table.
import { analysesApi } from "../api.js";
import { pick, t } from "../i18n.js";
import { overlayById } from "../overlays.js";
import { tableOf } from "./findings.js";

// The overlays whose count is a headline, in the order the analysts ask.
const COUNTED = ["uncovered", "overloaded", "leaderless", "unpartnered", "wartime"];
const totals = new Map(); // overlay id -> Promise of the analysis's row count

function figure(id, value, caption, onClick) {
  const item = document.createElement(onClick ? "button" : "span");
  item.className = "headline";
  item.dataset.headline = id;
  const number = document.createElement("b");
  number.textContent = value;
  item.append(number, ` ${caption}`);
  if (onClick) item.addEventListener("click", onClick);
  return item;
}

export function renderHeadlines(explorer) {
  const box = document.querySelector("#headlines");
  const street = explorer.graph.filterNodes((key, attrs) => attrs.label === "Street")[0];
  const attrs = street ? explorer.graph.getNodeAttributes(street) : {};
  const items = [];
  if (attrs.stairwells) {
    items.push(figure("stairwells", attrs.stairwells.toLocaleString(), t("Stairwell")));
    const share = attrs.covered_stairwells / attrs.stairwells;
    items.push(figure("coverage", `${(share * 100).toFixed(1)}%`, t("coverage")));
  }
  for (const id of COUNTED) {
    const overlay = overlayById(id);
    if (!totals.has(id)) {
      const total = analysesApi.run(overlay.analysis, { limit: "1" }).then((body) => body.total);
      totals.set(id, total);
      total.then(() => renderHeadlines(explorer)).catch(() => {});
    }
    const item = figure(id, "…", pick(overlay.title), () =>
      explorer.state.set({ ...overlay.switch(explorer.view, true), ...tableOf(overlay) }),
    );
    totals.get(id).then(
      (total) => (item.querySelector("b").textContent = total.toLocaleString()),
      () => (item.querySelector("b").textContent = "?"),
    );
    items.push(item);
  }
  box.replaceChildren(...items);
}
