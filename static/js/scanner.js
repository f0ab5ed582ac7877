// A USB 2D scanner "types" its payload very fast and ends with Enter. Recognise such a burst
// anywhere on the kiosk, keep it out of the search box, and open what it names.
const FAST_MS = 35;
const MIN_LENGTH = 6;
const CODE = /(?:^|\/p\/)(\d\.\d{6})(?:[/?#]|$)/;

export function procedureCode(text) {
  const match = text.trim().match(CODE);
  return match ? match[1] : null;
}

export function initScanner(onCode) {
  let burst = "";
  let last = 0;
  let snapshot = null; // the focused field's value before the burst began

  document.addEventListener("keydown", (event) => {
    const now = event.timeStamp;
    const fast = now - last < FAST_MS;
    last = now;
    const field = document.activeElement;
    if (event.key === "Enter") {
      const code = burst.length >= MIN_LENGTH && fast ? procedureCode(burst) : null;
      if (code || (burst.length >= MIN_LENGTH && fast)) {
        event.preventDefault();
        if (snapshot && "value" in snapshot.field) snapshot.field.value = snapshot.value;
      }
      burst = "";
      snapshot = null;
      if (code) onCode(code);
      return;
    }
    if (event.key.length !== 1) return;
    if (!fast) {
      burst = "";
      snapshot = { field, value: field && "value" in field ? field.value : null };
    }
    burst += event.key;
  }, true);
}
