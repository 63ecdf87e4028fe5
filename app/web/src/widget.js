// The widget shell: a Shadow DOM host with a floating launcher and panel (or an inline panel), tabs for Ask and
// Review, the practice card, a polite live region, and keyboard handling (Esc closes, focus returns to the launcher).
import css from "./styles.css";
import { h, clear, icon } from "./dom.js";
import { Client } from "./api.js";
import { Place, anonymousId } from "./store.js";
import { claimPlace, claimSlot, topSlot, SLOTS_CHANGED } from "./page.js";
import { practiceCard } from "./practice.js";
import { AskView } from "./ask.js";
import { ReviewView } from "./review.js";

const LAUNCHER_STEP = 68; // px between stacked launchers: a 56 px launcher and a 12 px gap
const COLOURS = { accent: "--ml-accent", accentText: "--ml-accent-text", background: "--ml-bg", text: "--ml-fg" };

/** The user ID inside a signed user token (only to keep each user's place apart; the server verifies the token). */
function tokenSubject(token) {
  try {
    const payload = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    return typeof payload.sub === "string" ? payload.sub : null;
  } catch {
    return null;
  }
}

export class Widget {
  constructor(options) {
    this.options = options;
    const who = options.userToken ? `user:${tokenSubject(options.userToken) || "?"}` : "anonymous";
    const base = `${options.server}|${options.key || "local"}|${who}`;
    this.inline = !!options.container;
    // Each widget on the page keeps its own place (conversation, review, tab, open); the person is the same one, so
    // the anonymous identity is shared by every widget of a server and key.
    const settings = [options.title || "", options.mode || "", options.position || "", this.inline ? "inline" : "floating"];
    this.claims = [claimPlace(base, settings.join("/"))];
    this.place = new Place(this.claims[0].name);
    this.client = new Client({ base: options.server, key: options.key, userToken: options.userToken, anonymousId: options.userToken ? "" : anonymousId(new Place(base)) });
    // Its words and the lens's are English: left to right on any page, a right-to-left portal's included (typed text
    // follows its own direction: dom.js).
    this.host = h("div", { "data-mllens-widget": "", dir: "ltr", lang: "en" });
    (this.inline ? options.container : document.body).append(this.host);
    this.root = this.host.attachShadow({ mode: "open" });
    this.root.adoptedStyleSheets = this.styles();
    this.attribution = null;
    this.views = {};
    this.build();
    const mode = this.place.get("mode") || options.mode || "ask";
    this.select(mode === "review" ? "review" : "ask", false);
    if (this.inline || this.place.get("open")) this.open(false);
  }

  styles() {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    const vars = Object.entries(this.options.colors || {})
      .filter(([name, value]) => COLOURS[name] && typeof value === "string" && CSS.supports("color", value))
      .map(([name, value]) => `${COLOURS[name]}: ${value};`);
    if (!this.inline) {
      // A second floating widget on the same side sits above the first one, not on top of it.
      const claim = claimSlot(this.side());
      this.claims.push(claim);
      if (claim.slot) vars.push(`--ml-lift: ${claim.slot * LAUNCHER_STEP}px;`);
    }
    if (!vars.length) return [sheet];
    const custom = new CSSStyleSheet();
    custom.replaceSync(`:host { ${vars.join(" ")} }`);
    return [sheet, custom];
  }

  side() {
    return this.options.position === "left" ? "left" : "right";
  }

  /** The launcher's accessible name, from the widget's configuration, so two launchers on a page are told apart:
   * "Open <title>", or without a title "Open ML Lens assistant" with the settings that set it apart (review, left). */
  launcherName() {
    const { title, mode, position } = this.options;
    if (title) return `Open ${title}`;
    const apart = [mode === "review" ? "review" : "", position === "left" ? "left" : ""].filter(Boolean);
    return `Open ML Lens assistant${apart.length ? ` (${apart.join(", ")})` : ""}`;
  }

  /** A floating panel sits above every launcher on its side (another widget's included), never over one. */
  placePanel() {
    if (!this.inline) this.panel.style.setProperty("--ml-panel-lift", `${topSlot(this.side()) * LAUNCHER_STEP}px`);
  }

