// Thumbs up/down with an optional reason, for an answer (turn_id) or a drafted finding (review + finding ID).
import { h, icon } from "./dom.js";

export function feedbackRow(send, label) {
  let rating = null;
  const status = h("span", { class: "muted", role: "status" });
  const reason = h("input", { type: "text", "aria-label": `Why? (optional) — ${label}`, placeholder: "Why? (optional)", maxlength: "2000", hidden: true });
  const submit = h("button", { type: "button", hidden: true, onclick: () => post() }, "Send feedback");
  const pick = (value) => () => {
    rating = value;
    up.setAttribute("aria-pressed", String(value === "up"));
    down.setAttribute("aria-pressed", String(value === "down"));
    reason.hidden = false;
    submit.hidden = false;
    post(true);
  };
  const up = h("button", { type: "button", "aria-pressed": "false", "aria-label": `Helpful — ${label}`, onclick: pick("up") }, icon("up", 14));
  const down = h("button", { type: "button", "aria-pressed": "false", "aria-label": `Not helpful — ${label}`, onclick: pick("down") }, icon("down", 14));
  async function post(quiet = false) {
    if (!rating) return;
    try {
      await send(rating, reason.value.trim() || null);
      status.textContent = quiet ? "Thanks." : "Thanks, feedback sent.";
    } catch (err) {
      status.textContent = `Feedback not sent: ${err.message}`;
    }
  }
  reason.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      post();
    }
  });
  return h("div", { class: "fb" }, up, down, reason, submit, status);
}
