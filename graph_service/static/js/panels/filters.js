// The filters: one community shown alone, and node types switched on and off.
import { t } from "../i18n.js";
import { FILTER_TYPES } from "../node-kinds.js";
import { excluding, including } from "../state.js";

/** Wire the community choice (the list itself is redrawn with every render). */
export function bindFilters(explorer) {
  document.querySelector("#community-filter").addEventListener("change", (event) => {
    explorer.state.set({ community: event.target.value });
  });
}

export function renderFilters(explorer) {
  const { graph, view } = explorer;
  const select = document.querySelector("#community-filter");
  const communities = graph.filterNodes((key, attrs) => attrs.label === "Community" && !attrs.ghost);
  select.replaceChildren(new Option(t("allCommunities"), ""));
  for (const key of communities) select.append(new Option(graph.getNodeAttribute(key, "name"), key));
  select.value = view.community;
  const box = document.querySelector("#type-filters");
  box.replaceChildren();
  for (const type of FILTER_TYPES) {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "checkbox";
    input.dataset.type = type;
    input.checked = !view.hiddenTypes.has(type);
    input.addEventListener("change", () => {
      const hiddenTypes = explorer.view.hiddenTypes;
      explorer.state.set({ hiddenTypes: input.checked ? excluding(hiddenTypes, type) : including(hiddenTypes, type) });
    });
    label.append(input, ` ${t(type)}`);
    box.append(label);
  }
}
