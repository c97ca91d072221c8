// Moving about the graph: zoom in and out, show everything, undo the last step; drawn over the
// graph's corner. (Folding a node's children is in the details panel.)
import { t } from "../i18n.js";
import { stepsBack } from "../state.js";

const ZOOM_STEP = 1.5;

function button(id, text, onClick) {
  const b = document.createElement("button");
  b.id = id;
  b.type = "button";
  b.textContent = text;
  b.addEventListener("click", onClick);
  return b;
}

export function bindNavigation(explorer) {
  const controls = document.createElement("div");
  controls.id = "navigation";
  controls.className = "navigation";
  controls.append(
    button("zoom-in", "+", () => explorer.graphView.zoom(ZOOM_STEP)),
    button("zoom-out", "−", () => explorer.graphView.zoom(1 / ZOOM_STEP)),
    button("zoom-fit", "", () => explorer.graphView.fitAll()),
    button("undo", "", () => explorer.undo()),
  );
  document.querySelector("#graph-pane").append(controls);
}

/** Relabel the buttons in the page's language; undo only when there is a step to undo. */
export function renderNavigation() {
  const say = (id, key, labelled) => {
    const b = document.getElementById(id);
    if (!b) return;
    if (labelled) b.textContent = t(key);
    b.title = t(key);
  };
  say("zoom-in", "zoomIn", false);
  say("zoom-out", "zoomOut", false);
  say("zoom-fit", "zoomFit", true);
  say("undo", "undo", true);
  const undo = document.getElementById("undo");
  if (undo) undo.disabled = stepsBack() === 0;
}
