// The rating tablet at a counter (/rate/N): ask every 2 s which visit may be rated; when one
// appears (staff marked a ticket served) open its buttons, when it goes (rated, or a minute
// passed, or the next visit came) go back. The reasons and thanks screens return on a timer.
const body = document.body;
const shown = body.dataset.visit;
const state = body.dataset.state;
const pageUrl = body.dataset.pageUrl;

function backToStart() {
  window.location.replace(pageUrl);
}

if (state === "idle" || state === "visit") {
  setInterval(async () => {
    try {
      const response = await fetch(body.dataset.pollUrl, { cache: "no-store" });
      if (!response.ok) return;
      const { visit } = await response.json();
      const now = visit ? String(visit.ticket) : "";
      if (now !== shown) backToStart();
    } catch {
      // the network blinked: the next poll tries again
    }
  }, Number(body.dataset.pollSeconds) * 1000);
}
if (state !== "idle") setTimeout(backToStart, Number(body.dataset.returnSeconds) * 1000);
