// Review mode: start (profile + scope) or resume, one question per screen (practices as checkboxes, free text,
// Doesn't apply, side question), the proposal as editable chips, Confirm, progress with jump, summary and reports.
import { h, append, clear, link, richText, lengthNote } from "./dom.js";
import { ATTRIBUTION_FALLBACK, byPractice, citationChip, riskBadge } from "./practice.js";
import { feedbackRow } from "./feedback.js";

export const PHASES = ["Business goal identification", "ML problem framing", "Data processing", "Model development", "Deployment", "Monitoring"];
const STATUSES = { implemented: "Implemented", partially_implemented: "Partly", not_implemented: "Not implemented", not_applicable: "Not applicable", cannot_determine: "Can't tell yet" };
const NA_REASONS = { OUT_OF_SCOPE: "Out of scope", BUSINESS_PRIORITIES: "Business priorities", ARCHITECTURE_CONSTRAINTS: "Architecture constraints", OTHER: "Other" };
const PROVENANCE = { user_selected: "you picked", user_stated: "from your words", inferred: "inferred" };

/** A proposal waiting for Confirm. `is_confirmed` only says the question has a saved answer: a changed answer to a
 * saved question is pending too (the server then allows confirm), and hiding Confirm then left no way to save it. */
const pending = (turn) => turn.proposal.length > 0 && turn.allowed_actions.includes("confirm");
const emptyDraft = () => ({ text: "", picks: {}, side: "" });

export class ReviewView {
  constructor(ctx) {
    this.ctx = ctx; // {client, place, openCard, announce, root}
    this.body = h("div", { class: "scroll" });
    this.el = h("div", { class: "view" }, this.body);
    this.used = false; // has the user worked in this view yet? Until then a load never pulls focus off the host page.
    for (const type of ["focusin", "pointerdown", "keydown"]) this.el.addEventListener(type, () => (this.used = true));
    this.turn = null;
    this.draft = emptyDraft(); // what the user typed and has not sent, kept across re-renders and page reloads
    this.lens = null; // question id -> question, from GET /v1/lens
    this.pillarNames = null; // pillar id -> the lens's own pillar name, from GET /v1/lens (the same names as the report)
    const id = ctx.place.get("review");
    if (id) this.open(id);
    else this.start();
  }

  get id() {
    return this.turn && this.turn.review_id;
  }

  path(suffix = "") {
    return `/v1/reviews/${encodeURIComponent(this.id)}${suffix}`;
  }

  /** Show the new content from its top and move focus to its heading, but only when focus is this view's to move:
   * the view is shown, and focus is inside it or was lost with the content it replaced after the user worked in it.
   * Focus elsewhere in the widget (the tab the user is arrowing through, the practice card) or on the host page stays
   * where it is. */
  focusFirst(selector) {
    const target = this.body.querySelector(selector || "h3");
    if (!target) return;
    const active = this.ctx.root.activeElement;
    const ours = this.el.isConnected && (active ? this.el.contains(active) : this.used);
    if (ours) {
      if (!target.hasAttribute("tabindex") && !/^(BUTTON|INPUT|SELECT|TEXTAREA|A)$/.test(target.tagName)) target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
    }
    if (ours && target.matches(".proposal-head")) target.scrollIntoView({ block: "start" });
    else this.body.scrollTop = 0;
  }

  /** Show a failed action's error above the view, in sight: the user is often far below the top (Confirm under a
   * long proposal on a phone), and a repeated failure replaces the last one rather than stacking. */
  fail(err) {
    this.body.querySelector(":scope > p.error[data-failure]")?.remove();
    const alert = h("p", { class: "error", role: "alert", "data-failure": "" }, err.message);
    this.body.prepend(alert);
    alert.scrollIntoView({ block: "nearest" });
  }

