// Who could take a stairwell: the ranked candidates of GET /api/v1/candidates, with the reasons,
// shown under the details of a selected stairwell. Clicking a candidate shows them on the graph.
import { drillApi } from "../api.js";
import { t } from "../i18n.js";

const s = (key) => t(`cand_${key}`);
const answers = new Map(); // stairwell key -> {status, body | error}

/** The candidates section for stairwell `key` (fetched once; redrawn by `redraw` when ready). */
export function candidatesSection(explorer, key, redraw) {
  const section = document.createElement("div");
  section.id = "candidates";
  const title = document.createElement("h2");
  title.textContent = s("candidates");
  section.append(title);
  const answer = answers.get(key);
  if (!answer) {
    answers.set(key, { status: "loading" });
    drillApi.candidates({ place: key })
      .then((body) => answers.set(key, { status: "ready", body }))
      .catch((error) => answers.set(key, { status: "failed", error: error.message }))
      .finally(redraw);
  }
  if (!answer || answer.status === "loading") {
    section.append(document.createTextNode(s("loading")));
    return section;
  }
  if (answer.status === "failed") {
    section.append(document.createTextNode(answer.error));
    return section;
  }
  const rows = answer.body.places[0].candidates;
  if (!rows.length) {
    section.append(document.createTextNode(s("none")));
    return section;
  }
  const table = document.createElement("table");
  table.className = "candidates-table";
  const head = table.createTHead().insertRow();
  for (const text of [s("rank"), s("person"), s("phone"), s("reasons"), s("load")]) {
    const th = document.createElement("th");
    th.textContent = text;
    head.append(th);
  }
  const body = table.createTBody();
  for (const candidate of rows) {
    const tr = body.insertRow();
    tr.dataset.key = candidate.person_key;
    tr.insertCell().textContent = candidate.rank;
    tr.insertCell().textContent = candidate.name ?? candidate.person_key;
    tr.insertCell().textContent = candidate.phone ?? "";
    tr.insertCell().textContent = candidate.reasons.map(s).join("；");
    tr.insertCell().textContent = `${candidate.stairwells} / ${candidate.households}`;
    tr.addEventListener("click", () => explorer.reveal(candidate.person_key));
  }
  section.append(table);
  return section;
}

/** A ledger case's "who could take it" cell: a button that asks the case's candidates link and
 * shows the best three per stairwell (for an overloaded member, per stairwell of the excess). */
export function candidatesCell(explorer, link) {
  const cell = document.createElement("span");
  cell.className = "case-candidates";
  const ask = document.createElement("button");
  ask.textContent = s("ask");
  ask.addEventListener("click", async () => {
    cell.textContent = s("loading");
    try {
      const body = await drillApi.candidatesAt(link);
      cell.replaceChildren();
      for (const place of body.places) {
        const best = place.candidates.slice(0, 3);
        const line = document.createElement("div");
        line.append(`${place.name ?? place.place_key}: `);
        if (!best.length) line.append(s("none"));
        best.forEach((candidate, index) => {
          const who = document.createElement("a");
          who.href = "#";
          who.textContent = candidate.name ?? candidate.person_key;
          who.title = candidate.reasons.map(s).join("；");
          who.addEventListener("click", (event) => {
            event.preventDefault();
            explorer.reveal(candidate.person_key);
          });
          line.append(...(index ? ["、", who] : [who]));
        });
        cell.append(line);
      }
      if (!body.places.length) cell.append(s("none"));
    } catch (error) {
      cell.textContent = error.message;
    }
  });
  cell.append(ask);
  return cell;
}
