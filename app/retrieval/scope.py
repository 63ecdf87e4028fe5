"""The scope gate: is a question about the ML Lens? A decision over several measured signals, not one threshold. PURE.

Signals (all from what retrieval computes anyway, plus the query text):
- `dense`: best cosine similarity between the query and any lens passage;
- `margin`: `dense` minus the best similarity to an out-of-domain anchor (corpus/retrieval/out-of-domain.txt);
- `lexical`: BM25 evidence of lens concepts: the best BP's BM25 score per query token (log-scaled);
- `coverage`: the share of the query's content tokens that occur in the lens at all;
- `ml_terms`: how many words of an ML-workload vocabulary the query uses (capped);
- `artifact_request`: the query asks for a piece of writing, code or an image ("write …", "generate …", "derive …")
  rather than advice;
- `own_workload`: the query speaks of the asker's own team or system ("we", "our", "team"), as practitioners do;
- `override`: the query tries to replace the assistant's instructions (role-play, "ignore previous instructions").

An override attempt is always out of scope, whatever the other signals say. Otherwise hand-set rules decide (RulesGate).
A logistic model over all signals (weights as plain numbers in `scope_gate.json`, fitted on the development split only
by `mllens eval scope --calibrate`) is measured next to them; it did not beat the rules on the held-out split, so it is
not the shipped decision (see docs/scope-gate.md). With another embedder (the hash test double, a model the rules were
not set for) the dense signals mean something else, so the gate falls back to the single relevance threshold it
replaced (still refusing override attempts).
"""

from __future__ import annotations

import json
import logging
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from app.retrieval.lexical import stem

logger = logging.getLogger(__name__)
GATE_FILE = Path(__file__).with_name("scope_gate.json")
FEATURES = ("dense", "margin", "lexical", "coverage", "ml_terms", "artifact_request", "own_workload")
ML_TERMS_CAP = 3
Reason = Literal["override", "off_topic"]

# Words that say the question is about building or running an ML workload. Stemmed like BM25 tokens.
_ML_WORDS = """model models ml machine learning train training trained retrain retraining inference infer predict
prediction predictions predictive dataset datasets feature features label labels labeling labelling annotation drift
bias biased fairness explainability explainable interpretability hyperparameter hyperparameters tuning fine-tune
fine-tuning finetune sagemaker bedrock mlops classifier classification regression forecasting forecast recommendation
recommender embedding embeddings neural network deep llm llms genai generative ai artificial intelligence accuracy
precision recall overfitting underfitting epoch epochs checkpoint checkpoints gpu gpus accelerator endpoint endpoints
lineage provenance experiment experiments notebook notebooks pipeline pipelines algorithm algorithms data scientist
scientists evaluation metrics validation ground truth poisoning adversarial retrained shadow canary champion
challenger pretrained pre-trained transfer score scoring scored kubeflow mlflow pytorch tensorflow xgboost sklearn
scikit jupyter huggingface autopilot clarify annotator annotators fraud churn personalization personalisation ranking
ranker anomaly vision nlp sentiment ocr segmentation detection detector transformer bert gpt foundation rag agent
agents""".split()
ML_VOCABULARY = frozenset(stem(w) for w in _ML_WORDS)