  // ---- start or resume -------------------------------------------------------------------------------------------
  async start() {
    this.turn = null;
    this.ctx.place.set("review", null);
    clear(this.body).append(h("h3", {}, "Reviews"), h("p", { class: "muted" }, "Loading…"));
    let reviews = [];
    let failure = null;
    // The pillar checkboxes use the lens's own pillar names; the list and the lens fail independently.
    const [listed, lens] = await Promise.allSettled([this.ctx.client.json("GET", "/v1/reviews"), this.lensIndex()]);
    if (listed.status === "fulfilled") reviews = listed.value.reviews;
    else failure = listed.reason;
    if (lens.status === "rejected") failure = failure || lens.reason;
    clear(this.body);
    this.body.append(h("h3", {}, "Reviews"));
    if (failure) this.body.append(h("p", { class: "error", role: "alert" }, failure.message));
    if (reviews.length) {
      this.body.append(
        h("h4", {}, "Resume one of your reviews"),
        h("ul", { class: "qlist" }, reviews.map((r) => {
          // Two reviews may share a name: the button's accessible name (which starts with its visible text) adds the
          // start time and progress shown next to it, so a screen-reader list of buttons tells them apart.
          const started = new Date(r.created_at).toLocaleString();
          const state = `${r.answered}/${r.total} answered${r.status === "completed" ? " · completed" : ""}`;
          return h("li", {}, h("button", { type: "button", "aria-label": `Resume “${r.name}”, started ${started}, ${state}`, onclick: () => this.open(r.id) }, `Resume “${r.name}”`),
            h("span", { class: "muted" }, ` — started ${started} · ${state}`));
        })),
      );
    }
    this.body.append(this.profileForm(), this.slackLink());
    this.focusFirst("h3");
  }

  /** Redeem the one-time code `/mllens link` shows in Slack: that Slack user's reviews become this user's. */
  slackLink() {
    const code = h("input", { type: "text", "aria-label": "Code from Slack", placeholder: "code from /mllens link", maxlength: "40", autocomplete: "off" });
    const status = h("p", { class: "muted", role: "status" });
    return h("details", {}, h("summary", {}, "Link your Slack account"),
      h("form", { class: "row", onsubmit: async (e) => {
        e.preventDefault();
        if (!code.value.trim()) return;
        try {
          const linked = await this.ctx.client.json("POST", "/v1/identity/links", { code: code.value.trim() });
          status.textContent = `Linked Slack user ${linked.linked.subject}; ${linked.moved_reviews} review(s) moved here.`;
          code.value = "";
        } catch (err) {
          status.textContent = err.message;
        }
      } }, code, h("button", { type: "submit", class: "btn secondary small" }, "Link")),
      status);
  }

  profileForm() {
    const field = (label, input) => h("label", { class: "field" }, h("span", {}, label), input);
    const name = h("input", { type: "text", name: "name", required: true, maxlength: "200", autocomplete: "off" });
    const description = h("textarea", { name: "description", rows: "2", maxlength: "2000" });
    const useCase = h("input", { type: "text", name: "ml_use_case", maxlength: "500" });
    const environment = h("input", { type: "text", name: "environment", maxlength: "200", placeholder: "e.g. production on AWS" });
    const select = (name, options, value) => h("select", { name }, Object.entries(options).map(([v, l]) => h("option", { value: v, selected: v === value }, l)));
    // What the user leaves at "Not stated" is sent as null: the report then says "not stated" instead of a default
    // shown as a fact, and no not-applicable proposal is derived from it.
    const sensitivity = select("data_sensitivity", { "": "Not stated", public: "Public", internal: "Internal", confidential: "Confidential", regulated: "Regulated" }, "");
    const inference = select("inference_mode", { "": "Not stated", real_time: "Real time", batch: "Batch", both: "Both" }, "");
    const order = select("order", { phase_first: "Lifecycle phase first", pillar_first: "Pillar first" }, "phase_first");
    const managed = select("managed_ai_only", { "": "Not stated", yes: "Only managed AI services (no custom training)", no: "We train or host our own models" }, "");
    const boxes = (legend, entries) => h("fieldset", {}, h("legend", {}, legend),
      entries.map(([value, label]) => h("label", { class: "check" }, h("input", { type: "checkbox", value }), label)));
    const pillars = boxes("Pillars (none ticked = all)", Object.entries(this.pillarNames || {}));
    const phases = boxes("Lifecycle phases (none ticked = all)", PHASES.map((p) => [p, p]));
    const error = h("p", { class: "error", role: "alert" });
    const ticked = (set) => [...set.querySelectorAll("input:checked")].map((i) => i.value);
    const form = h("form", {
      onsubmit: async (e) => {
        e.preventDefault();
        const profile = { name: name.value.trim(), description: description.value.trim(), ml_use_case: useCase.value.trim(), managed_ai_only: managed.value ? managed.value === "yes" : null, data_sensitivity: sensitivity.value || null, inference_mode: inference.value || null, environment: environment.value.trim() };
        if (!profile.name) return (error.textContent = "Give the workload a name."), name.focus();
        try {
          const turn = await this.ctx.client.json("POST", "/v1/reviews", { profile, scope: { pillars: ticked(pillars), phases: ticked(phases) }, order: order.value });
          this.show(turn);
        } catch (err) {
          error.textContent = err.message;
        }
      },
    },
      h("h4", {}, "Start a new review"),
      field("Workload name", name), field("What it does (optional)", description), field("ML use case (optional)", useCase),
      field("Models", managed),
      field("Data sensitivity", sensitivity), field("Inference", inference), field("Environment (optional)", environment),
      pillars, phases, field("Order", order), error,
      h("button", { type: "submit", class: "btn" }, "Start review"));
    return form;
  }

