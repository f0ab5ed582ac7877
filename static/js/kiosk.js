// The kiosk page: wire up the parts that are present on this page.
import { postWithToken } from "./api.js";
import { startHeartbeat } from "./heartbeat.js";
import { initHomeKeyboard } from "./home.js";
import { initIdle } from "./idle.js";
import { initKeyboard } from "./keyboard.js";
import { initScanner } from "./scanner.js";
import { initSearch, looksLikeCard } from "./search.js";
import { initTextSize } from "./textsize.js";

const body = document.body;
const procedureUrl = body.dataset.procedureUrl;
const keyboard = document.getElementById("keyboard");
const input = document.getElementById("q");

startHeartbeat(body);
if (keyboard) initKeyboard(keyboard);
if (input) {
  initSearch(input, document.getElementById("results"), document.getElementById("results-status"),
    procedureUrl, document.getElementById("no-result"));
}
const home = document.getElementById("home");
if (home && input) {
  initHomeKeyboard(home, input, document.getElementById("keyboard-dock"),
    document.getElementById("hide-keyboard"));
}
initTextSize(document.getElementById("text-size"));
const scanStatus = document.getElementById("scan-status");

function say(message) {
  scanStatus.textContent = message;
  scanStatus.hidden = !message;
}

// Whatever was scanned goes to the server (never into the URL or storage: it may be an ID
// card); the answer says where to go, or what to tell the visitor.
const cardForm = document.getElementById("card-form");
async function handleScan(text) {
  // On the "scan your ID card" page the card goes straight into the application form.
  if (cardForm) {
    cardForm.elements.payload.value = text;
    return cardForm.submit();
  }
  let answer;
  try {
    const response = await postWithToken(body.dataset.scanUrl, { text }, body.dataset.csrfToken, {
      cache: "no-store",
    });
    answer = await response.json();
    if (answer.error === "csrf") return window.location.reload(); // the page sat too long
  } catch {
    return say(body.dataset.scanFailed);
  }
  // On "Rate your visit" a ticket or a receipt opens its rating instead of its status.
  const rateUrl = body.dataset.rateUrl;
  if (rateUrl && answer.token && (answer.kind === "ticket" || answer.kind === "submission")) {
    const kind = answer.kind === "ticket" ? "t" : "s";
    return window.location.assign(`${rateUrl}/${kind}/${encodeURIComponent(answer.token)}`);
  }
  const next = answer.procedure_url || (answer.kind !== "portal" && answer.url);
  if (next) return window.location.assign(next);
  if (answer.kind === "id_card") return say(body.dataset.scanIdCard);
  say(answer.message || "");
}
initScanner(handleScan);

// A card's payload that reached the search box (a scanner too slow to be recognised, or
// typed) is a scan, not a search: it never goes into the address.
input?.form?.addEventListener("submit", (event) => {
  const text = input.value.trim();
  if (!looksLikeCard(text)) return;
  event.preventDefault();
  input.value = "";
  input.dispatchEvent(new Event("input", { bubbles: true }));
  handleScan(text);
});
initIdle(body, document.getElementById("idle"), () => {
  sessionStorage.clear();
  localStorage.clear();
  window.location.replace(body.dataset.home);
});
