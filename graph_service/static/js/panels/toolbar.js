// The header's buttons: back to the overview, copy the link, export, switch language.
import { exportCSV, exportPNG } from "../export.js";
import { currentLang, setLang, t } from "../i18n.js";

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
  $("#lang").addEventListener("click", () => setLang(currentLang() === "zh" ? "en" : "zh"));
}
