// A staff console's light poll: every few seconds ask the page's state JSON and reload the
// page when its version moved (another counter, a new ticket), unless the person is busy.
// The counter console (console.js) and the volunteer help desk (help-desk.js) share it.
import { noteAnswer } from "./server-clock.js";

const EVERY_MS = 3000;

// Staff choosing or typing: the page must not be pulled away from them.
export const typingNow = () => Boolean(document.activeElement?.closest("select, input, textarea"));

export function reloadWhenChanged(url, version, busy = typingNow) {
  setInterval(async () => {
    try {
      const response = await fetch(url, { cache: "no-store" });
      noteAnswer(response);
      const state = await response.json();
      // A busy page reloads at the first poll after they stop.
      if (String(state.version) !== String(version) && !busy()) location.reload();
    } catch {
      // the network is down for a moment: keep the page as it is
    }
  }, EVERY_MS);
}
