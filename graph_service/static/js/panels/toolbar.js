// The header's buttons: back to the overview, copy the link, export, briefings, switch language.
import { exportCSV, exportPNG } from "../export.js";
import { currentLang, setLang, t } from "../i18n.js";
import { historyScope } from "./history.js";

/** Download the briefing of the current scope (the community shown alone, else the street). */
function downloadReport(explorer, format) {
  const scope = historyScope(explorer);
  if (!scope) return explorer.message(t("noData"));
  const query = new URLSearchParams({ scope, format, language: currentLang() });
  const link = document.createElement("a");
  link.href = `/api/v1/reports?${query}`;
  link.download = "";
  document.body.append(link);
  link.click();
  link.remove();
  explorer.message(`${t(format === "pdf" ? "reportPdf" : "reportDocx")}: ${scope}`);
}

export function bindToolbar(explorer) {
  const $ = (selector) => document.querySelector(selector);
  $("#reset").addEventListener("click", () => {
    window.location.search = "";
  });
  $("#copy-link").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      explorer.message(t("linkCopied"));
    } catch {
      explorer.message(window.location.href);
    }
  });
  $("#export-png").addEventListener("click", () => exportPNG(explorer));
  $("#export-csv").addEventListener("click", () => exportCSV(explorer));
  for (const format of ["docx", "pdf"]) {
    $(`#report-${format}`).addEventListener("click", () => downloadReport(explorer, format));
  }
  $("#lang").addEventListener("click", () => setLang(currentLang() === "zh" ? "en" : "zh"));
}
