// Results as you type: ask the JSON API (debounced, stale requests aborted) and draw cards.
const DELAY_MS = 150;

function card(result, procedureUrl) {
  const item = document.createElement("li");
  const link = document.createElement("a");
  link.className = "card";
  link.href = procedureUrl.replace("CODE", result.code);
  const name = document.createElement("span");
  name.className = "card-name";
  name.textContent = result.name;
  const meta = document.createElement("span");
  meta.className = "card-meta";
  meta.textContent = `${result.field} · ${result.code}`;
  link.append(name, meta);
  item.append(link);
  return item;
}

export function initSearch(input, list, status, procedureUrl) {
  let timer = null;
  let pending = null;
  async function run() {
    const query = input.value.trim();
    pending?.abort();
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    pending = new AbortController();
    const url = `${input.dataset.api}?limit=8&q=${encodeURIComponent(query)}`;
    try {
      const response = await fetch(url, { signal: pending.signal });
      const body = await response.json();
      list.replaceChildren(...body.results.map((r) => card(r, procedureUrl)));
      status.textContent = body.results.length ? "" : status.dataset.none;
    } catch (error) {
      if (error.name !== "AbortError") status.textContent = status.dataset.none;
    }
  }
  input.addEventListener("input", () => {
    // Keep the query in the address at once (not debounced), so "back" from a procedure
    // shows these results again and a scan that was undone leaves no trace there.
    const query = input.value.trim();
    history.replaceState(null, "", query ? `?q=${encodeURIComponent(query)}` : location.pathname);
    clearTimeout(timer);
    timer = setTimeout(run, DELAY_MS);
  });
}
