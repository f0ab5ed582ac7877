// A USB 2D scanner "types" its payload very fast and ends with Enter. Recognise such a burst
// anywhere on the kiosk and keep it out of the search box; the server classifies it.
const FAST_MS = 35; // a scanner's average time between keys is well under this
const MAX_GAP_MS = 100; // a longer pause ends a burst: people type slower than this
const MIN_LENGTH = 6;

/** Call onScan(text) with each scanner burst; the server says what the text is. */
export function initScanner(onScan) {
  let burst = "";
  let started = 0; // when the burst's first key came
  let last = 0;
  let snapshot = null; // the focused field's value before the burst began

  document.addEventListener("keydown", (event) => {
    const now = event.timeStamp;
    const inBurst = now - last < MAX_GAP_MS;
    last = now;
    const field = document.activeElement;
    if (event.key === "Enter") {
      // Judged on the average pace, so one late event on a busy PC does not split a scan.
      const pace = burst.length ? (now - started) / burst.length : Infinity;
      const scanned = inBurst && burst.length >= MIN_LENGTH && pace < FAST_MS;
      const text = scanned ? burst : null;
      if (scanned) {
        // Whatever the scanner typed is not the visitor's search: put the field back.
        event.preventDefault();
        if (snapshot?.field && "value" in snapshot.field) {
          snapshot.field.value = snapshot.value;
          snapshot.field.dispatchEvent(new Event("input", { bubbles: true }));
        }
      }
      burst = "";
      snapshot = null;
      if (text) onScan(text);
      return;
    }
    if (event.key.length !== 1) return;
    if (!inBurst) {
      burst = "";
      started = now;
      snapshot = { field, value: field && "value" in field ? field.value : null };
    }
    burst += event.key;
  }, true);
}
