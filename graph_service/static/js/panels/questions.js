// A way in: the analysts' everyday questions under the headline figures, each a click to the
// view that answers it (overlay, table, filter or what-if).
import { analysesApi } from "../api.js";
import { t } from "../i18n.js";
import { coveredShare } from "../node-kinds.js";
import { overlayById } from "../overlays.js";
import { including } from "../state.js";
import { tableOf } from "./findings.js";

/** The view answering an overlay's question: the overlay on, its table open. */
function showing(explorer, id, patch = {}) {
  const overlay = overlayById(id);
  return { ...overlay.switch(explorer.view, true), ...tableOf(overlay), ...patch };
}

/** The community whose stairwells are least covered (from the overview's figures). */
function thinnestCommunity(graph) {
  let thinnest = null;
  graph.forEachNode((key, attrs) => {
    const share = attrs.label === "Community" ? coveredShare(attrs) : null;
    if (share != null && (!thinnest || share < thinnest.share)) thinnest = { key, share };
  });
  return thinnest?.key ?? "";
}

const QUESTIONS = [
  ["thin", (explorer) => showing(explorer, "uncovered", { community: thinnestCommunity(explorer.graph) })],
  ["overloaded", (explorer) => showing(explorer, "overloaded")],
  ["unpartnered", (explorer) => showing(explorer, "unpartnered")],
  [
    "recall",
    // The department whose recall leaves the most wartime places with no one, recalled.
    async (explorer) => {
      const [worst] = (await analysesApi.run("wartime-dependence", { limit: "1" })).rows;
      if (!worst) return showing(explorer, "dependence");
      return { removed: including(explorer.view.removed, worst.node_key), ...tableOf(overlayById("whatif")) };
    },
  ],
];

export function bindQuestions(explorer) {
  const box = document.createElement("div");
  box.id = "questions";
  for (const [id, answer] of QUESTIONS) {
    const b = document.createElement("button");
    b.className = "question";
    b.dataset.question = id;
    b.addEventListener("click", async () => {
      try {
        explorer.state.set(await answer(explorer));
      } catch (error) {
        explorer.failed(error);
      }
    });
    box.append(b);
  }
  document.querySelector("#headlines").after(box);
}

export function renderQuestions() {
  const label = document.querySelector("#questions .questions-label") ?? document.createElement("span");
  label.className = "questions-label";
  label.textContent = t("questions");
  document.querySelector("#questions")?.prepend(label);
  for (const b of document.querySelectorAll("#questions button.question")) b.textContent = t(`q_${b.dataset.question}`);
}