  build() {
    const title = this.options.title || "ML Lens assistant";
    const side = this.options.position === "left" ? " left" : "";
    this.live = h("div", { class: "sr", "aria-live": "polite", role: "status" });
    this.tabAsk = h("button", { type: "button", role: "tab", id: "tab-ask", "aria-controls": "pane", onclick: () => this.select("ask") }, "Ask");
    this.tabReview = h("button", { type: "button", role: "tab", id: "tab-review", "aria-controls": "pane", onclick: () => this.select("review") }, "Review");
    this.newButton = h("button", { type: "button", class: "new", onclick: () => this.views.ask.newConversation() }, "New conversation");
    this.pane = h("div", { class: "view", id: "pane", role: "tabpanel" });
    this.cardSlot = h("div");
    const closeButton = this.inline ? null : h("button", { type: "button", "aria-label": "Close assistant", onclick: () => this.close() }, "✕");
    this.panel = h(
      "div",
      { class: `panel${this.inline ? " inline" : side}`, role: this.inline ? "region" : "dialog", "aria-label": title, hidden: true },
      h("header", {}, h("h2", {}, title), closeButton),
      h("div", { class: "tabs" }, h("div", { class: "tablist", role: "tablist", "aria-label": "Mode" }, this.tabAsk, this.tabReview), h("span", { class: "grow" }), this.newButton),
      this.pane,
      this.cardSlot,
      this.live,
    );
    this.panel.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && !this.inline) {
        e.preventDefault();
        this.close();
      }
      // WAI-ARIA tabs: the arrows move between the tabs (wrapping), Home and End to the first and last; the focused tab
      // is selected at once and keeps focus while its panel loads (Tab then moves into the panel).
      const tabs = [this.tabAsk, this.tabReview];
      const at = tabs.indexOf(e.target);
      const step = { ArrowRight: 1, ArrowLeft: -1, Home: -at, End: tabs.length - 1 - at }[e.key];
      if (at >= 0 && step !== undefined && !e.altKey && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        const next = tabs[(at + step + tabs.length) % tabs.length];
        this.select(next === this.tabAsk ? "ask" : "review", false);
        next.focus();
      }
    });
    if (!this.inline) {
      this.launcher = h("button", { type: "button", class: `launcher${side}`, "aria-label": this.launcherName(), title: this.launcherName(), "aria-expanded": "false", "aria-haspopup": "dialog", onclick: () => (this.panel.hidden ? this.open() : this.close()) }, icon("chat", 26));
      this.root.append(this.launcher);
      this.onSlots = () => this.placePanel();
      window.addEventListener(SLOTS_CHANGED, this.onSlots);
    }
    this.root.append(this.panel);
  }

  context() {
    return {
      client: this.client,
      place: this.place,
      root: this.root,
      announce: (text) => this.announce(text),
      openCard: (citation, opener) => this.openCard(citation, opener),
      get attribution() {
        return this.widget.attribution;
      },
      set attribution(value) {
        this.widget.attribution = value;
      },
      widget: this,
    };
  }

  select(mode, focus = true) {
    this.mode = mode;
    this.place.set("mode", mode);
    this.tabAsk.setAttribute("aria-selected", String(mode === "ask"));
    this.tabReview.setAttribute("aria-selected", String(mode === "review"));
    this.tabAsk.tabIndex = mode === "ask" ? 0 : -1;
    this.tabReview.tabIndex = mode === "review" ? 0 : -1;
    this.pane.setAttribute("aria-labelledby", mode === "ask" ? "tab-ask" : "tab-review");
    this.newButton.hidden = mode !== "ask";
    if (!this.views[mode]) this.views[mode] = mode === "ask" ? new AskView(this.context()) : new ReviewView(this.context());
    clear(this.pane).append(this.views[mode].el);
    if (focus && mode === "ask") this.views.ask.input.focus();
  }

  open(focus = true) {
    performance.mark("mllens:open");
    this.placePanel();
    this.panel.hidden = false;
    this.place.set("open", true);
    if (this.launcher) this.launcher.setAttribute("aria-expanded", "true");
    if (focus) (this.mode === "ask" ? this.views.ask.input : this.tabReview).focus();
    // First paint of the opened panel, for the benchmark: two frames after the click.
    requestAnimationFrame(() => requestAnimationFrame(() => performance.measure("mllens:panel-paint", "mllens:open")));
  }

  close() {
    if (this.inline) return;
    this.closeCard();
    this.panel.hidden = true;
    this.place.set("open", false);
    this.launcher.setAttribute("aria-expanded", "false");
    this.launcher.focus();
  }

  openCard(citation, opener) {
    this.closeCard();
    const { card, focus } = practiceCard(citation, this.attribution, () => this.closeCard());
    this.cardOpener = opener;
    this.cardSlot.append(card);
    focus();
  }

  closeCard() {
    if (!this.cardSlot.firstChild) return;
    clear(this.cardSlot);
    if (this.cardOpener && this.cardOpener.isConnected) this.cardOpener.focus();
    this.cardOpener = null;
  }

  announce(text) {
    this.live.textContent = "";
    setTimeout(() => (this.live.textContent = text.length > 600 ? `${text.slice(0, 600)}…` : text), 50);
  }

  unmount() {
    if (this.views.ask) this.views.ask.cancel();
    this.host.remove();
    if (this.onSlots) window.removeEventListener(SLOTS_CHANGED, this.onSlots);
    for (const claim of this.claims.splice(0)) claim.release();
  }
}
