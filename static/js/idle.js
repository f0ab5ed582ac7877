// After a while without a touch, ask "are you still there?"; if nobody answers, clear
// everything (typed text, text size, language) and go back home. A page may change
// body[data-idle-seconds] (the ticket screen when no slip prints): the wait starts over.
export function initIdle(body, overlay, onReset) {
  const countdown = Number(body.dataset.idleCountdown);
  const count = overlay.querySelector("#idle-count");
  let idleTimer = null;
  let tick = null;

  function reset() {
    clearInterval(tick);
    overlay.hidden = true;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(ask, Number(body.dataset.idleSeconds) * 1000);
  }
  function ask() {
    let left = countdown;
    count.textContent = left;
    overlay.hidden = false;
    overlay.querySelector("#idle-stay").focus();
    tick = setInterval(() => {
      left -= 1;
      count.textContent = left;
      if (left <= 0) {
        clearInterval(tick);
        onReset();
      }
    }, 1000);
  }
  for (const type of ["pointerdown", "keydown", "touchstart", "input"]) {
    document.addEventListener(type, () => { if (overlay.hidden) reset(); }, { passive: true });
  }
  overlay.querySelector("#idle-stay").addEventListener("click", reset);
  new MutationObserver(() => { if (overlay.hidden) reset(); })
    .observe(body, { attributeFilter: ["data-idle-seconds"] });
  reset();
}