  async open(id) {
    try {
      this.show(await this.ctx.client.json("GET", `/v1/reviews/${encodeURIComponent(id)}`));
    } catch (err) {
      if (err.status === 404) return this.start();
      clear(this.body);
      this.fail(err);
      this.body.append(h("button", { type: "button", class: "btn secondary", onclick: () => this.start() }, "Back to reviews"));
    }
  }

  // ---- what the user typed ---------------------------------------------------------------------------------------
  /** Save the unsent answer, ticks and side question with the question they are for, so a reload keeps them. */
  keepDraft() {
    const { text, picks, side } = this.draft;
    const blank = !text && !side && !Object.keys(picks).length;
    const question = this.turn && this.turn.question && this.turn.question.id;
    this.ctx.place.set("draft", blank || !question ? null : { review: this.id, question, text, picks, side });
  }

  resetDraft() {
    this.draft = emptyDraft();
    this.ctx.place.set("draft", null);
  }

  /** The saved draft when it is for `turn`'s review and question (else none: it was for an earlier step). */
  savedDraft(turn) {
    const saved = this.ctx.place.get("draft");
    const fits = saved && turn.question && saved.review === turn.review_id && saved.question === turn.question.id;
    if (!fits) {
      this.ctx.place.set("draft", null);
      return emptyDraft();
    }
    const picks = Object.fromEntries(Object.entries(saved.picks || {}).filter(([, v]) => typeof v === "boolean"));
    return { text: String(saved.text || ""), picks, side: String(saved.side || "") };
  }

  // ---- one turn --------------------------------------------------------------------------------------------------
  /** POST a turn; a stale write (409) shows the current turn and keeps what the user typed. */
  async act(body, { keepDraft = false } = {}) {
    try {
      const turn = await this.ctx.client.json("POST", this.path("/turns"), { expected_version: this.turn.version, ...body });
      // An answer that settled nothing keeps its words in the box, to be reworded rather than typed again.
      const unsettled = turn.notices.some((n) => n.code === "no_new_information");
      if (!keepDraft && !unsettled) this.resetDraft();
      this.show(turn);
    } catch (err) {
      if (err.status === 409 && err.code === "stale_review" && err.body.error.current) {
        this.show(err.body.error.current, "This review changed in another window; here is its current state. What you typed is kept — check it and send again.");
      } else {
        this.fail(err);
      }
    }
  }

