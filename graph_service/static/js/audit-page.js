// The audit page (审计记录), for the audit administrator: the trail's records, newest first,
// filtered by account, action and time, a page of 100 at a time, and the same filter as CSV.
// Everything comes from GET /api/v1/audit (the page's own session cookie signs the requests).
const PAGE = 100;
const COLUMNS = ["seq", "at", "account", "role", "scope", "client", "action", "endpoint",
  "objects", "fields_unmasked", "reason", "result", "latency_ms"];
const ACTIONS = ["sign-in", "sign-out", "read", "analysis", "plan", "apply-plan", "import",
  "export", "unmask", "change-case", "report", "account-change", "audit-read"];
const STORAGE_KEY = "quhua-explorer-lang";
const TEXTS = {
  zh: { title: "审计记录", language: "English", account: "账号", action: "操作", since: "起",
        until: "止", apply: "筛选", csv: "导出CSV", newer: "较新", older: "较早",
        count: (total, from, to) => `共 ${total} 条，显示第 ${from}–${to} 条`,
        none: "没有符合条件的记录", failed: "读取失败",
        seq: "序号", at: "时间", role: "角色", scope: "范围", client: "来源地址",
        endpoint: "接口", objects: "对象", fields_unmasked: "解除脱敏字段", reason: "理由",
        result: "结果", latency_ms: "耗时(毫秒)" },
  en: { title: "Audit trail", language: "中文", account: "Account", action: "Action",
        since: "From", until: "Until", apply: "Filter", csv: "Export CSV", newer: "Newer",
        older: "Older",
        count: (total, from, to) => `${total} records, showing ${from}–${to}`,
        none: "No records match", failed: "Could not read the trail",
        seq: "No.", at: "Time", role: "Role", scope: "Scope", client: "Client",
        endpoint: "Endpoint", objects: "Objects", fields_unmasked: "Unmasked fields",
        reason: "Reason", result: "Result", latency_ms: "Latency (ms)" },
};
const view = { offset: 0, total: 0 };
let lang = localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "zh";
const $ = (selector) => document.querySelector(selector);

function filter() {
  const params = new URLSearchParams();
  for (const name of ["account", "action", "since", "until"]) {
    const value = $(`#${name}`).value.trim();
    if (value) params.set(name, value);
  }
  return params;
}

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text ?? "";
  if (className) td.className = className;
  return td;
}

function show(page) {
  const texts = TEXTS[lang];
  view.total = page.total;
  $("#audit-count").textContent = page.records.length
    ? texts.count(page.total, page.offset + 1, page.offset + page.records.length)
    : texts.none;
  const rows = $("#audit-rows");
  rows.replaceChildren();
  rows.dataset.query = filter().toString();  // what the rows answer (the tests wait on it)
  for (const record of page.records) {
    const tr = document.createElement("tr");
    tr.dataset.seq = record.seq;
    for (const column of COLUMNS) {
      let value = record[column];
      if (column === "at") value = new Date(value * 1000).toISOString().replace("T", " ").slice(0, 19);
      const refused = column === "result" && !String(value).startsWith("2");
      tr.append(cell(value, refused ? "refused" : ""));
    }
    rows.append(tr);
  }
  $("#audit-newer").disabled = view.offset === 0;
  $("#audit-older").disabled = view.offset + PAGE >= view.total;
}

function say(text) {
  $("#audit-message").textContent = text;
  $("#audit-message").hidden = !text;
}

async function load() {
  const params = filter();
  const csv = new URLSearchParams(params);
  csv.set("format", "csv");
  csv.set("limit", "10000");
  $("#audit-csv").href = `/api/v1/audit?${csv}`;
  params.set("limit", String(PAGE));
  params.set("offset", String(view.offset));
  const response = await fetch(`/api/v1/audit?${params}`, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    say(`${TEXTS[lang].failed}: ${body.detail || response.statusText}`);
    return;
  }
  say("");
  show(body);
}

function label() {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  for (const element of document.querySelectorAll("[data-text]")) {
    element.textContent = TEXTS[lang][element.dataset.text];
  }
  const head = $("#audit-head");
  head.replaceChildren(...COLUMNS.map((column) => {
    const th = document.createElement("th");
    th.textContent = TEXTS[lang][column] ?? column;
    th.dataset.column = column;
    return th;
  }));
}

$("#actions").replaceChildren(...ACTIONS.map((action) => new Option(action, action)));
$("#audit-filter").addEventListener("submit", (event) => {
  event.preventDefault();
  view.offset = 0;
  load();
});
$("#audit-newer").addEventListener("click", () => { view.offset = Math.max(0, view.offset - PAGE); load(); });
$("#audit-older").addEventListener("click", () => { view.offset += PAGE; load(); });
$("#audit-lang").addEventListener("click", () => {
  lang = lang === "zh" ? "en" : "zh";
  localStorage.setItem(STORAGE_KEY, lang);
  label();
  load();
});
label();
load();
