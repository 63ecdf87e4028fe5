// Citation chips and the practice card they open: title, risk, the quoted section, the AWS link, the attribution.
import { h, link } from "./dom.js";

export const ATTRIBUTION_FALLBACK =
  "Source: AWS Well-Architected Machine Learning Lens (Amazon Web Services), used under the MIT-0 licence.";

const SECTION_NAMES = {
  intro: "Introduction",
  desired_outcome: "Desired outcome",
  anti_patterns: "Common anti-patterns",
  benefits: "Benefits of establishing this best practice",
  implementation_guidance: "Implementation guidance",
  implementation_steps: "Implementation steps",
  resources: "Resources",
};

export function sectionName(section) {
  return SECTION_NAMES[section] || String(section || "").replace(/_/g, " ");
}

const RISK_LABELS = { HIGH: "High risk", MEDIUM: "Medium risk", NONE: "No risk", NOT_APPLICABLE: "Not applicable", UNANSWERED: "Not answered" };

/** A practice's risk level (High/Medium) or a question's WA Tool risk value (HIGH, NONE, UNANSWERED, …). */
export function riskBadge(risk) {
  return risk ? h("span", { class: `badge ${risk}` }, RISK_LABELS[risk] || `${risk} risk`) : null;
}

/** A chip whose text starts with the practice ID (the public contract); click opens the card. */
export function citationChip(citation, openCard) {
  return h(
    "button",
    { type: "button", class: "chip", "data-bp": citation.bp_id, onclick: (e) => openCard(citation, e.currentTarget) },
    `${citation.bp_id} · ${citation.title || ""}`,
  );
}

/** One chip per practice: an answer cites a practice once per quoted section; those merge, keeping every quote. */
export function byPractice(citations) {
  const merged = new Map();
  for (const c of citations) {
    const quote = { section: c.section, quote: c.quote };
    const seen = merged.get(c.bp_id);
    if (seen) seen.quotes.push(quote);
    else merged.set(c.bp_id, { ...c, quotes: [quote] });
  }
  return [...merged.values()];
}

/** Each quoted section under its name; sections cited without a quote (a finding's) as one line, not bare headings. */
function quoted(quotes) {
  if (quotes.some((q) => q.quote)) return quotes.flatMap((q) => [h("p", { class: "muted" }, sectionName(q.section)), q.quote ? h("blockquote", {}, q.quote) : null]);
  const names = [...new Set(quotes.map((q) => sectionName(q.section)).filter(Boolean))];
  return names.length ? [h("p", { class: "muted" }, `Drawn from: ${names.join(", ")}`)] : [];
}

/** The practice card, shown over the panel; Esc or Close returns focus to the chip that opened it. */
export function practiceCard(citation, attribution, close) {
  const titleId = `card-${citation.bp_id}`;
  const closeButton = h("button", { type: "button", class: "btn secondary small", onclick: close }, "Close");
  const card = h(
    "div",
    { class: "card", role: "dialog", "aria-labelledby": titleId, tabindex: "-1" },
    h("h3", { id: titleId }, `${citation.bp_id} ${citation.title || ""}`),
    h("div", { class: "row" }, riskBadge(citation.risk)),
    ...quoted(citation.quotes || [{ section: citation.section, quote: citation.quote }]),
    h("p", {}, link(citation.url, "Read this best practice on AWS ↗")),
    h("p", { class: "muted" }, attribution || ATTRIBUTION_FALLBACK),
    closeButton,
  );
  card.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.stopPropagation();
      close();
    }
  });
  return { card, focus: () => closeButton.focus() };
}
