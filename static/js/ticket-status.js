// The phone's ticket page: ask for the ticket's place every 10 s and rewrite the page in
// place from the templates the server put in it (see templates/macros/ticket.html).
const POLL_MS = 10000;

export function ticketState(ticket) {
  return ticket.status === "waiting" && ticket.people_ahead === 0 ? "next" : ticket.status;
}

export function fill(template, ticket) {
  const values = {
    people_ahead: ticket.people_ahead,
    low: ticket.wait_minutes[0],
    high: ticket.wait_minutes[1],
    counter: ticket.counter ?? "",
    service: ticket.service.name,
  };
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
}

function show(page, ticket) {
  const state = ticketState(ticket);
  const blocks = [...page.querySelectorAll("[data-state]")];
  if (!blocks.some((block) => block.dataset.state === state)) return; // a state we can't show
  for (const block of blocks) block.hidden = block.dataset.state !== state;
  for (const element of page.querySelectorAll("[data-template]")) {
    const text = fill(element.dataset.template, ticket);
    if (element.textContent !== text) element.textContent = text;
  }
}

const page = document.getElementById("ticket");
if (page) {
  setInterval(async () => {
    try {
      const response = await fetch(page.dataset.api, { cache: "no-store" });
      if (!response.ok) return;
      const ticket = await response.json();
      // Served while the page was open: load it again, with the rating it now offers.
      if (ticket.status === "served" && page.dataset.status !== "served") {
        return window.location.reload();
      }
      show(page, ticket);
    } catch {
      // offline for a moment (a phone in a hall): the next poll tries again
    }
  }, POLL_MS);
}
