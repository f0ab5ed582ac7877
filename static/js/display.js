// The hall display: poll the feed every second with If-None-Match, redraw what changed,
// flash each new call, and announce it: a chime, then the spoken call, one at a time.
import { noteAnswer, serverNow, startFrom } from "./server-clock.js";

const CLIP_LIMIT_MS = 20000; // a clip that neither ends nor fails must not silence the rest

const body = document.body;
const data = body.dataset;
startFrom(data.serverNow);
const pollMs = Number(data.pollSeconds) * 1000;
let etag = `"${data.etag}"`;
let lastCall = Number(data.lastCall);

const fill = (template, values) =>
  template.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));

// One player and a queue: announcements never overlap, even when counters call together.
function initAnnouncer(soundButton) {
  const player = new Audio();
  const queue = [];
  let busy = false;

  function next() {
    const url = queue.shift();
    busy = Boolean(url);
    if (!url) return;
    let done = false;
    let timer = null;
    const advance = () => { // once per clip, whichever of ended, error or timeout comes first
      if (done) return;
      done = true;
      clearTimeout(timer);
      next();
    };
    timer = setTimeout(advance, CLIP_LIMIT_MS);
    player.onended = advance;
    player.onerror = advance; // no speech on the server (503): the call shows silently
    player.src = url;
    player.play().catch((error) => {
      // The browser refuses sound until someone touches the page (see docs/display.md).
      if (error.name === "NotAllowedError") {
        soundButton.hidden = false;
        queue.length = 0;
      }
      advance();
    });
  }

  soundButton.addEventListener("click", () => {
    soundButton.hidden = true;
    queue.push(data.chime);
    if (!busy) next();
  });
  return {
    say(urls) {
      queue.push(...urls);
      if (!busy) next();
    },
  };
}

const announcer = initAnnouncer(document.getElementById("sound"));

function flash(element) {
  element.classList.remove("is-new");
  void element.offsetWidth; // restart the animation when the same counter calls again
  element.classList.add("is-new");
}

function drawCounters(counters) {
  for (const counter of counters) {
    const item = document.querySelector(`[data-counter="${counter.number}"]`);
    item.querySelector(".counter-code").textContent = counter.current?.code ?? "—";
  }
}

function recentItem(call) {
  const item = document.createElement("li");
  item.dataset.call = call.id;
  const code = document.createElement("span");
  code.className = "recent-code";
  code.textContent = call.code;
  const counter = document.createElement("span");
  counter.className = "recent-counter";
  counter.textContent = fill(call.help_desk ? data.helpDeskText : data.counterText, {
    number: call.counter,
  });
  const time = document.createElement("time");
  time.className = "recent-time";
  time.textContent = call.time;
  item.append(code, counter, time);
  return item;
}

function drawQueues(services) {
  for (const service of services) {
    const item = document.querySelector(`[data-service="${CSS.escape(service.prefix)}"]`);
    item.querySelector(".queue-count").textContent = service.waiting;
  }
}

// Counters or services added or removed, or a new day: the page itself must change.
function sameShape(feed) {
  const counters = feed.counters.map((c) => String(c.number));
  const services = feed.services.map((s) => s.prefix);
  const shown = (selector, key) =>
    [...document.querySelectorAll(selector)].map((e) => e.dataset[key]);
  return feed.day === data.day &&
    String(counters) === String(shown("[data-counter]", "counter")) &&
    String(services) === String(shown("[data-service]", "service"));
}

function draw(feed) {
  if (!sameShape(feed)) {
    window.location.reload();
    return;
  }
  drawCounters(feed.counters);
  drawQueues(feed.services);
  document.getElementById("recent").replaceChildren(...feed.calls.map(recentItem));
  // Oldest first, so the hall hears the calls in the order they were made.
  const fresh = feed.calls.filter((call) => call.id > lastCall).reverse();
  for (const call of fresh) {
    document.querySelectorAll(".counter.is-latest").forEach((e) => e.classList.remove("is-latest"));
    const counter = document.querySelector(`[data-counter="${call.counter}"]`);
    counter.classList.add("is-latest");
    flash(counter);
    flash(document.querySelector(`#recent [data-call="${call.id}"]`));
    document.getElementById("announce").textContent =
      fill(call.help_desk ? data.helpCallText : data.callText, { code: call.code, counter: call.counter });
    announcer.say([data.chime, call.audio]);
  }
  if (feed.calls.length) lastCall = Math.max(lastCall, feed.calls[0].id);
}

async function poll() {
  const offline = document.getElementById("offline");
  try {
    const response = await fetch(data.feed, {
      headers: { "If-None-Match": etag },
      cache: "no-store", // we send the validator ourselves and want to see the 304
    });
    noteAnswer(response);
    if (response.status === 200) {
      etag = response.headers.get("ETag");
      draw(await response.json());
    } else if (response.status !== 304) {
      throw new Error(`feed: ${response.status}`);
    }
    offline.hidden = true;
  } catch {
    offline.hidden = false;
  }
  setTimeout(poll, pollMs); // after the answer, so a slow server never gets a pile of polls
}

// The center's time, from the server's clock, whatever the display's PC is set to.
const clockFormat = new Intl.DateTimeFormat("vi-VN", {
  hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: data.timezone,
});
setInterval(() => {
  document.getElementById("clock").textContent = clockFormat.format(new Date(serverNow()));
}, 1000);
setTimeout(poll, pollMs);
