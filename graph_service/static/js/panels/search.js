// The search box: names (or pinyin initials) through /api/v1/search; choosing a result (a click,
// or the arrow keys and Enter) reveals and selects the node.
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
    li.setAttribute("role", "option");
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
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-controls", list.id);
  list.setAttribute("role", "listbox");
  // The result the arrow keys are on: marked active, chosen by Enter (else the first).
  const step = (by) => {
    const items = [...list.querySelectorAll("li[data-key]")];
    if (list.hidden || !items.length) return;
    const now = items.findIndex((li) => li.classList.contains("active"));
    const next = now < 0 ? (by > 0 ? 0 : items.length - 1) : (now + by + items.length) % items.length;
    items.forEach((li, i) => {
      li.classList.toggle("active", i === next);
      li.setAttribute("aria-selected", String(i === next));
    });
    items[next].scrollIntoView({ block: "nearest" });
    input.setAttribute("aria-activedescendant", (items[next].id ||= `search-result-${next}`));
  };
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault(); // keep the caret where it is
      step(event.key === "ArrowDown" ? 1 : -1);
    }
    if (event.key === "Enter") (list.querySelector("li.active") ?? list.querySelector("li[data-key]"))?.click();
    if (event.key === "Escape") list.hidden = true;
  });
}
