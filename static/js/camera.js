// Kiosks with a camera instead of a scanner: show the camera, send a frame every half second
// to the server, which decodes QR codes (zxing-cpp); an ID card goes into the card form.
// getUserMedia needs a secure origin: http://localhost is one; see docs/scanning.md for a
// kiosk that reaches the server over the LAN.
import { postWithToken } from "./api.js";

const INTERVAL_MS = 500;

const box = document.getElementById("camera");
const form = document.getElementById("card-form");
const csrf = document.body.dataset.csrfToken;

if (box && form && navigator.mediaDevices?.getUserMedia) {
  box.hidden = false;
  const video = document.getElementById("camera-video");
  const status = document.getElementById("camera-status");
  const canvas = document.createElement("canvas");
  let busy = false;

  async function send() {
    if (busy || !video.videoWidth) return;
    busy = true;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext("2d").drawImage(video, 0, 0);
    try {
      const frame = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
      const response = await postWithToken(box.dataset.scanUrl, frame, csrf, {
        type: "image/jpeg",
        cache: "no-store",
      });
      const answer = await response.json();
      if (answer.kind === "id_card" && answer.payload) {
        form.elements.payload.value = answer.payload;
        form.submit();
        return; // keep busy: the page is leaving
      }
      if (answer.kind && answer.kind !== "none") status.textContent = box.dataset.notCard;
    } catch {
      // A dropped frame is not worth a message: the next one follows in half a second.
    }
    busy = false;
  }

  document.getElementById("camera-start").addEventListener("click", async (event) => {
    try {
      video.srcObject = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment", width: { ideal: 1280 } },
        audio: false,
      });
    } catch {
      status.textContent = box.dataset.failed;
      return;
    }
    event.target.hidden = true;
    video.hidden = false;
    await video.play();
    setInterval(send, INTERVAL_MS);
  });
}
