// Search by name through /api/v1/search; without that API, search the nodes already shown.
import { analysesApi, ApiMissing } from "./api.js";
import { t } from "./i18n.js";

const DELAY_MS = 250;

function localResults(graph, q) {
  const needle = q.toLowerCase();
  return graph
    .filterNodes((key, attrs) => (attrs.name ?? "").toLowerCase().includes(needle))
    .slice(0, 20)
    .map((key) => {
      const attrs = graph.getNodeAttributes(key);
      return { key, label: attrs.label, id: attrs.id, name: attrs.name, context: "" };
    });
}

/** Wire the search box: results as a list, choosing one reveals and selects the node. */
export function setupSearch(explorer) {
  const input = document.querySelector("#search");
  const list = document.querySelector("#search-results");
  const note = document.querySelector("#search-note");
  let timer = null;
  let apiMissing = false;
  let latest = 0;

  const show = (results) => {
    list.replaceChildren();
    if (!results.length) {
      const li = document.createElement("li");
      li.className = "empty";
      li.textContent = t("noResults");
      list.append(li);
    }
    for (const result of results) {
      const li = document.createElement("li");
      li.dataset.key = result.key;
      li.textContent = result.name ?? result.key;
      const type = document.createElement("span");
      type.className = "type";
      type.textContent = [t(result.label), result.context].filter(Boolean).join(" · ");
      li.append(type);
      li.addEventListener("click", () => {
        list.hidden = true;
        explorer.reveal(result.key);
      });
      list.append(li);
    }
    list.hidden = false;
  };

  const run = async (q) => {
    const ticket = ++latest;
    let results;
    if (!apiMissing) {
      try {
        results = (await analysesApi.search(q)).results;
      } catch (error) {
        if (!(error instanceof ApiMissing)) throw error;
        apiMissing = true;
        note.textContent = t("searchUnavailable");
        note.hidden = false;
      }
    }
    if (apiMissing) results = localResults(explorer.graph, q);
    if (ticket === latest) show(results);
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) {
      list.hidden = true;
      return;
    }
    timer = setTimeout(() => run(q).catch((error) => explorer.message(error.message, true)), DELAY_MS);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") list.querySelector("li[data-key]")?.click();
    if (event.key === "Escape") list.hidden = true;
  });
}