  show(turn, warning) {
    const questionChanged = !this.turn || !turn.question || !this.turn.question || turn.question.id !== this.turn.question.id;
    if (!this.turn) this.draft = this.savedDraft(turn); // a page reload: the words typed for this question, if any
    else if (questionChanged && !warning) this.resetDraft();
    this.turn = turn;
    this.body.dataset.version = String(turn.version); // for the host's automation: changes with every turn
    this.ctx.place.set("review", turn.review_id);
    const saved = turn.saved ? `Saved ${turn.saved.question_id}. Risk: ${(riskBadge(turn.saved.risk) || {}).textContent || turn.saved.risk}.` : "";
    if (!turn.question) {
      if (saved) this.ctx.announce(`${saved} The review is complete.`); // the last answer, or a change after the end
      return this.summary();
    }
    const q = turn.question;
    clear(this.body);
    if (warning) this.body.append(h("p", { class: "notice", role: "alert" }, warning));
    this.body.append(...this.savedBlock(turn));
    const pct = Math.round((100 * turn.progress.overall.done) / Math.max(1, turn.progress.overall.total));
    this.body.append(
      h("div", { class: "qhead" }, `${q.pillar_name} · ${q.phase} (${q.id}) · question ${q.position} of ${q.total}`),
      h("div", { class: "progress", role: "progressbar", "aria-label": "Review progress", "aria-valuemin": "0", "aria-valuemax": String(turn.progress.overall.total), "aria-valuenow": String(turn.progress.overall.done) }, h("div", { style: `width:${pct}%` })),
      h("h3", { class: "qtext", id: `q-${q.id}` }, q.text),
      h("p", { class: "muted" }, `${turn.choices.length} ${turn.choices.length === 1 ? "practice" : "practices"}: ${q.high_risk_practices} high risk, ${q.medium_risk_practices} medium risk`),
    );
    const notices = turn.notices.filter((n) => n.code !== "saved").map((n) => n.message);
    // With a proposal waiting, focus (and the scroll) goes to it: its notices ("nothing in that answer settled a
    // practice" after a revision) go with it, or the earlier proposal looks like the answer to the new words.
    const withProposal = turn.proposal.length > 0 && pending(turn);
    if (!withProposal) for (const notice of notices) this.body.append(h("p", { class: "notice" }, notice));
    // The follow-up is shown with the proposal when there is one; without one (nothing settled yet) it goes here, or
    // the notice "the follow-up may help" would point at nothing.
    const followUp = turn.follow_up && !turn.proposal.length ? turn.follow_up.text : "";
    if (followUp) this.body.append(h("p", { class: "follow-up" }, h("em", {}, followUp)));
    if (turn.is_confirmed) this.body.append(h("p", { class: "muted" }, "This question is saved. Change anything below and confirm again, or move on."));
    this.body.append(this.answerForm(turn), this.notApplicable(turn));
    if (turn.proposal.length) this.body.append(this.proposal(turn, withProposal ? notices : []));
    this.body.append(this.sideQuestion(turn), this.navigation(turn));
    this.focusFirst(pending(turn) ? ".proposal-head" : `#q-${q.id}`);
    // Content inserted with the new turn is not read by screen readers (live regions only speak changes), and focus
    // goes to a heading: the widget's one live region says what happened (a stale-write warning is an alert already).
    const proposed = pending(turn) && turn.follow_up ? turn.follow_up.text : "";
    const spoken = [saved, ...notices, followUp, proposed].filter(Boolean).join(" ");
    if (spoken) this.ctx.announce(spoken);
  }

  savedBlock(turn) {
    if (!turn.saved) return [];
    const out = [h("p", { class: "muted", role: "status" }, `Saved ${turn.saved.question_id}. Risk: `, riskBadge(turn.saved.risk))];
    if (turn.findings.length) out.push(h("details", {}, h("summary", {}, `${turn.findings.length} drafted finding(s)`), turn.findings.map((f) => this.finding(f)), this.attribution()));
    return out;
  }

