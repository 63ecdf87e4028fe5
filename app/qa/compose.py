"""Answer pieces shared by the QA service: the refusal, the LLM context block, citations for hits, notices. PURE."""

from __future__ import annotations

from app.lens.models import ATTRIBUTION, Section
from app.qa.models import Citation, Topic
from app.retrieval.base import BPHit, SearchResult

# Bounded so a small local model reads the context in seconds: ~3 x 2 x 700 chars is about 1,000 tokens.
CONTEXT_BPS = 3
CONTEXT_PASSAGES = 2
PASSAGE_CHARS = 700
QUOTE_CHARS = 300
NOTICES = {
    "llm_unavailable": "The language model did not respond, so this answer was composed from the lens text instead.",
    "llm_output_invalid": "The language model's reply could not be used, so this answer was composed from the lens "
    "text instead.",
    "uncited": "The language model cited no best practice; the retrieved ones are listed as sources.",
    "citations_removed": "Citations to best practices that were not retrieved were removed from this answer.",
}


# Every refusal opens with these words: a conversation the caller holds (OpenAI-style message list) shows which of
# its earlier answers were refusals by them.
REFUSAL_OPENING = "I can only answer questions about the AWS Well-Architected Machine Learning Lens"
OVERRIDE_REFUSAL = (
    f"{REFUSAL_OPENING}, and I don't take new "
    "instructions, roles or personas from a question. Ask me about an ML workload instead (data, training, "
    "deployment, monitoring, security, cost, sustainability), or ask by ID, e.g. MLSEC03-BP02."
)

# A question not written in English (app/retrieval/language.py) is answered with this, before any search or model: it
# repeats nothing of the question.
NOT_ENGLISH_REPLY = (
    f"{REFUSAL_OPENING} in English: the lens, its search and this assistant read English only, so a question in "
    "another language cannot be matched to the right practice. Please write your question in English (product and "
    "service names, code and quoted messages can stay as they are), or ask by ID, e.g. MLSEC03-BP02."
)


def nearest_topics(result: SearchResult, n: int = 3) -> tuple[Topic, ...]:
    return tuple(Topic(bp_id=h.bp_id, title=h.title, url=h.url, relevance=h.relevance) for h in result.hits[:n])


# an off-topic refusal of a question that reads as written in another language (app/retrieval/language.py); the QA
# service answers such a question with NOT_ENGLISH_REPLY before the gate, so this is for other callers of the gate
OTHER_LANGUAGE_NOTE = (
    "If you wrote in another language: the lens and its search read English, so please ask your question in English."
)


def refusal_text(result: SearchResult) -> str:
    if result.scope_reason == "override":
        return OVERRIDE_REFUSAL
    if result.scope_signals.get("attached"):  # a lens question with another request attached (never echoed)
        lines = [
            f"{REFUSAL_OPENING}, and besides a lens question this message asks for something the lens does not cover "
            f"(the scope gate puts the chance that part is about the lens at {result.scope_probability:.2f}).",
            "Ask the lens question on its own, e.g. by ID: MLSEC03-BP02.",
        ]
    else:
        best = result.hits[0].relevance if result.hits else 0.0
        lines = [
            f"{REFUSAL_OPENING}, and this question does not "
            f"look like one it covers (best relevance {best:.2f}; the scope gate puts the chance it is about the lens "
            f"at {result.scope_probability:.2f}).",
            "Try rephrasing it in terms of an ML workload (data, training, deployment, monitoring, security, cost, "
            "sustainability), or ask by ID, e.g. MLSEC03-BP02.",
        ]
        if result.scope_signals.get("other_language"):
            lines.append(OTHER_LANGUAGE_NOTE)
    topics = nearest_topics(result)
    if topics:
        lines.append("")
        lines.append("Nearest lens topics:")
        lines += [f"- {t.bp_id} {t.title}: {t.url}" for t in topics]
        lines += ["", ATTRIBUTION]
    return "\n".join(lines)


def in_scope_hits(result: SearchResult, limit: int = CONTEXT_BPS) -> list[BPHit]:
    return [h for h in result.hits if h.relevance >= result.threshold][:limit] or list(result.hits[:1])


def render_context(hits: list[BPHit]) -> str:
    """The lens passages given to the model: one block per BP, headed by its citable ID."""
    blocks = []
    for hit in hits:
        facts = [
            hit.pillar.title if hit.pillar else "",
            hit.phase.value if hit.phase else "",
            f"{hit.risk.value} risk" if hit.risk else "",
            hit.url,
        ]
        texts = [_clip(" ".join(p.passage.text.split()), PASSAGE_CHARS) for p in hit.passages[:CONTEXT_PASSAGES]]
        # Every line starts with the citable ID: small models copy it along with the text.
        heading = f"[{hit.bp_id}] {hit.title} — {' · '.join(f for f in facts if f)}"
        blocks.append("\n".join([heading, *(f"[{hit.bp_id}] {text}" for text in texts)]))
    return "\n\n".join(blocks)


def citation_for(hit: BPHit) -> Citation:
    first = hit.passages[0].passage if hit.passages else None
    quote = _clip(" ".join(first.text.split()), QUOTE_CHARS) if first else hit.title
    return Citation(
        bp_id=hit.bp_id,
        title=hit.title,
        section=first.section if first else Section.OVERVIEW,
        url=hit.url,
        quote=quote,
        risk=hit.risk,
    )


def notice_paragraph(notice: str) -> str:
    return f"_Notice: {notice}_"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"
