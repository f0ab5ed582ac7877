// The kiosk page: wire up the parts that are present on this page.
import { initIdle } from "./idle.js";
import { initKeyboard } from "./keyboard.js";
import { initScanner } from "./scanner.js";
import { initSearch } from "./search.js";
import { initTextSize } from "./textsize.js";

const body = document.body;
const procedureUrl = body.dataset.procedureUrl;
const keyboard = document.getElementById("keyboard");
const input = document.getElementById("q");

if (keyboard) initKeyboard(keyboard);
if (input) {
  initSearch(input, document.getElementById("results"), document.getElementById("results-status"),
    procedureUrl);
}
initTextSize(document.getElementById("text-size"));
initScanner((target) => {
  window.location.assign(target.code ? procedureUrl.replace("CODE", target.code) : target.path);
});
initIdle(body, document.getElementById("idle"), () => {
  sessionStorage.clear();
  localStorage.clear();
  window.location.replace(body.dataset.home);
});