  answerForm(turn) {
    const picked = (c) => this.draft.picks[c.id] ?? turn.proposal.some((p) => p.bp_id === c.id && p.status === "implemented" && p.provenance === "user_selected");
    // Enter makes a new line (answers run to paragraphs); Ctrl+Enter (⌘+Enter on a Mac) sends, as the hint says.
    const hint = h("p", { class: "muted hint", id: "answer-hint" }, "Ctrl+Enter (⌘+Enter on a Mac) sends; Enter starts a new line.");
    const text = h("textarea", { rows: "3", maxlength: "4000", "aria-label": "Your answer in your own words", "aria-describedby": "answer-hint", placeholder: "Describe what your team does…", value: this.draft.text });
    text.addEventListener("input", () => ((this.draft.text = text.value), this.keepDraft()));
    text.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.isComposing) {
        e.preventDefault();
        text.form.requestSubmit();
      }
    });
    const boxes = turn.choices.map((c) => {
      const box = h("input", { type: "checkbox", value: c.id, checked: picked(c) });
      box.addEventListener("change", () => ((this.draft.picks[c.id] = box.checked), this.keepDraft()));
      return h("label", { class: "check" }, box, h("span", {}, c.label, " ", h("span", { class: "muted" }, c.id), riskBadge(c.risk)));
    });
    return h("form", {
      onsubmit: (e) => {
        e.preventDefault();
        const picks = {};
        for (const c of turn.choices) if (this.draft.picks[c.id]) picks[c.id] = "implemented";
        if (!text.value.trim() && !Object.keys(picks).length) return this.fail(new Error("Describe what you do, or tick the practices you have."));
        this.act({ text: text.value.trim(), picks }, { keepDraft: false });
      },
    },
      h("fieldset", {}, h("legend", {}, "Practices — tick what you do"), boxes),
      h("label", { class: "field" }, h("span", {}, "Or describe it in your own words"), text),
      hint,
      lengthNote(text),
      h("div", { class: "row" }, h("button", { type: "submit", class: "btn" }, turn.proposal.length ? "Update proposal" : "Propose answer")));
  }

  notApplicable(turn) {
    const reason = h("select", { "aria-label": "Reason it doesn't apply" }, Object.entries(NA_REASONS).map(([v, l]) => h("option", { value: v }, l)));
    const note = h("input", { type: "text", "aria-label": "Note (optional)", placeholder: "Note (optional)", maxlength: "2000" });
    return h("details", {}, h("summary", {}, "Doesn't apply"),
      h("div", { class: "row" }, reason, note,
        h("button", { type: "button", class: "btn secondary", onclick: () => this.act({ action: { type: "question_not_applicable", reason: reason.value, note: note.value.trim() } }) }, "Mark not applicable")));
  }

  proposal(turn, notices = []) {
    const labels = Object.fromEntries(turn.choices.map((c) => [c.id, c.label]));
    const items = turn.proposal.map((p) => {
      const select = h("select", { "aria-label": `Status of ${p.bp_id}` }, Object.entries(STATUSES).map(([v, l]) => h("option", { value: v, selected: v === p.status }, l)));
      select.addEventListener("change", () => this.act({ action: { type: "edit", statuses: { [p.bp_id]: select.value } } }, { keepDraft: true }));
      return h("li", { "data-bp": p.bp_id },
        h("div", { class: "row" }, h("strong", {}, p.bp_id), h("span", {}, labels[p.bp_id] || ""), select),
        h("div", { class: "muted" }, `${PROVENANCE[p.provenance] || p.provenance} · ${p.confidence_level} confidence${p.na_reason ? ` · ${NA_REASONS[p.na_reason]}` : ""}`),
        p.quote ? h("div", { class: "quote" }, "“", h("bdi", {}, p.quote), "”") : null);
    });
    const confirm = pending(turn);
    return h("section", { "aria-label": "Proposed answer" },
      h("h4", { class: "proposal-head", tabindex: "-1" }, confirm ? "Here is what I understood — change anything that's wrong, then confirm." : "Saved answer"),
      notices.map((notice) => h("p", { class: "notice" }, notice)),
      h("ul", { class: "proposal" }, items),
      turn.follow_up ? h("p", {}, h("em", {}, turn.follow_up.text)) : null,
      confirm ? h("button", { type: "button", class: "btn", onclick: () => this.act({ action: { type: "confirm" } }) }, "Confirm") : null);
  }

  sideQuestion(turn) {
    const input = h("input", { type: "text", id: "side-question", placeholder: "e.g. what does lineage mean here?", maxlength: "1000", value: this.draft.side });
    input.addEventListener("input", () => ((this.draft.side = input.value), this.keepDraft()));
    const out = h("div", { "aria-live": "polite" });
    if (turn.side_answer) out.append(this.sideAnswer(turn.side_answer));
    return h("form", { class: "side", onsubmit: async (e) => {
      e.preventDefault();
      const ask = input.value.trim();
      if (!ask) return;
      try {
        const reply = await this.ctx.client.json("POST", this.path("/turns"), { ask });
        clear(out).append(this.sideAnswer(reply.side_answer));
      } catch (err) {
        clear(out).append(h("p", { class: "error" }, err.message));
      }
    } }, h("label", { for: "side-question" }, "Side question (the review keeps its place)"), h("div", { class: "row" }, input, h("button", { type: "submit", class: "btn secondary small" }, "Ask")), out);
  }

  sideAnswer(answer) {
    if (!answer) return h("p", { class: "muted" }, "No answer.");
    const chips = byPractice(answer.citations).map((c) => citationChip({ ...c, quote: "", quotes: null }, this.ctx.openCard));
    return h("div", {}, richText(answer.text), chips.length ? h("div", { class: "chips" }, chips) : null);
  }

  navigation(turn) {
    const can = (a) => turn.allowed_actions.includes(a);
    return h("div", { class: "row", style: "margin-top:10px" },
      can("back") ? h("button", { type: "button", class: "btn secondary small", onclick: () => this.act({ action: { type: "back" } }) }, "Back") : null,
      can("skip") ? h("button", { type: "button", class: "btn secondary small", onclick: () => this.act({ action: { type: "skip" } }) }, "Skip") : null,
      h("button", { type: "button", class: "btn secondary small", onclick: () => this.progress() }, "Progress"),
      h("button", { type: "button", class: "btn secondary small", onclick: () => this.summary() }, "Summary & report"),
      h("button", { type: "button", class: "btn secondary small", onclick: () => this.start() }, "All reviews"));
  }

  // ---- progress, summary, reports, milestones ------------------------------------------------------------------
  async lensIndex() {
    if (!this.lens) {
      const lens = await this.ctx.client.json("GET", "/v1/lens");
      this.lens = {};
      this.pillarNames = {};
      if (lens.attribution) this.ctx.attribution = lens.attribution; // the lens's own credit line, shown with findings
      for (const p of lens.pillars) {
        this.pillarNames[p.id] = p.name;
        for (const q of p.questions) this.lens[q.id] = q;
      }
    }
    return this.lens;
  }

  async progress() {
    try {
      const [risk, lens] = await Promise.all([this.ctx.client.json("GET", this.path("/risk")), this.lensIndex()]);
      const p = this.turn.progress;
      const count = (c) => `${c.done}/${c.total}`;
      clear(this.body).append(
        h("h3", {}, "Progress"),
        h("p", {}, `Overall ${count(p.overall)}`),
        h("table", {}, h("caption", { class: "sr" }, "Questions answered by pillar"), h("tr", {}, h("th", {}, "Pillar"), h("th", {}, "Answered")),
          Object.entries(p.by_pillar).map(([id, c]) => h("tr", {}, h("td", {}, this.pillarNames[id] || id), h("td", {}, count(c))))),
        h("table", {}, h("caption", { class: "sr" }, "Questions answered by phase"), h("tr", {}, h("th", {}, "Phase"), h("th", {}, "Answered")),
          Object.entries(p.by_phase).map(([id, c]) => h("tr", {}, h("td", {}, id), h("td", {}, count(c))))),
        h("h4", {}, "Jump to a question"),
        h("ul", { class: "qlist" }, risk.questions.map((r) => h("li", {},
          h("button", { type: "button", onclick: () => this.act({ action: { type: "goto", question_id: r.question_id } }) }, `${r.question_id} ${lens[r.question_id] ? lens[r.question_id].title : ""}`),
          riskBadge(r.risk)))),
        h("button", { type: "button", class: "btn secondary small", onclick: () => this.show(this.turn) }, "Back to the question"),
      );
      this.focusFirst("h3");
    } catch (err) {
      this.fail(err);
    }
  }

  async summary() {
    clear(this.body).append(h("h3", {}, "Summary"), h("p", { class: "muted" }, "Loading…"));
    try {
      const [risk, report, milestones] = await Promise.all([
        this.ctx.client.json("GET", this.path("/risk")),
        this.ctx.client.json("GET", this.path("/report?format=json")),
        this.ctx.client.json("GET", this.path("/milestones")),
        this.lensIndex(),
      ]);
      const o = risk.overall;
      const name = (report.meta && report.meta.profile && report.meta.profile.name) || "review";
      // Letters (with their marks) and digits of any script: a Hebrew or accented name keeps its words; the rest is "-".
      const slug = name.toLowerCase().replace(/[^\p{L}\p{M}\p{N}]+/gu, "-").replace(/^-|-$/g, "") || "review";
      append(clear(this.body), [
        h("h3", {}, this.turn.question ? "Summary so far" : "Review complete"),
        h("p", {}, `High risk: ${o.high} · Medium risk: ${o.medium} · No risk: ${o.none} · Not applicable: ${o.not_applicable} · Unanswered: ${o.unanswered}`),
        h("table", {}, h("caption", { class: "sr" }, "Risk by pillar"), h("tr", {}, h("th", {}, "Pillar"), h("th", {}, "High"), h("th", {}, "Medium"), h("th", {}, "Unanswered")),
          Object.entries(risk.by_pillar).map(([id, c]) => h("tr", {}, h("td", {}, this.pillarNames[id] || id), h("td", {}, String(c.high)), h("td", {}, String(c.medium)), h("td", {}, String(c.unanswered))))),
        h("h4", {}, "Download the report"),
        h("div", { class: "row" }, [["md", "Markdown"], ["html", "HTML"], ["json", "JSON"]].map(([fmt, label]) =>
          h("button", { type: "button", class: "btn secondary small", onclick: (e) => this.download(fmt, `${slug}-report.${fmt}`, e.currentTarget) }, `Report (${label})`))),
        h("h4", {}, `Findings (${report.findings.length})`),
        report.findings.length ? [...report.findings.map((f) => this.finding(f)), this.attribution(report.meta.attribution)] : h("p", { class: "muted" }, "No findings yet: confirm answers to see gaps."),
        this.milestones(milestones.milestones),
        h("div", { class: "row", style: "margin-top:10px" },
          this.turn.question ? h("button", { type: "button", class: "btn secondary small", onclick: () => this.show(this.turn) }, "Back to the question")
            // A completed review has no question on screen: the progress view's jump list reopens any answer.
            : h("button", { type: "button", class: "btn secondary small", onclick: () => this.progress() }, "Change an answer"),
          h("button", { type: "button", class: "btn secondary small", onclick: () => this.start() }, "All reviews")),
      ]);
      this.focusFirst("h3");
    } catch (err) {
      this.fail(err);
    }
  }

  async download(fmt, filename, button) {
    try {
      await this.ctx.client.download(this.path(`/report?format=${fmt}`), filename);
    } catch (err) {
      button.after(h("span", { class: "error", role: "alert" }, ` ${err.message}`));
    }
  }

  /** Findings quote the lens (desired outcome, guidance, steps): its attribution is shown with them, as with answers. */
  attribution(text) {
    return h("p", { class: "muted attribution" }, text || this.ctx.attribution || ATTRIBUTION_FALLBACK);
  }

  finding(f) {
    const steps = f.recommendation.steps || [];
    const url = (f.citations.find((c) => c.url) || {}).url;
    return h("div", { class: "finding", "data-finding": f.id },
      h("div", { class: "row" }, h("strong", {}, `${f.bp_id} ${f.title}`), riskBadge(f.risk), f.quick_win ? h("span", { class: "badge" }, "quick win") : null),
      f.evidence && f.evidence.quote ? h("div", { class: "quote" }, "You said: “", h("bdi", {}, f.evidence.quote), "”") : null,
      h("p", {}, f.recommendation.summary),
      steps.length ? h("ol", {}, steps.map((s) => h("li", {}, s))) : null,
      url ? h("p", {}, link(url, `${f.bp_id} on AWS ↗`)) : null,
      h("div", { class: "chips" }, byPractice(f.citations).map((c) => citationChip({ ...c, risk: f.risk }, this.ctx.openCard))),
      feedbackRow((rating, comment) => this.ctx.client.json("POST", "/v1/feedback", { review_id: this.id, finding_id: f.id, rating, comment }), `finding ${f.bp_id}`));
  }

  milestones(list) {
    const name = h("input", { type: "text", "aria-label": "Milestone name", placeholder: "e.g. before-launch", maxlength: "100" });
    const status = h("span", { class: "muted", role: "status" });
    return h("section", { "aria-label": "Milestones" },
      h("h4", {}, "Milestones"),
      list.length ? h("ul", {}, list.map((m) => h("li", {}, `${m.name} — ${new Date(m.created_at).toLocaleString()} (${m.findings.length} findings)`))) : h("p", { class: "muted" }, "None saved yet."),
      h("form", { class: "row", onsubmit: async (e) => {
        e.preventDefault();
        if (!name.value.trim()) return;
        try {
          await this.ctx.client.json("POST", this.path("/milestones"), { name: name.value.trim() });
          status.textContent = "Milestone saved.";
          this.summary();
        } catch (err) {
          status.textContent = err.message;
        }
      } }, name, h("button", { type: "submit", class: "btn secondary small" }, "Save milestone"), status));
  }
}
