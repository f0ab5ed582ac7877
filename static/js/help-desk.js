// The volunteer help desk: reload when a citizen starts waiting or this desk's ticket
// changes (state-poll.js), but never once the volunteer has started the outcome form: what
// they ticked stays until they finish the visit, which reloads the page anyway.
import { reloadWhenChanged, typingNow } from "./state-poll.js";

const desk = document.querySelector(".help-desk");
const visit = desk.querySelector(".visit-form");
let started = false;
visit?.addEventListener("input", () => { started = true; });
visit?.addEventListener("change", () => { started = true; });

reloadWhenChanged(desk.dataset.stateUrl, desk.dataset.version, () => started || typingNow());
