// The setup link from the administration area carries the kiosk's token after "#", which
// never reaches a server or a log: put it in the form, and take it out of the address bar.
const found = window.location.hash.match(/token=([\w-]+)/);
if (found) {
  document.getElementById("token").value = found[1];
  window.history.replaceState(null, "", window.location.pathname);
}
