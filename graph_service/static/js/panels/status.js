// The status line under the graph (elements on screen, busy) and the message box above it.

let messageTimer = null;

export function showBusy(on) {
  document.querySelector("#busy").hidden = !on;
}

/** Say something above the graph; a note fades after a while, an error stays. */
export function showMessage(text, isError = false) {
  // Errors go to the console too, where the browser tests (and developers) look for them.
  if (isError) console.error(text);
  const box = document.querySelector("#message");
  box.textContent = text;
  box.className = isError ? "message error" : "message";
  box.hidden = !text;
  clearTimeout(messageTimer);
  if (text && !isError) messageTimer = setTimeout(() => (box.hidden = true), 6000);
}

export function renderCount(elements) {
  document.querySelector("#element-count").textContent = String(elements);
}
