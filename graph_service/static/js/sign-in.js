// The sign-in page: name, password and (for administrators) a one-time code, in zh or en.
// The service answers with a session cookie; the explorer then opens at `next` (or /).
const STORAGE_KEY = "quhua-explorer-lang";
const TEXTS = {
  zh: { title: "登录“三联工程”网络", name: "账号", password: "密码", totp: "动态验证码",
        submit: "登录", language: "English", failed: "登录失败" },
  en: { title: "Sign in to the Three Links network", name: "Account", password: "Password",
        totp: "One-time code", submit: "Sign in", language: "中文", failed: "Sign-in failed" },
};
let lang = localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "zh";
const $ = (selector) => document.querySelector(selector);

function label() {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  for (const element of document.querySelectorAll("[data-text]")) {
    element.textContent = TEXTS[lang][element.dataset.text];
  }
}

function say(text) {
  const message = $("#sign-in-message");
  message.textContent = text;
  message.hidden = !text;
}

async function signIn(event) {
  event.preventDefault();
  const body = { name: $("#name").value, password: $("#password").value };
  if ($("#totp").value) body.totp = $("#totp").value;
  const response = await fetch("/api/v1/session", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
  if (response.ok) {
    const next = new URLSearchParams(location.search).get("next") || "/";
    location.assign(next.startsWith("/") && !next.startsWith("//") ? next : "/");
    return;
  }
  const problem = await response.json().catch(() => ({}));
  if (problem.parameter === "totp") $("#totp-row").hidden = false;
  say(`${TEXTS[lang].failed}: ${problem.detail || response.statusText}`);
}

$("#sign-in-form").addEventListener("submit", signIn);
$("#sign-in-lang").addEventListener("click", () => {
  lang = lang === "zh" ? "en" : "zh";
  localStorage.setItem(STORAGE_KEY, lang);
  label();
});
label();
