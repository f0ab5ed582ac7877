// "Read aloud" on a help topic: the server speaks the guide (espeak-ng); the button plays it
// and stops it. Without speech on the server (503) the button stays hidden.
const button = document.getElementById("read-aloud");
const audio = document.getElementById("guide-audio");
if (button && audio) {
  const label = button.textContent;
  const show = (playing) => {
    button.textContent = playing ? button.dataset.stop : label;
    button.setAttribute("aria-pressed", String(playing));
  };
  fetch(audio.src, { method: "HEAD" })
    .then((answer) => {
      if (answer.ok) button.hidden = false;
    })
    .catch(() => {});
  button.addEventListener("click", () => {
    if (audio.paused) {
      audio.currentTime = 0;
      audio.play().catch(() => show(false));
      show(true);
    } else {
      audio.pause();
      show(false);
    }
  });
  audio.addEventListener("ended", () => show(false));
}
