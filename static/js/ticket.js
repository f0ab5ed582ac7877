// The kiosk's ticket screen: say the number once, then follow the printing of the slip.
// When no slip comes out, say so plainly and keep the screen up longer (the idle timer
// follows body[data-idle-seconds]).
const POLL_MS = 1000;
const PRINT_WAIT_MS = 8000; // no slip by then: the visitor should not wait at the slot
const JOB_UNDER_WAY = new Set(["pending", "printing"]);
const PRINTER_FAULTS = new Set(["offline", "paper_out", "error"]);

function initSpeech(audio, button) {
  const play = () => {
    audio.currentTime = 0;
    audio.play().catch(() => {}); // autoplay may be refused; the button still works
  };
  button.hidden = false;
  button.addEventListener("click", play);
  play();
}

/** What the screen says about the slip: "waiting", "printed" or "fault". */
export function printState(status, elapsedMs) {
  if (status?.job === "printed") return "printed";
  const failing = status && (!JOB_UNDER_WAY.has(status.job) || PRINTER_FAULTS.has(status.printer));
  return failing || elapsedMs >= PRINT_WAIT_MS ? "fault" : "waiting";
}

function followPrinting(screen) {
  const started = performance.now();
  const show = (state) => {
    for (const line of screen.querySelectorAll("[data-print]")) {
      line.hidden = line.dataset.print !== state;
    }
    const longer = screen.dataset.faultIdleSeconds;
    if (state === "fault" && document.body.dataset.idleSeconds !== longer) {
      document.body.dataset.idleSeconds = longer; // once: each change restarts the idle wait
    }
  };
  async function poll() {
    let status = null;
    try {
      const response = await fetch(screen.dataset.printUrl, { cache: "no-store" });
      if (response.ok) status = await response.json();
    } catch {
      // the server did not answer: the slip's fate is unknown, the clock decides
    }
    const state = printState(status, performance.now() - started);
    show(state);
    if (state !== "printed") setTimeout(poll, POLL_MS); // a retried job may still print
  }
  setTimeout(poll, POLL_MS);
}

const screen = document.getElementById("ticket");
if (screen) {
  const audio = document.getElementById("ticket-audio");
  const again = document.getElementById("hear-again");
  if (audio && again) initSpeech(audio, again);
  followPrinting(screen);
  document.getElementById("done").addEventListener("click", () => {
    sessionStorage.clear(); // as the idle reset does: the next visitor starts afresh
    localStorage.clear();
  });
}
