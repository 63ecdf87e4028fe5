// Ask mode: streamed answers (fetch + SSE) with Stop, citation chips, follow-ups in one conversation, refusals with
// the nearest topics, feedback, and a transcript kept in localStorage (an unfinished stream is replayed on reload).
import { h, clear, richText, lengthNote } from "./dom.js";
import { byPractice, citationChip } from "./practice.js";
import { feedbackRow } from "./feedback.js";
import { randomId } from "./store.js";

const MAX_KEPT = 30;

export class AskView {
  constructor(ctx) {
    this.ctx = ctx; // {client, place, openCard, announce, attribution}
    this.controller = null;
    this.nodes = new WeakMap();
    this.log = h("div", { class: "log", role: "log", "aria-label": "Conversation", "aria-live": "off", tabindex: "0" });
    this.input = h("textarea", { "aria-label": "Message", placeholder: "Ask about ML best practices…", rows: "2", maxlength: "4000" });
    this.send = h("button", { type: "submit", class: "btn" }, "Send");
    this.stop = h("button", { type: "button", class: "btn secondary", hidden: true, onclick: () => this.cancel() }, "Stop");
    this.form = h("form", { class: "composer", onsubmit: (e) => (e.preventDefault(), this.submit()) }, this.input, this.send, this.stop);
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      }
    });
    this.limit = lengthNote(this.input);
    this.el = h("div", { class: "view" }, this.log, this.limit, this.form);
    this.turns = ctx.place.get("transcript", []);
    for (const turn of this.turns) this.render(turn);
    const pending = this.turns.find((t) => t.streamId && !t.done);
    if (pending) this.resume(pending);
    else if (!this.turns.length) this.greet();
  }

  greet() {
    this.log.append(
      h("div", { class: "msg bot" }, h("p", {}, "Ask anything about the AWS Well-Architected Machine Learning Lens, e.g. “How should we version training data?” or “What does MLSEC03-BP02 say?”")),
    );
  }

  save() {
    this.ctx.place.set("transcript", this.turns.slice(-MAX_KEPT));
  }

  newConversation() {
    this.cancel();
    this.turns = [];
    this.ctx.place.set("conversation", null);
    this.save();
    clear(this.log);
    this.greet();
    this.input.value = "";
    this.limit.check();
    this.input.focus();
  }

  async submit(text) {
    const question = (text ?? this.input.value).trim();
    if (!question || this.controller) return;
    this.input.value = "";
    this.limit.check();
    // The stream ID is chosen here and saved before sending, so a reload at any moment can ask for the answer again.
    const turn = { question, text: "", citations: [], done: null, streamId: randomId(), lastEventId: null };
    this.turns.push(turn);
    this.render(turn);
    this.save();
    performance.mark("mllens:send");
    const body = { question };
    const conversation = this.ctx.place.get("conversation");
    if (conversation) body.conversation_id = conversation;
    await this.run(turn, (signal, onEvent) =>
      this.ctx.client.stream("/v1/ask", body, { signal, onEvent, headers: { "X-Stream-Id": turn.streamId } }),
    );
  }

  /** After a reload mid-answer: fetch the stored stream after the last event seen; it ends complete. */
  async resume(turn) {
    await this.run(turn, (signal, onEvent) =>
      this.ctx.client.replay(`/v1/ask/streams/${encodeURIComponent(turn.streamId)}`, turn.lastEventId, { signal, onEvent }),
    );
  }

  async run(turn, open) {
    this.controller = new AbortController();
    this.setBusy(true);
    try {
      await open(this.controller.signal, (frame) => this.onEvent(turn, frame));
      if (!turn.done && !turn.error && turn.streamId) {
        // The connection dropped mid-answer: fetch the rest from the server's copy (as EventSource would reconnect).
        await this.ctx.client.replay(`/v1/ask/streams/${encodeURIComponent(turn.streamId)}`, turn.lastEventId, {
          signal: this.controller.signal,
          onEvent: (frame) => this.onEvent(turn, frame),
        });
      }
      if (!turn.done && !turn.error) turn.error = "the answer stream ended early; ask again";
    } catch (err) {
      if (err.name === "AbortError") turn.stopped = true;
      else turn.error = err.message;
      if (err.status === 404 && !turn.text) turn.error = "that answer is no longer available; ask again";
    } finally {
      this.controller = null;
      this.setBusy(false);
      if (turn.stopped || turn.error) turn.streamId = null;
      this.save();
      this.render(turn);
      if (turn.done) this.ctx.announce(`Answer: ${turn.done.answer}`);
      else if (turn.error) this.ctx.announce(`Error: ${turn.error}`);
    }
  }

  onEvent(turn, { id, event, data }) {
    if (id) turn.lastEventId = id;
    if (event === "retrieval") {
      this.ctx.place.set("conversation", data.conversation_id);
    } else if (event === "delta") {
      if (!turn.text) performance.mark("mllens:first-text"); // Send -> first streamed text, for the benchmark
      turn.text += data.text;
      this.renderStreaming(turn);
    } else if (event === "citation") {
      turn.citations.push(data);
      this.renderStreaming(turn);
    } else if (event === "done") {
      turn.done = data;
      this.ctx.place.set("conversation", data.conversation_id);
      if (data.attribution) this.ctx.attribution = data.attribution;
    } else if (event === "error") {
      turn.error = (data.error && data.error.message) || "the answer failed";
    }
    this.save();
  }

  cancel() {
    if (this.controller) this.controller.abort();
  }

  setBusy(busy) {
    const stopHadFocus = this.ctx.root.activeElement === this.stop;
    this.send.disabled = busy;
    this.stop.hidden = !busy;
    if (!busy && stopHadFocus) this.input.focus(); // the Stop button disappears: keep the keyboard user in place
  }

  render(turn) {
    let node = this.nodes.get(turn);
    if (!node) {
      node = { user: h("div", { class: "msg user", dir: "auto" }, turn.question), bot: h("div", { class: "msg bot" }) };
      this.nodes.set(turn, node);
      this.log.append(node.user, node.bot);
    }
    const bot = clear(node.bot);
    const done = turn.done;
    bot.setAttribute("aria-busy", String(!done && !turn.error && !turn.stopped && !!this.controller));
    const text = done ? done.answer : turn.text;
    bot.append(...richText(text || (turn.error || turn.stopped ? "" : "…")));
    const citations = done ? done.citations : turn.citations;
    if (citations.length) bot.append(h("div", { class: "chips", role: "group", "aria-label": "Sources" }, byPractice(citations).map((c) => citationChip(c, this.ctx.openCard))));
    if (done && done.refused && done.nearest_topics.length) {
      bot.append(
        h("p", { class: "muted" }, "Nearest lens topics:"),
        h("div", { class: "chips", role: "group", "aria-label": "Nearest lens topics" },
          done.nearest_topics.map((t) => h("button", { type: "button", class: "chip", onclick: () => this.submit(`What does ${t.bp_id} say?`) }, `${t.bp_id} · ${t.title}`))),
      );
    }
    if (done && done.notice) bot.append(h("p", { class: "notice" }, done.notice));
    if (turn.stopped) bot.append(h("p", { class: "notice" }, "Stopped."));
    if (turn.error) bot.append(h("p", { class: "error", role: "alert" }, turn.error));
    if (done && done.turn_id != null) {
      bot.append(feedbackRow((rating, comment) => this.ctx.client.json("POST", "/v1/feedback", { turn_id: done.turn_id, rating, comment }), "this answer"));
    }
    this.scroll();
  }

  renderStreaming(turn) {
    if (!this.pendingFrame) {
      this.pendingFrame = requestAnimationFrame(() => {
        this.pendingFrame = null;
        this.render(turn);
      });
    }
  }

  scroll() {
    this.log.scrollTop = this.log.scrollHeight;
  }
}