# Attempts to replace the assistant's instructions or role. Matched on the question outside quotation marks, so a
# practitioner quoting an attack they saw ("someone typed 'ignore previous instructions'") is not one.
_OVERRIDE = re.compile(
    r"""
    \b(?:ignore|disregard|forget|override)\b[^.?!\n]{0,40}?\b(?:
        (?:your|all|any)\s+(?:previous\s+|prior\s+|earlier\s+|original\s+|safety\s+)?
            (?:instructions|rules|guidelines|prompts?|settings|restrictions|programming)
        | (?:previous|prior|above|earlier)\s+(?:instructions|rules|messages|prompts?|context)
        | (?:instructions|rules)\s+above
        | the\s+(?:ml\s+)?lens | everything\s+(?:you|before|above) )
    | \byou\s+are\s+(?:now|no\s+longer)\b
    | \bfrom\s+now\s+on\b[^.?!\n]{0,40}?\b(?:you|act|reply|answer|respond)\b
    | \b(?:pretend\s+(?:you\s+are|you're|to\s+be)|role-?play\s+as|let's\s+role-?play)\b
    | (?:^|[.!?:]\s*|\bplease\s+|\bnow\s+|\byou\s+(?:will|must|should)\s+)act\s+as\b
    | \b(?:developer|maintenance|god|admin|unrestricted)\s+mode\b
    | \b(?:jailbreak|jailbroken|do\s+anything\s+now)\b
    | \b(?:print|reveal|output|repeat|dump|translate|show\s+me)\b[^.?!\n]{0,30}?
        \b(?:system\s+prompt|hidden\s+prompt|your\s+(?:instructions|prompt|system\s+message|configuration|rules)
        |(?:api|secret)\s+keys|secrets|credentials|passwords)
    | ^\s*(?:system|admin|administrator)(?:\s+\w+)?\s*:
    | \bnew\s+(?:instructions|task|rules)\b\s*(?:from\b|:)
    | \#\#\#\s*end\s+of
    | \bstop\s+being\s+an?\b
    | \byou\s+have\s+no\s+(?:restrictions|rules|limits|ethics|filters)
    | \bwith\s+no\s+(?:ethics|restrictions|filters)\b
    | \bi\s+am\s+your\s+(?:developer|creator|admin|administrator|owner)\b
    """,
    re.IGNORECASE | re.VERBOSE | re.MULTILINE,
)
_ARTIFACT = re.compile(
    r"^\s*(?:can\s+you\s+|could\s+you\s+|please\s+)?(?:write|generate|derive|implement|translate|summari[sz]e|draw|"
    r"compose|create\s+an?\s+(?:image|picture|poem|story|post|song)|give\s+me\s+an?|recommend\s+an?|tell\s+me\s+an?)\b",
    re.IGNORECASE,
)
_OWN_WORKLOAD = re.compile(r"\b(?:we|we're|we've|our|ours|us|team|teams)\b", re.IGNORECASE)
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|(?<!\w)'[^']*'(?!\w)")


def is_override_attempt(query: str) -> bool:
    """True when the query tries to change the assistant's instructions or role (outside quoted text)."""
    return bool(_OVERRIDE.search(_QUOTED.sub(" ", query)))


def ml_term_count(query_tokens: list[str]) -> int:
    return len(set(query_tokens) & ML_VOCABULARY)


@dataclass(frozen=True, slots=True)
class ScopeSignals:
    dense: float
    margin: float
    lexical: float
    coverage: float
    ml_terms: float
    artifact_request: float
    own_workload: float
    override: bool

    def vector(self) -> list[float]:
        return [float(getattr(self, name)) for name in FEATURES]

    def as_dict(self) -> dict[str, float | bool]:
        return {name: round(float(getattr(self, name)), 4) for name in FEATURES} | {"override": self.override}


def signals_of(
    query: str,
    query_tokens: list[str],
    *,
    dense: float,
    anchor: float,
    best_bm25: float,
    known_tokens: int,
) -> ScopeSignals:
    """Turn raw retrieval numbers into the gate's signals (each on a scale that does not grow with query length)."""
    n = len(query_tokens)
    return ScopeSignals(
        dense=dense,
        margin=dense - anchor,
        lexical=math.log1p(max(best_bm25, 0.0) / n) if n else 0.0,
        coverage=known_tokens / n if n else 0.0,
        ml_terms=min(ml_term_count(query_tokens), ML_TERMS_CAP) / ML_TERMS_CAP,
        artifact_request=1.0 if _ARTIFACT.search(query) else 0.0,
        own_workload=1.0 if _OWN_WORKLOAD.search(query) else 0.0,
        override=is_override_attempt(query),
    )


@dataclass(frozen=True, slots=True)
class ScopeDecision:
    in_scope: bool
    probability: float  # the gate's estimate that the question is about the lens (0 for an override attempt)
    reason: Reason | None  # why it is out of scope; None when in scope
    signals: ScopeSignals


class Gate(Protocol):
    def decide(self, signals: ScopeSignals) -> ScopeDecision: ...

    def to_json(self) -> dict[str, object]: ...


@dataclass(frozen=True, slots=True)
class ThresholdGate:
    """The single-threshold rule: in scope when the best dense relevance reaches `threshold` and the query is closer to
    the lens than to any out-of-domain anchor."""

    threshold: float

    def decide(self, signals: ScopeSignals) -> ScopeDecision:
        if signals.override:
            return ScopeDecision(False, 0.0, "override", signals)
        ok = signals.dense >= self.threshold and signals.margin > 0
        return ScopeDecision(ok, 1.0 if ok else 0.0, None if ok else "off_topic", signals)

    def to_json(self) -> dict[str, object]:
        return {"kind": "threshold", "threshold": self.threshold}


