// Who is signed in, and sign-out, in the explorer's header (kept apart from the explorer's
// bundle: it only needs the session endpoint).
import { csrfToken } from "./api.js";

async function showSession() {
  const response = await fetch("/api/v1/session", { headers: { Accept: "application/json" } });
  if (!response.ok) return;
  const session = await response.json();
  const zh = localStorage.getItem("quhua-explorer-lang") !== "en";
  const who = document.querySelector("#session-account");
  who.textContent = `${session.account} · ${zh ? session.role_zh : session.role_en}${session.scope ? ` · ${session.scope}` : ""}`;
  const button = document.querySelector("#sign-out");
  button.textContent = zh ? "退出登录" : "Sign out";
  button.hidden = false;
  button.addEventListener("click", async () => {
    await fetch("/api/v1/session", { method: "DELETE", headers: { "X-CSRF-Token": csrfToken() } });
    location.assign("/sign-in");
  });
}

showSession();
