// The search box: names (or pinyin initials) through /api/v1/search; choosing a result reveals
// and selects the node.
import { analysesApi } from "../api.js";
import { t } from "../i18n.js";

const DELAY_MS = 250;

function showResults(list, results, explorer) {
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
}

/** Wire the search box: results as a list, choosing one reveals and selects the node. */
export function bindSearch(explorer) {
  const input = document.querySelector("#search");
  const list = document.querySelector("#search-results");
  let timer = null;
  let latest = 0;

  const run = async (q) => {
    const ticket = ++latest;
    const { results } = await analysesApi.search(q);
    if (ticket === latest) showResults(list, results, explorer);
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
