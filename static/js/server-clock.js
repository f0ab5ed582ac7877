// The server's clock as this page sees it. A counter PC or a hall TV may keep its own clock
// hours wrong, so times shown (a call's elapsed time, the hall clock) come from the server:
// the page carries the server's time when it was made (data-server-now, in ms) and the
// offset to this browser's clock is kept; the Date header of each answer keeps it true on a
// page that stays up for days (that header counts whole seconds, so small gaps are left).
const RESYNC_BEYOND_MS = 5000;
let offset = 0;

export function startFrom(serverNowMs) {
  const now = Number(serverNowMs);
  if (Number.isFinite(now) && now > 0) offset = now - Date.now();
}

export function noteAnswer(response) {
  const date = Date.parse(response.headers.get("Date") ?? "");
  if (!Number.isNaN(date) && Math.abs(date - serverNow()) > RESYNC_BEYOND_MS) {
    offset = date - Date.now();
  }
}

export const serverNow = () => Date.now() + offset;
