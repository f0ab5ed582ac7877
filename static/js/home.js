// The home screen opens on tiles; the keyboard belongs to the search field. It comes up when
// the field is touched and folds away when the search is sent (the results then take the
// screen) or when the visitor hides it, until the field is touched again.
export function initHomeKeyboard(home, input, dock, hideButton) {
  const show = () => {
    dock.hidden = false;
    home.classList.add("typing");
  };
  const fold = () => {
    dock.hidden = true;
    home.classList.remove("typing");
  };
  input.addEventListener("focus", show);
  input.addEventListener("pointerdown", show);
  input.form.addEventListener("submit", fold);
  hideButton.addEventListener("click", () => {
    fold();
    input.blur();
  });
}
