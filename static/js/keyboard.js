// The on-screen keyboard types into its target input and tells it with an "input" event.
import { applyTone } from "./tones.js";

export function initKeyboard(keyboard) {
  let input = document.getElementById(keyboard.dataset.target);
  // On a form with several fields the keys type into the field last touched.
  keyboard.closest("form")?.addEventListener("focusin", (event) => {
    if (event.target.matches("input[type=text], input[type=search], textarea")) input = event.target;
  });
  keyboard.addEventListener("click", (event) => {
    const key = event.target.closest("button");
    if (!key) return;
    if (key.dataset.key !== undefined) input.value += key.dataset.key;
    else if (key.dataset.tone) input.value = applyTone(input.value, key.dataset.tone);
    else if (key.dataset.action === "backspace") input.value = [...input.value].slice(0, -1).join("");
    else if (key.dataset.action === "clear") input.value = "";
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
}
