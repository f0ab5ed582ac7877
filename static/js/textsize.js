// Larger text for people who need it; remembered until the kiosk resets.
const KEY = "kiosk.largeText";

export function initTextSize(button) {
  const apply = (on) => {
    document.documentElement.classList.toggle("large-text", on);
    button.setAttribute("aria-pressed", String(on));
  };
  apply(sessionStorage.getItem(KEY) === "1");
  button.addEventListener("click", () => {
    const on = button.getAttribute("aria-pressed") !== "true";
    sessionStorage.setItem(KEY, on ? "1" : "0");
    apply(on);
  });
}
