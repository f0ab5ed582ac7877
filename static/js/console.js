// Counter console: keyboard shortcuts, the timer of the current ticket, and a light poll that
// reloads the page when the queue changed (another counter, a new ticket). Actions go through
// the JSON twins; without JavaScript the same buttons post plain forms.
import { postWithToken } from "./api.js";
import { serverNow, startFrom } from "./server-clock.js";
import { reloadWhenChanged } from "./state-poll.js";

const consoleBox = document.querySelector(".console");
startFrom(consoleBox.dataset.serverNow);
const csrf = document.querySelector("input[name=csrf_token]")?.value;

async function act(button) {
  const form = button.closest("form");
  const url = consoleBox.dataset.actionUrl.replace("ACTION", button.dataset.action || "call");
  const body = Object.fromEntries(new FormData(form));
  delete body.csrf_token;
  button.disabled = true;
  try {
    const response = await postWithToken(url, body, csrf);
    if (!response.ok && response.status !== 409) throw new Error(response.statusText);
  } catch {
    form.submit(); // the plain form path still works when the JSON call fails
    return;
  }
  location.reload();
}

consoleBox.addEventListener("submit", (event) => {
  const button = event.submitter;
  // Closing the counter, and forms marked data-plain (opening a submission), post as they are.
  if (!button || button.form?.action.endsWith("/close") || "plain" in button.form.dataset) return;
  event.preventDefault();
  act(button);
});

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.altKey || event.metaKey) return;
  if (event.target.closest("input, select, textarea")) return;
  const button = consoleBox.querySelector(`button[data-key="${event.key.toLowerCase()}"]`);
  if (button && !button.disabled) {
    event.preventDefault();
    button.form.requestSubmit(button);
  }
});

const timer = document.querySelector(".timer[data-since]");
if (timer) {
  const since = Date.parse(timer.dataset.since);
  const tick = () => {
    const seconds = Math.max(0, Math.floor((serverNow() - since) / 1000));
    const minutes = String(Math.floor(seconds / 60)).padStart(2, "0");
    timer.textContent = `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
  };
  tick();
  setInterval(tick, 1000);
}

reloadWhenChanged(consoleBox.dataset.stateUrl, consoleBox.dataset.version);
