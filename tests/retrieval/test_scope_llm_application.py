"""Session 29 (insc29): an LLM application the asker runs (a bot, chatbot or copilot, retrieval-augmented generation,
its prompts) is an ML artefact the question acts on (`ml_object`), so the infrastructure words beside it ("topics",
"logs", "list") no longer read as a question about infrastructure only (`infra_only`). Guardrails of AWS Control
Tower and Organizations, a voice assistant on a phone and ordinary infrastructure stay as they were. Written for this
module, not taken from eval rows or unseen sets (docs/scope-gate.md, "Session 29 (insc29)")."""

from __future__ import annotations

import pytest

from app.retrieval.lexical import tokens
from app.retrieval.scope import ScopeSignals, signals_of


def _signals(question: str) -> ScopeSignals:
    return signals_of(question, tokens(question), dense=0.3, anchor=0.3, best_bm25=1.0, known_tokens=1)


@pytest.mark.parametrize(
    "question",
    [
        "Our onboarding chatbot keeps a log of every conversation. How long should we keep those logs?",
        "The helpdesk bot reads from three S3 buckets; who should be able to change them?",
        "We rewrite the copilot's system message every sprint. How do we keep track of which one is live?",
        "Our RAG service answers from the policy wiki. How do we check its answers after each content update?",
        "How should prompts for the claims assistant be reviewed before they reach the production stack?",
    ],
)
def test_an_llm_application_is_an_ml_object(question: str) -> None:
    signals = _signals(question)
    assert signals.ml_object > 0
    assert signals.infra_only == 0.0


@pytest.mark.parametrize(
    "question",
    [
        "Which Control Tower guardrails should every new account get?",
        "My phone's voice assistant forgets my alarms; where are its settings stored?",
        "How long should we keep the load balancer logs of the billing service?",
    ],
)
def test_guardrails_voice_assistants_and_infrastructure_are_no_llm_application(question: str) -> None:
    signals = _signals(question)
    assert signals.ml_object == 0.0
    assert signals.infra_only > 0
