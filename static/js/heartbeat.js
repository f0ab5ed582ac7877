// The kiosk tells the server it is alive: at once, then every 30 s. The administration area
// shows a kiosk silent for 2 minutes as an alert. A failed report is simply tried again.
import { postWithToken } from "./api.js";

const EVERY_MS = 30_000;

export function startHeartbeat(body) {
  const url = body.dataset.heartbeatUrl;
  if (!url) return;
  const beat = () => postWithToken(url, {}, body.dataset.csrfToken).catch(() => {});
  beat();
  setInterval(beat, EVERY_MS);
}