@dataclass(frozen=True, slots=True)
class RulesGate:
    """Hand-set rules over the signals: with ML vocabulary, some dense relevance and a small margin over the
    out-of-domain topics suffice; without it, the query must be clearly closer to the lens. Thresholds are cosine
    similarities of `embedder`. This is the shipped decision: the logistic gate fitted on the development split did
    not beat it on the held-out split (it refused three times as many in-scope questions; docs/scope-gate.md)."""

    embedder: str = "sentence-transformers/all-MiniLM-L6-v2"
    dense_with_ml: float = 0.3
    margin_with_ml: float = 0.05
    dense_without_ml: float = 0.45
    margin_without_ml: float = 0.2

    def decide(self, signals: ScopeSignals) -> ScopeDecision:
        if signals.override:
            return ScopeDecision(False, 0.0, "override", signals)
        if signals.ml_terms > 0:
            ok = signals.dense >= self.dense_with_ml and signals.margin > self.margin_with_ml
        else:
            ok = signals.dense >= self.dense_without_ml and signals.margin > self.margin_without_ml
        return ScopeDecision(ok, 1.0 if ok else 0.0, None if ok else "off_topic", signals)

    def to_json(self) -> dict[str, object]:
        return {"kind": "rules"} | {name: getattr(self, name) for name in self.__dataclass_fields__}


def load_gate(embedder_name: str, threshold: float) -> Gate:
    """The rules for the embedder they were set for, else the single-threshold rule."""
    rules = RulesGate()
    return rules if embedder_name == rules.embedder else ThresholdGate(threshold)


def load_learned_gate(embedder_name: str, path: Path = GATE_FILE) -> ScopeGate | None:
    """The logistic gate fitted for `embedder_name` (measured next to the rules by `mllens eval scope`), if any."""
    try:
        gate = ScopeGate.load(path)
    except (OSError, ValueError, KeyError) as exc:
        logger.warning("scope gate %s not usable (%s)", path.name, exc)
        return None
    return gate if gate.embedder == embedder_name else None


@dataclass(frozen=True, slots=True)
class ScopeGate:
    """Logistic model over FEATURES: in scope when sigmoid(w·x + b) >= cutoff. Override attempts never are."""

    weights: tuple[float, ...]
    bias: float
    embedder: str  # the embedding model whose similarities the weights were fitted on
    cutoff: float = 0.5
    means: tuple[float, ...] = (0.0,) * len(FEATURES)
    scales: tuple[float, ...] = (1.0,) * len(FEATURES)

    def probability(self, signals: ScopeSignals) -> float:
        z = self.bias + sum(
            w * (x - m) / s for w, x, m, s in zip(self.weights, signals.vector(), self.means, self.scales, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))

    def decide(self, signals: ScopeSignals) -> ScopeDecision:
        if signals.override:
            return ScopeDecision(False, 0.0, "override", signals)
        p = self.probability(signals)
        return ScopeDecision(p >= self.cutoff, round(p, 4), None if p >= self.cutoff else "off_topic", signals)

    def to_json(self) -> dict[str, object]:
        return {
            "kind": "logistic",
            "embedder": self.embedder,
            "features": list(FEATURES),
            "weights": list(self.weights),
            "bias": self.bias,
            "cutoff": self.cutoff,
            "means": list(self.means),
            "scales": list(self.scales),
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> ScopeGate:
        if data.get("features") != list(FEATURES):
            raise ValueError(f"scope gate features {data.get('features')} do not match {list(FEATURES)}")
        return cls(
            weights=tuple(float(w) for w in _floats(data["weights"])),
            bias=float(str(data["bias"])),
            embedder=str(data["embedder"]),
            cutoff=float(str(data.get("cutoff", 0.5))),
            means=tuple(_floats(data["means"])),
            scales=tuple(_floats(data["scales"])),
        )

    @classmethod
    def load(cls, path: Path = GATE_FILE) -> ScopeGate:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))


def _floats(value: object) -> list[float]:
    if not isinstance(value, list) or len(value) != len(FEATURES):
        raise ValueError(f"expected {len(FEATURES)} numbers, got {value!r}")
    return [float(v) for v in value]
