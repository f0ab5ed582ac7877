// Search in the published copy of the procedure pages (kiosk publish): no server, the
// prebuilt search-index.json beside the pages. Folding matches the server's fold():
// no tones, đ as d, lower case, a lone "y" after consonants as "i", "qui" as "quy".
// The script element says where the index and the pages are, and the words to show.
const settings = document.currentScript.dataset;
const form = document.querySelector("form.search");
const box = document.getElementById("q");
let index = null;

function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d").toLowerCase()
    .replace(/\b([bcdghklmnprstvx]+)y\b/g, "$1i").replace(/\bqui\b/g, "quy");
}

function words(text) {
  return fold(text).match(/\d+(?:\.\d+)+|[\p{L}\p{N}]+/gu) || [];
}

async function load() {
  if (!index) {
    const response = await fetch(settings.index);
    index = await response.json();
  }
  return index;
}

// The query as typed, and as each everyday phrase in it would say it officially.
function readings(query, aliases) {
  const typed = words(query);
  const found = [typed];
  const text = " " + typed.join(" ") + " ";
  for (const [phrase, meanings] of aliases) {
    if (text.includes(" " + phrase + " ")) {
      for (const meaning of meanings) {
        found.push(text.replace(" " + phrase + " ", " " + meaning + " ").trim().split(" "));
      }
    }
  }
  return found;
}

function score(terms, folded) {
  const own = folded.split(" ");
  let hits = 0;
  terms.forEach((term, i) => {
    const last = i === terms.length - 1;
    if (own.includes(term)) hits += 1;
    else if (last && term.length > 1 && own.some((w) => w.startsWith(term))) hits += 0.7;
  });
  const coverage = hits / terms.length;
  if (coverage < 0.6) return 0;
  const phrase = (" " + folded + " ").includes(" " + terms.join(" ") + " ") ? 1 : 0;
  return coverage * 10 + phrase * 3 - own.length / 100;
}

function search(query, data) {
  const code = query.trim();
  if (/^\d+(\.\d+)+$/.test(code)) {
    return data.procedures.filter((p) => p[0] === code);
  }
  const all = readings(query, data.aliases);
  return data.procedures
    .map((p) => [Math.max(...all.map((terms) => score(terms, p[3]))), p])
    .filter(([s]) => s > 0)
    .sort((a, b) => b[0] - a[0])
    .slice(0, 20)
    .map(([, p]) => p);
}

function show(query, found) {
  let section = document.getElementById("published-results");
  if (!section) {
    section = document.createElement("section");
    section.id = "published-results";
    section.setAttribute("aria-live", "polite");
    form.after(section);
  }
  section.replaceChildren();
  const heading = document.createElement("h2");
  heading.textContent = settings.results;
  section.append(heading);
  if (!found.length) {
    const none = document.createElement("p");
    none.textContent = settings.none;
    section.append(none);
    return;
  }
  const list = document.createElement("ul");
  list.className = "results";
  for (const [code, name, field] of found) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = settings.pages + "p/" + code + "/";
    link.textContent = name;
    const meta = document.createElement("span");
    meta.className = "muted";
    meta.textContent = field + " · " + code;
    item.append(link, " ", meta);
    list.append(item);
  }
  section.append(list);
}

async function run(query) {
  if (!query.trim()) return;
  show(query, search(query, await load()));
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = box.value;
  history.replaceState(null, "", "?q=" + encodeURIComponent(query));
  run(query);
});

const asked = new URLSearchParams(location.search).get("q");
if (asked) {
  box.value = asked;
  run(asked);
}
