// Results as you type: ask the JSON API (debounced, stale requests aborted) and draw cards.
const DELAY_MS = 150;

// The same rule as the server's (kiosk/catalog/misses.py): an ID card's payload, or a run of
// 9 or more digits (ID, old ID, tax, insurance or phone number), or a +84 number. Such text is
// never put in the address or sent to search: it may be someone's personal data.
const PROCEDURE_CODE = /(?<![0-9])[0-9]\.[0-9]{6}(?:\.[0-9A-Za-z]+)*/g;
const SPLIT_DIGITS = /(?<=[0-9])[\s.\-]+(?=[0-9])/g;

export function looksPersonal(text) {
  if (text.includes("|") || /\+\s*84/.test(text)) return true;
  return /[0-9]{9,}/.test(text.replace(PROCEDURE_CODE, " ").replace(SPLIT_DIGITS, ""));
}

/** An ID card's QR payload typed into the box (a slow scanner, or by hand). */
export function looksLikeCard(text) {
  return text.includes("|");
}

function card(result, procedureUrl) {
  const item = document.createElement("li");
  const link = document.createElement("a");
  link.className = "card";
  link.href = procedureUrl.replace("CODE", result.code);
  const name = document.createElement("span");
  name.className = "card-name";
  name.textContent = result.translated_name ?? result.name;
  const meta = document.createElement("span");
  meta.className = "card-meta";
  meta.textContent = `${result.translated_field ?? result.field} · ${result.code}`;
  link.append(name);
  if (result.translated_name) {
    // An unofficial translation: the official Vietnamese name goes beneath it.
    const official = document.createElement("span");
    official.className = "card-official";
    official.lang = "vi";
    official.textContent = result.name;
    link.append(official);
  } else if (document.documentElement.lang !== "vi") {
    name.lang = "vi";
  }
  link.append(meta);
  item.append(link);
  return item;
}

/** Live results for `input` into `list`; `help` (optional) is shown when nothing is found. */
export function initSearch(input, list, status, procedureUrl, help = null) {
  let timer = null;
  let pending = null;
  const showHelp = (shown) => {
    if (help) help.hidden = !shown;
  };
  async function run() {
    const query = input.value.trim();
    pending?.abort();
    if (!query || looksPersonal(query)) {
      list.replaceChildren();
      status.textContent = "";
      showHelp(false);
      return;
    }
    pending = new AbortController();
    const url = `${input.dataset.api}?limit=8&q=${encodeURIComponent(query)}`;
    try {
      const response = await fetch(url, { signal: pending.signal });
      const body = await response.json();
      list.replaceChildren(...body.results.map((r) => card(r, procedureUrl)));
      status.textContent = body.results.length ? "" : status.dataset.none;
      showHelp(!body.results.length);
    } catch (error) {
      if (error.name !== "AbortError") status.textContent = status.dataset.none;
    }
  }
  input.addEventListener("input", () => {
    // Keep the query in the address at once (not debounced), so "back" from a procedure
    // shows these results again and a scan that was undone leaves no trace there.
    const query = input.value.trim();
    const kept = query && !looksPersonal(query);
    history.replaceState(null, "", kept ? `?q=${encodeURIComponent(query)}` : location.pathname);
    clearTimeout(timer);
    timer = setTimeout(run, DELAY_MS);
  });
}
