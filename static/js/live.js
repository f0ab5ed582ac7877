// The live board refreshes itself: every few seconds it fetches its own page again and puts
// the new figures in place, so a wall screen or a phone shows the queues as they are without
// anyone touching it (and without the reload's flash). Without JavaScript a <noscript> meta
// refresh reloads the page instead. The button pauses the updates for whoever reads closely.
const board = document.getElementById("live-board");
const pause = document.getElementById("live-pause");
const every = Number(board?.dataset.refresh || 15) * 1000;
let paused = false;

async function refresh() {
  if (paused || document.hidden) return;
  try {
    const answer = await fetch(location.href, { headers: { Accept: "text/html" } });
    if (answer.redirected || !answer.ok) {
      if (answer.status === 401 || answer.redirected) location.reload(); // signed out: say so
      return;
    }
    const page = new DOMParser().parseFromString(await answer.text(), "text/html");
    const fresh = page.getElementById("live-board");
    if (fresh) board.replaceChildren(...fresh.childNodes);
  } catch {
    // The network blinked: the next round tries again; the "updated at" time shows the age.
  }
}

if (board && pause) {
  pause.parentElement.hidden = false;
  pause.addEventListener("click", () => {
    paused = !paused;
    pause.textContent = paused ? pause.dataset.resume : pause.dataset.pause;
    pause.setAttribute("aria-pressed", String(paused));
    if (!paused) refresh();
  });
  setInterval(refresh, every);
}
