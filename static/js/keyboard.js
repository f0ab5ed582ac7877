// The on-screen keyboard types into its target input and tells it with an "input" event.
// Each field says what it holds (data-kind): names and text get the letters (a name starts
// every word with a capital), dates a number pad with "/", numbers, ID and phone numbers a
// number pad. On a page of questions (data-dock) the keyboard moves under the field being
// typed, and the page scrolls so that both stay above the buttons fixed at the bottom; one
// drawn hidden (where typing is the second choice) comes up when its field is touched.
import { applyTone } from "./tones.js";

const FIELDS = "input[type=text], input[type=search], textarea";
const PADS = { date: "date", number: "digits", phone: "digits", id_number: "digits" };
const GAP = 16; // px kept clear above the field and above the bottom buttons

/** A person's name as records write it: "nguyễn văn AN" -> "Nguyễn Văn An" (the server
 * does the same when it saves, kiosk.submissions.form_definitions.person_name). */
export function nameCase(text) {
  return text.replace(/\p{L}+/gu, (word) => word[0].toUpperCase() + word.slice(1).toLowerCase());
}

// Scroll so that the field, the keyboard under it and, when there is room, the form's button
// are all in view above the buttons fixed at the bottom.
function reveal(field, keyboard) {
  const nav = document.querySelector(".page-nav");
  const floor = (nav ? nav.getBoundingClientRect().top : window.innerHeight) - GAP;
  const top = field.getBoundingClientRect().top - GAP;
  const submit = keyboard.closest("form")?.querySelector("button[type=submit]:not(.key)");
  let bottom = keyboard.getBoundingClientRect().bottom;
  const after = submit?.getBoundingClientRect().bottom ?? bottom;
  if (after > bottom && after - top <= floor) bottom = after;
  if (top < 0) window.scrollBy(0, top);
  else if (bottom > floor) window.scrollBy(0, Math.min(bottom - floor, top));
}

export function initKeyboard(keyboard) {
  let input = document.getElementById(keyboard.dataset.target);
  let shift = "off"; // "on": the next letter only; "lock": until Shift is touched again
  const shiftKey = keyboard.querySelector("[data-action=shift]");
  const kindOf = (field) => field?.dataset.kind || "text";

  function setShift(state) {
    shift = state;
    keyboard.dataset.shift = state;
    shiftKey?.setAttribute("aria-pressed", String(state !== "off"));
  }

  function follow(field, scroll) {
    input = field;
    const pad = PADS[kindOf(field)];
    keyboard.dataset.kind = kindOf(field);
    if (pad) keyboard.dataset.pad = pad;
    else delete keyboard.dataset.pad;
    if (!("dock" in keyboard.dataset)) return;
    const group = field.closest(".form-group") || field;
    if (group.nextElementSibling !== keyboard) group.after(keyboard);
    keyboard.hidden = false;
    if (scroll) reveal(group, keyboard);
  }

  if (input && !keyboard.hidden) follow(input, false);
  // On a form with several fields the keys type into the field last touched.
  (keyboard.closest("form") || document).addEventListener("focusin", (event) => {
    if (event.target.matches(FIELDS)) follow(event.target, true);
  });
  // A tap on a field that already has the focus still brings the keyboard into view.
  document.addEventListener("click", (event) => {
    if (event.target === input && "dock" in keyboard.dataset) reveal(input.closest(".form-group") || input, keyboard);
  });
  // A name typed any other way (a hardware keyboard) gets its capitals too.
  document.addEventListener("input", (event) => {
    const field = event.target;
    if (!field.matches?.("[data-kind=name]")) return;
    const cased = nameCase(field.value);
    if (cased === field.value) return;
    const at = field.selectionStart;
    field.value = cased;
    field.setSelectionRange(at, at);
  });

  keyboard.addEventListener("click", (event) => {
    const key = event.target.closest("button");
    if (!key || !input) return;
    const action = key.dataset.action;
    if (action === "shift") {
      setShift({ off: "on", on: "lock", lock: "off" }[shift]);
      return;
    }
    if (key.dataset.key !== undefined) {
      const letter = /\p{L}/u.test(key.dataset.key);
      input.value += letter && shift !== "off" ? key.dataset.key.toUpperCase() : key.dataset.key;
      if (letter && shift === "on") setShift("off");
    } else if (key.dataset.tone) input.value = applyTone(input.value, key.dataset.tone);
    else if (action === "backspace") input.value = [...input.value].slice(0, -1).join("");
    else if (action === "clear") input.value = "";
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
}
