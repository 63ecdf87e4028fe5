"""The scope gate: is a question about the ML Lens? A decision over several measured signals, not one threshold. PURE.

Signals (all from what retrieval computes anyway, plus the query text):
- `dense`: best cosine similarity between the query and any lens passage;
- `margin`: `dense` minus the best similarity to an out-of-domain topic: the index's anchors
  (corpus/retrieval/out-of-domain.txt) and the topics of scope_topics.npz (TopicAnchors: more hand-written domains and
  one line per non-ML AWS service from botocore, embedded offline by eval/build_scope_topics.py);
- `lexical`: BM25 evidence of lens concepts: the best BP's BM25 score per query token (log-scaled);
- `coverage`: the share of the query's content tokens that occur in the lens at all;
- `ml_terms`: ML vocabulary in the query: unambiguous ML words count 1, words that also have a non-ML sense ("model",
  "training", "pipeline", "drift") count 1/2, "machine learning"-style phrases count 1 (capped at 3, scaled to 0..1);
- `ml_context`: ML words together with words of running a workload (production, deploy, monitor, cost, team,
  audit, ...): the lens is about operating ML workloads, not about ML in general or operations in general;
- `coursework_or_consumer`: the asker studies, shops or plays with ML rather than runs it (exam, homework, derive,
  intuition, paper, buying, gaming, VRAM, Midjourney, ...);
- `other_workload`: the query names a system the lens is not about (websites, relational databases, Kafka,
  Kubernetes, VPC networking, single sign-on, Jenkins, Terraform, ...), capped at 3, scaled to 0..1; named only as
  the setting of an ML workload's story, such a system counts only if the question clause names it (session 15);
- `artifact_request`: the query asks for a piece of writing, code or an image ("write …", "generate …", "derive …")
  rather than advice;
- `own_workload`: the query speaks of the asker's own team or system ("we", "our", "team"), as practitioners do;
- `domain`: a linear classifier over the query's embedding (DomainClassifier, scope_domain.json, trained by
  eval/build_scope_classifier.py on tens of thousands of sentences: lens text against AWS documentation of non-ML
  services and ML library documentation): P(lens text). One dot product with the vector dense retrieval computes;
- `ml_object`: ML artefacts or ML work the query names (models, training, datasets, features, labels, predictions,
  experiments, ...), capped at 3, scaled to 0..1: the lens's questions act on them;
- `infra_only`: infrastructure objects the query names (instances, buckets, keys, logs, clusters, apps, ...) when it
  names no ML artefact at all, capped at 3, scaled to 0..1: infrastructure questions that only share the lens's verbs;
- `exemplar`: the labelled development questions as neighbours, with product text (botocore how-tos, everyday lines)
  on the out-of-scope side (ScopeExemplars, scope_exemplars.npz, built by eval/build_scope_exemplars.py: vectors, no
  question text): the mean cosine of the query's EXEMPLAR_NEAREST nearest in-scope questions minus that of its nearest
  out-of-scope ones. One matrix-vector product with the query vector;
- `override`: the query tries to replace the assistant's instructions or role (role-play, "ignore previous
  instructions", in English and the other common languages), by its phrasing or by its structure: chat markup (system
  tags, JSON role fields, fake assistant turns) or a role-play frame without rules in any wording.

Since the fifteenth round a question that misspells ML words ("trainig data") is gated on its text with them spelt
right (`spelt_right`): the embedder, BM25 and the domain classifier do not know the misspelt word. Since session 14
that includes a five-letter ML word with two letters swapped ("modle"), and the learned override detector reads the
same respelt text (`HybridRetriever._decide`); "model" of a scale model (a model railway or kit) is no ML word.
Since session 25 the question is also ranked on that text, any word misspelt one letter from a word of the lens is
spelt right too ("latancy", "rollbak": app/retrieval/typos.py), the `exemplar` signal reads the respelt text, and a
word of English ("scorer", "classifies") is no misspelt ML word.

Since the eleventh round a terse question the gate refuses is read against the lens's practitioner wording
(PractitionerWording, scope_wording.npz: the interview's plain-language lines, embedded offline by
eval/build_scope_wording.py); close to it, the cutoff is a third of the usual (`terse`, `wording`, TERSE_WORDING_MIN).

An override attempt is always out of scope, whatever the other signals say. Otherwise a logistic model over all the
other signals decides (ScopeGate; weights as plain numbers in `scope_gate.json`, fitted on the development split only
by `mllens eval scope --calibrate`): with the domain classifier's signal and the margin over the wider topics it beat
the four-case rules on blind development rows scored before anything was changed for them (docs/scope-gate.md).
Without the classifier file the rules decide (RulesGate: four cases, from ML words in a context of running a workload
to a query naming another kind of system, each with its own dense and margin thresholds, grid-searched on the
development split). With another embedder (the hash test double, a model the rules were not set for) the dense signals
mean something else, so the gate falls back to the single relevance threshold it replaced (still refusing override
attempts).
"""

from __future__ import annotations

import functools
import json
import logging
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

import numpy as np
from numpy.typing import NDArray

from app.lens.ids import LENS_ID_SHAPE
from app.retrieval.lexical import stem
from app.retrieval.override import is_override_attempt

logger = logging.getLogger(__name__)
GATE_FILE = Path(__file__).with_name("scope_gate.json")
DOMAIN_FILE = Path(__file__).with_name("scope_domain.json")
TOPICS_FILE = Path(__file__).with_name("scope_topics.npz")  # built by eval/build_scope_topics.py
TOPICS_TEXT = Path("retrieval") / "out-of-domain-topics.txt"  # under the corpus directory
WORDING_FILE = Path(__file__).with_name("scope_wording.npz")  # built by eval/build_scope_wording.py
EXEMPLARS_FILE = Path(__file__).with_name("scope_exemplars.npz")  # built by eval/build_scope_exemplars.py
NEUTRAL_DOMAIN = 0.5  # the `domain` signal when no classifier fits the embedder
FEATURES = (
    "dense",
    "margin",
    "lexical",
    "coverage",
    "ml_terms",
    "ml_context",
    "coursework_or_consumer",
    "other_workload",
    "artifact_request",
    "own_workload",
    "domain",
    "ml_object",
    "infra_only",
    "exemplar",
)
_FEATURE_INDEX = {name: i for i, name in enumerate(FEATURES)}
ML_TERMS_CAP = 3
Reason = Literal["override", "off_topic"]


def _stems(words: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words.split())


def _one_deleted(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _swapped(word: str) -> set[str]:
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}


# Words that say the question is about ML, stemmed like BM25 tokens. Strong: an ML sense almost always. Weak: an ML
# sense often, another one too ("model" of a database, "training" of staff, a CI "pipeline", CloudFormation "drift").
_ML_STRONG_WORDS = """
    ml mlops inference infer retrain retraining retrained dataset datasets labeling labelling annotation annotator
    annotators fairness explainability explainable interpretability hyperparameter hyperparameters fine-tune fine-
    tuning finetune finetuning sagemaker bedrock classifier classifiers classification recommender forecasting
    embedding embeddings neural llm llms genai overfitting underfitting epoch epochs pretrained pre- trained
    poisoning adversarial kubeflow mlflow pytorch tensorflow xgboost sklearn scikit jupyter huggingface autopilot
    nlp ocr bert gpt rag sentiment regularization regularisation dropout backpropagation
"""
_ML_WEAK_WORDS = """
    model models train training trained predict prediction predictions predictive feature features label labels
    drift bias biased tuning forecast recommendation recommendations accuracy precision recall checkpoint
    checkpoints gpu gpus accelerator accelerators endpoint endpoints lineage provenance experiment experiments
    notebook notebooks pipeline pipelines algorithm algorithms scientist scientists evaluation metrics validation
    shadow canary champion challenger transfer score scoring scored fraud churn personalization personalisation
    ranking ranker anomaly vision segmentation detection detector transformer foundation agent agents ai network
    deep regression
"""
ML_STRONG, ML_WEAK = _stems(_ML_STRONG_WORDS), _stems(_ML_WEAK_WORDS)
ML_VOCABULARY = ML_STRONG | ML_WEAK
# Typos of ML words ("trainign", "modles", "endpiont", "traning", "retrainig"): a word of TYPO_MIN_LENGTH or more
# letters that is one dropped, doubled-in or swapped letter away from an ML word counts as that word. Substitutions are
# left out: they turn real words into other real words ("banking" / "ranking").
TYPO_MIN_LENGTH = 6
_ML_BY_SPELLING = {
    w: stem(w) for w in (_ML_STRONG_WORDS + " " + _ML_WEAK_WORDS).split() if len(w) >= TYPO_MIN_LENGTH - 1
}
_ML_BY_DELETION = {v: w for w in _ML_BY_SPELLING if len(w) >= TYPO_MIN_LENGTH for v in _one_deleted(w)}
# A five-letter ML word with two neighbouring letters swapped ("modle", "lable", "drfit", "socre") counts as that word
# too (session 14): no such swap is an English word, where a dropped or added letter makes one ("mode", "modem").
SWAP_LENGTH = TYPO_MIN_LENGTH - 1
_ML_BY_SWAP = {v: w for w in _ML_BY_SPELLING if len(w) == SWAP_LENGTH and w.isalpha() for v in _swapped(w) if v != w}
_WORD = re.compile(r"[a-z][a-z-]+")
_ANY_CASE_WORD = re.compile(r"[A-Za-z][A-Za-z-]+")
# An ML system named by its task ("the scoring service", "the churn API", "fraud detection endpoint"): ML work, not
# infrastructure (ninth round: terse questions about such a service were read as infrastructure only).
_ML_SYSTEM = r"""(?:scoring|ranking|classification|personali[sz]ation|fraud|churn|propensity|anomaly|matching|moderation
    |ocr|vision|nlp|recommendations?|recommender|forecast(?:ing)?|sentiment|prediction|predictive)[\s-]+(?:\w+[\s-]+)?(?:service|api|endpoint|job|lambda|function|container|cluster|fleet|server|app
    |microservice)s?"""
_ML_PHRASE = re.compile(
    r"\b(?:(?:machine|deep|reinforcement|transfer)\s+learning|artificial\s+intelligence|data\s+scien(?:ce|tists?)"
    r"|ground\s+truth|feature\s+stores?|model\s+(?:registry|monitor)|neural\s+net|(?:large\s+)?language\s+models?"
    r"|foundation\s+models?|computer\s+vision|(?:data|concept|model)\s+drift"
    rf"|{_ML_SYSTEM})\b",
    re.VERBOSE,
)
# Words of running a workload: deploying, monitoring, paying for, securing, governing it, and the people around it.
OPERATIONS = _stems(
    """production prod deploy deployed deploying deployment deployments endpoint endpoints monitor monitoring pipeline
    pipelines retrain rollback cost costs bill billing budget team teams customer customers users audit auditor
    compliance regulator access encrypt encryption scale scaling autoscale latency version versions versioning lineage
    govern governance owner owns ownership incident alert alerts sla slas serve serving host hosting instance instances
    release releases promote approve approval track tracking secure security privacy risk business stakeholders live
    schedule weekly nightly daily oncall paged pager rota roster postmortem postmortems outage outages runbook runbooks
    escalation caller callers"""
)
# The asker studies, shops for or plays with ML rather than runs a workload.
_COURSEWORK_OR_CONSUMER = re.compile(
    r"""\b(?:exams?|homework|assignments?|coursework|courses?|lectures?|beginners?|tutorials?|intuitive(?:ly)?|intuition
    |prove|proofs?|derive|derivation|maths?|formulas?|equations?|papers?|invent(?:ed|or)?|hobby|at\s+home|gaming
    |(?<!build\sor\s)(?<!build\svs\s)(?<!make\sor\s)(?:buy|buying)(?!\s+(?:or|vs\.?|versus)\s+(?:build|make)\b)|degree|career|salary|like\s+i'?m\s+five|eli5|step\s+by\s+step|textbook|vram|midjourney
    |stable\s+diffusion|chatgpt|trivia|bootcamps?|kaggle|study\s+plans?|job\s+interviews?|interview\s+prep\w*
    |switch\w*\s+careers?|become\s+an?\s+(?:ml|machine\s+learning|data|ai)\s+(?:engineer|scientist)
    # the asker as a learner (tenth round): "as a student, should I learn JAX or PyTorch first?"
    |as\s+an?\s+(?:student|beginner|newbie|undergrad\w*|grad\s+student|phd\s+student)|i'?m\s+(?:a\s+)?(?:student|studying)
    |(?:should|shall|could|can)\s+i\s+(?:learn|study|pick\s+up)|research\s+(?:job|career|position)s?|phd|thesis)\b""",
    re.VERBOSE,
)
# Writing code with an ML library rather than running a workload (fifth round): "in Keras how do I …", "how do I … with
# pandas", "how does XGBoost handle … internally". Counted as coursework: the asker builds models in a notebook, which
# the lens does not teach. A library named in a question about operating it ("pin the PyTorch version of our training
# image") is not this.
_ML_LIBRARY = (
    r"(?:numpy|pandas|torch|pytorch|tensorflow|keras|sklearn|scikit-learn|jax|xgboost|lightgbm|catboost|huggingface"
    r"|transformers|opencv|spacy|nltk|matplotlib|scipy)"
)
_LIBRARY_HOWTO = re.compile(
    rf"\b(?:in|with|using)\s+{_ML_LIBRARY}\b[^.?!]{{0,20}}?\bhow\s+(?:do|can|to|would)\b"
    rf"|\bhow\s+(?:do|can)\s+(?:i|you)\b[^.?!]{{0,60}}?\b(?:in|with|using)\s+{_ML_LIBRARY}\b"
    rf"|\b{_ML_LIBRARY}\b[^.?!]{{0,40}}?\b(?:internally|under\s+the\s+hood|syntax|api\s+call|function\s+signature)\b"
    rf"|\b(?:syntax|api\s+call|function\s+signature)\b[^.?!]{{0,40}}?\b(?:in|with|of)\s+{_ML_LIBRARY}\b",
)
# Systems the lens is not about: websites and their stacks, databases, streaming, containers, networking, identity
# administration, builds of ordinary software, observability stacks.
_OTHER_WORKLOAD = re.compile(
    r"""\b(?:web\s*sites?|websites?|web\s+(?:apps?|applications?|servers?|services?|pages?)|frontend|front-end|wordpress
    |php|rails|django|spring\s+boot|java|javascript|node\.?js|next\.?js|react|mobile\s+apps?|ios|android|app\s+store
    |databases?|sql|mysql|postgres(?:ql)?|aurora|rds|dynamodb|cassandra|redis|elasticache|memcached|mongodb
    |kafka|kinesis|sqs|sns|msk|rabbitmq|eventbridge|message\s+queues?
    |kubernetes|k8s|eks|ecs|fargate|helm|pods?|ingress|nginx|apache
    |jenkins|maven|gradle|github\s+actions|gitlab|codepipeline|terraform|cloudformation|ansible
    |vpcs?|subnets?|nat|cidr|peering|transit\s+gateway|route\s*53|dns|domains?|cloudfront|cdn|alb|nlb|elb|vpn|ssh
    |bastion|firewalls?|okta|saml|sso|active\s+directory|ldap|identity\s+center|scps?|permission\s+sets?
    |permission\s+boundar(?:y|ies)|elasticsearch|opensearch|grafana|prometheus|x-ray|savings\s+plans?
    |reserved\s+instances?|ebs|e-?mail|load\s+balancers?|auto\s*scaling\s+groups?|waf|cognito|control\s+tower
    |landing\s+zones?|haproxy|tomcat|iis|vmware|windows\s+server|smtp|ses|jira|confluence|sharepoint|shopify|magento
    |graphql|lightsail|amplify|appsync|beanstalk)\b""",
    re.VERBOSE,
)

_ARTIFACT = re.compile(
    r"^\s*(?:can\s+you\s+|could\s+you\s+|please\s+)?(?:write|generate|derive|implement|translate|summari[sz]e|draw|"
    r"compose|create\s+an?\s+(?:image|picture|poem|story|post|song)|give\s+me\s+an?|recommend\s+an?|tell\s+me\s+an?)\b",
)
# "the scoring service", "the churn API": the asker's own ML system, named without "our" (ninth round)
_OWN_WORKLOAD = re.compile(rf"\b(?:we|we're|we've|our|ours|us|team|teams|the\s+{_ML_SYSTEM})\b", re.VERBOSE)
# What the question acts on. The lens is about ML artefacts (models, training data, features, labels, predictions,
# experiments) and the work on them; infrastructure questions that share its words (encrypt, version, pipeline, logs,
# tags, endpoints) act on infrastructure objects only. `ml_object` counts ML artefacts and ML work named in the query;
# `infra_only` counts infrastructure objects when the query names no ML artefact at all. Since session 29 an LLM
# application is one too: a bot, chatbot or copilot, retrieval-augmented generation, the prompts and system prompt of
# the asker's own assistant ("Our support bot was configured with a list of banned topics. How should we test that
# list before each release?" acts on an ML system, not on Kafka topics). Guardrails are left out: AWS Control Tower
# and Organizations have guardrails of their own.
_LLM_APPLICATION = r"(?:chat-?bots?|bots?|co-?pilots?|rag|prompts?|system\s+messages?)"
_ML_OBJECT = re.compile(
    rf"""\b(?:models?|(?:re)?train(?:s|ed|ing)?|datasets?|data\s*sets?|inference|infer|predict(?:s|ed|ions?)?|features?
    |labels?|label(?:l)?(?:ing|ers?)|annotat\w*|experiments?|hyper-?parameters?|embeddings?|checkpoints?|notebooks?
    |classifiers?|llms?|genai|fine-?tun\w*|ground\s+truth|data\s+scien\w*|sagemaker|bedrock|ml|mlops
    |machine\s+learning|ai|inferentia|trainium|automl|drift|bias|fairness|explainab\w*|accuracy|forecast\w*
    |recommend\w*|algorithms?|mlflow|kubeflow|pytorch|tensorflow|xgboost|jupyter|neural|deep\s+learning|epochs?
    |overfit\w*|skew|retrain\w*|{_ML_SYSTEM}|{_LLM_APPLICATION})\b""",
    re.VERBOSE,
)
_INFRA_OBJECT = re.compile(
    r"""\b(?:instances?|buckets?|keys?|certificates?|certs?|clusters?|servers?|vms?|logs?|containers?|lambdas?
    |functions?|tables?|backups?|snapshots?|amis?|accounts?|iam|roles?|polic(?:y|ies)|secrets?|volumes?|microservices?
    |apis?|repos?|repositor(?:y|ies)|branch\w*|cloudwatch|s3|ec2|kms|nat|gateways?|queues?|topics?|stacks?|app|apps
    |application|applications|services?|website|sites?|glacier|cloudtrail|config\s+rules?|guardduty|security\s+hub
    |organi[sz]ations?|dashboards?|alarms?|cron|batch\s+jobs?|etl|glue|athena|redshift|emr|spark|airflow
    |step\s+functions|docker|images?|registr(?:y|ies)|ecr|codebuild|codecommit|commits?|vpc|subnets?|dns
    |tls|ssl|https?|cdn|cache|caching)\b""",
    re.VERBOSE,
)


@functools.lru_cache(maxsize=8192)
def _ml_spellings(word: str) -> tuple[str, ...]:
    """The ML words a lower-case word misspells (see TYPO_MIN_LENGTH), sorted; none for an ML word spelt right.
    Remembered per word: a gated question's words are read twice (`spelt_right`, then `ml_typos` in `signals_of`),
    and questions share most of their words."""
    if word in _ML_BY_SPELLING or stem(word) in ML_VOCABULARY:
        return ()
    if len(word) < TYPO_MIN_LENGTH:
        return (_ML_BY_SWAP[word],) if word in _ML_BY_SWAP else ()
    near = {v for v in _one_deleted(word) | _swapped(word) if v in _ML_BY_SPELLING}
    if word in _ML_BY_DELETION:
        near.add(_ML_BY_DELETION[word])
    return tuple(sorted(near))


def ml_typos(query: str) -> set[str]:
    """The stems of the ML words that words of the query misspell (see TYPO_MIN_LENGTH)."""
    return {_ML_BY_SPELLING[v] for word in set(_WORD.findall(query.lower())) for v in _ml_spellings(word)}


def spelt_right(query: str, known: Callable[[str], bool] = lambda word: False) -> str:
    """The query with each misspelt ML word written as the ML word it misspells ("trainig data" -> "training data"),
    lower-cased where a word changes; the query itself when it misspells none (fifteenth round: the gate reads its
    dense, lexical and domain signals from this text, docs/scope-gate.md). `known`: words the caller knows as spelt
    right (the lens's own words: "turning", "challenge", "fine-tuned"), left as they are."""

    def right(match: re.Match[str]) -> str:
        spellings = _ml_spellings(match.group().lower())
        return spellings[0] if spellings and not known(match.group()) else match.group()

    return _ANY_CASE_WORD.sub(right, query)


def ml_term_count(query: str, words: set[str]) -> float:
    """ML words in the query (`words`: its tokens and the ML words it misspells): strong words and ML phrases count
    1, words with a non-ML sense too count 1/2."""
    return len(words & ML_STRONG) + 0.5 * len(words & ML_WEAK) + len(_ML_PHRASE.findall(query.lower()))


@dataclass(frozen=True, slots=True)
class ScopeSignals:
    dense: float
    margin: float
    lexical: float
    coverage: float
    ml_terms: float
    ml_context: float
    coursework_or_consumer: float
    other_workload: float
    artifact_request: float
    own_workload: float
    domain: float
    ml_object: float
    infra_only: float
    override: bool
    ai_security: bool = False  # defending the asker's own ML or LLM system against adversarial input (below)
    telegraphic: bool = False  # a terse question with no ML word and no person in it (below)
    attached: bool = False  # the signals of a request attached to another question, gated on its own (below)
    terse: bool = False  # a short question that names nothing the lens is not about (eleventh round, below)
    wording: float = 0.0  # its similarity to the lens's practitioner wording, measured only when the gate refuses it
    unreadable: bool = False  # a request the embedder cannot read, after a lens question (app/retrieval/unreadable.py)
    # nearer labelled in-scope than out-of-scope development questions (ScopeExemplars, below); None: unknown (no
    # exemplars loaded, or none of one class), which the logistic gate reads at its training mean (session 18)
    exemplar: float | None = 0.0

    def vector(self) -> list[float]:
        """The features' values; an unknown `exemplar` as 0 (`ScopeGate.probability` reads it at the fitted mean)."""
        return [float(getattr(self, name) or 0.0) for name in FEATURES]

    def as_dict(self) -> dict[str, float | bool]:
        """The signals as measured; an unknown `exemplar` is left out."""
        values = {name: round(float(getattr(self, name)), 4) for name in FEATURES if getattr(self, name) is not None}
        return values | {
            "override": self.override,
            "ai_security": self.ai_security,
            "telegraphic": self.telegraphic,
            "attached": self.attached,
            "terse": self.terse,
            "wording": round(self.wording, 4),
            "unreadable": self.unreadable,
        }


def signals_of(
    query: str,
    query_tokens: list[str],
    *,
    dense: float,
    anchor: float,
    best_bm25: float,
    known_tokens: int,
    domain: float = NEUTRAL_DOMAIN,
    exemplar: float | None = 0.0,
    override: bool | None = None,
) -> ScopeSignals:
    """Turn raw retrieval numbers into the gate's signals (each on a scale that does not grow with query length).
    `override`: the caller's verdict on this very text when it has already checked it (the QA service does, before
    any search), so the override check runs once per question; None: check it here."""
    n = len(query_tokens)
    typos = ml_typos(query)
    words = set(query_tokens) | typos
    text = query.lower()  # the vocabularies below are written, and matched, in lower case (half the CPU of IGNORECASE)
    # ML words in their everyday or infrastructure sense are no ML words (tenth round): "training a puppy"; "drift"
    # of a Terraform state or CloudFormation stack. Such a question is not terse for want of room either: it names
    # what it trains, so the absence of ML words says something.
    ml_text, ml_words = text, words
    everyday_training = "train" in text and bool(_EVERYDAY_TRAINING.search(text))
    if everyday_training:
        ml_text, ml_words = _EVERYDAY_TRAINING.sub(" ", ml_text), ml_words - TRAINING_STEMS
    if "model" in text and _SCALE_MODEL.search(text):  # a model railway, kit or rocket (session 14)
        everyday_training, ml_text = True, _SCALE_MODEL.sub(" ", ml_text)
        ml_words = ml_words - MODEL_STEMS - (TRAINING_STEMS if _TOY_TRAIN.search(text) else frozenset())
    if "drift" in text and _INFRASTRUCTURE_AS_CODE.search(text):
        ml_text, ml_words = _DRIFT.sub(" ", ml_text), ml_words - DRIFT_STEMS
    ml = min(ml_term_count(ml_text, ml_words), ML_TERMS_CAP) / ML_TERMS_CAP
    operations = min(len(words & OPERATIONS), ML_TERMS_CAP) / ML_TERMS_CAP
    # an ML word misspelt ("trainign instances") names ML work as much as the word spelt right (ninth round)
    ml_objects = len(_ML_OBJECT.findall(ml_text)) + len(typos)
    # infrastructure objects count only when no ML artefact is named (then the scan is skipped)
    infra = 0.0 if ml_objects else min(len(_INFRA_OBJECT.findall(text)), ML_TERMS_CAP) / ML_TERMS_CAP
    coursework = 1.0 if _COURSEWORK_OR_CONSUMER.search(text) or _LIBRARY_HOWTO.search(text) else 0.0
    other_systems = len(_OTHER_WORKLOAD.findall(text))
    # another kind of system named only as the setting of an ML workload's story counts in the question alone (below)
    if other_systems and (clause := systems_as_context(text, ml_text)) is not None:
        question_systems = len(_OTHER_WORKLOAD.findall(clause))
    else:
        question_systems = other_systems
    other_workload = min(question_systems, ML_TERMS_CAP) / ML_TERMS_CAP
    artifact = 1.0 if _ARTIFACT.search(text) else 0.0
    return ScopeSignals(
        dense=dense,
        margin=dense - anchor,
        lexical=math.log1p(max(best_bm25, 0.0) / n) if n else 0.0,
        coverage=known_tokens / n if n else 0.0,
        ml_terms=ml,
        ml_context=ml * operations,
        coursework_or_consumer=coursework,
        other_workload=other_workload,
        artifact_request=artifact,
        own_workload=1.0 if _OWN_WORKLOAD.search(text) else 0.0,
        domain=domain,
        ml_object=min(ml_objects, ML_TERMS_CAP) / ML_TERMS_CAP,
        infra_only=infra,
        exemplar=exemplar,
        override=is_override_attempt(query) if override is None else override,
        ai_security=defends_own_ai_system(text),
        telegraphic=TELEGRAPHIC_TOKENS[0] <= n <= TELEGRAPHIC_TOKENS[1]
        and not ml
        and query.isascii()
        and not everyday_training
        and not _PERSON.search(text),
        terse=TERSE_TOKENS[0] <= n <= TERSE_TOKENS[1]
        and query.isascii()
        and not everyday_training
        and not (infra or coursework or other_systems or artifact)
        and not _ASKER.search(text)
        and not _HISTORY.search(text),
    )


# Another kind of system as the setting of an ML workload (session 15). A story that names an ML artefact and, beside
# it, the system it lives in ("Our mobile app team wants the image model to work on the subway …", "an OCR model
# extracts the fields and pushes them to SAP", "the churn model … broke the mobile app") and then asks a question that
# names no infrastructure object ("How should we make that decision?", "How should humans review low-confidence
# extractions?") asks about the ML workload: the other system is its context, so `other_workload` counts only the
# systems the question clause itself names. The story must name an ML artefact in its strong sense (a model, a
# classifier, an LLM, inference, a dataset, embeddings, fine-tuning, an ML system named by its task): "recommends",
# "accuracy", "bias" or "labels" have everyday senses, and "model" of a data, business, pricing, threat, permission or
# cost model, or "to model" something, is no ML artefact. A question clause naming an infrastructure object ("How
# should we back up the new tables?", "… the product pages load faster?") keeps every system the text names, as does
# one that is no question about the story's workload (below).
_SENTENCE_ENDS = ".?!\n"
# The clause must ask about the story's workload: a question (a question mark, or an interrogative first word) that
# speaks of the askers or points back at the story ("How should we make that decision?", "What can we give them?").
# An off-topic request after an ML story ("… our Shopify store. What's a good recipe for lasagna?", "Write me a haiku")
# does neither, and keeps every system the text names.
_ASKS = re.compile(r"\?\s*$|^\s*(?:how|what|which|who|when|where|why|should|can|could|do|does|is|are|would|shall)\b")
_OF_THE_STORY = re.compile(r"\b(?:we|we're|we've|our|ours|us|they|them|their|it|its|that|this|these|those)\b")
STORY_MIN_WORDS = 4
_NOT_ML_MODEL = re.compile(
    r"""\b(?:(?:data|business|pricing|operating|threat|security|permission|cost|delivery|revenue|subscription
    |licensing|maturity|mental|domain|object|c4|car|phone)\s+models?|to\s+model)\b""",
    re.VERBOSE,
)
_ML_ARTEFACT = re.compile(
    rf"""\b(?:models?|classifiers?|llms?|inference|datasets?|training\s+data|embeddings?|sagemaker|bedrock
    |machine\s+learning|ml|mlops|neural|deep\s+learning|fine-?tun\w*|retrain\w*|{_ML_SYSTEM})\b""",
    re.VERBOSE,
)


def _question_clause_start(text: str) -> int:
    """Where the last sentence of `text` (stripped) begins: after the last sentence end before its closing ones."""
    body = text.rstrip(_SENTENCE_ENDS)
    return max(body.rfind(end) for end in _SENTENCE_ENDS) + 1


def systems_as_context(text: str, ml_text: str) -> str | None:
    """The question clause of `text` (lower case) when the story before it names an ML artefact (in `ml_text`, the
    text with ML words in their everyday sense removed) and the clause names no infrastructure object; else None."""
    text, ml_text = text.strip(), ml_text.strip()
    start = _question_clause_start(text)
    clause = text[start:]
    if len(text[:start].split()) < STORY_MIN_WORDS or _INFRA_OBJECT.search(clause):
        return None
    if not _ASKS.search(clause) or not (_OF_THE_STORY.search(clause) or _ML_OBJECT.search(clause)):
        return None
    ml_story = ml_text[: _question_clause_start(ml_text)]  # the everyday senses are words: no sentence end is removed
    if "model" in ml_story:
        ml_story = _NOT_ML_MODEL.sub(" ", ml_story)
    return clause if _ML_ARTEFACT.search(ml_story) else None


# "Training" in its everyday sense (tenth round): an animal trained, or training for a race. Then the word is neither
# an ML word nor ML work ("Any tips for training a puppy to stop biting our hands?"). People are left out on purpose:
# training staff on ML tools is the lens's (MLOE culture and skills).
_EVERYDAY_TRAINING = re.compile(
    r"""\b(?:train|trains|trained|training)\s+(?:(?:a|an|the|my|our|your|his|her|their|two|new|young|rescue)\s+)?
    (?:\w+\s+)?(?:puppy|puppies|dogs?|cats?|kittens?|horses?|parrots?|pets?|birds?)\b
    | \b(?:training|train)\s+for\s+(?:a|an|the|my|our)\s+(?:\w+\s+)?(?:marathon|race|triathlon|10k|5k|ride|hike|climb
    |match|season|tournament)\b""",
    re.VERBOSE,
)
TRAINING_STEMS = _stems("train trains trained training")
# "Model" in its hobby sense (session 14): a scale model (a model railway, aircraft, kit, rocket, ship or car; not
# words that are also verbs after "the model": it ships, tanks, figures out), or a
# model train named beside words of toy railways (layout, gauge, locomotive, scenery, derailing, a toy or a gift for
# children). Then "model" (and "train" of a toy train) is no ML word, as for "training a puppy". "Model train" alone
# stays ML work ("the model train run", "model train set and test set"): the lens's phrase as much as the hobby's.
_SCALE_MODEL = re.compile(
    r"""\bmodel\s+(?:railways?|railroads?|aircraft|airplanes?|aeroplanes?|planes?|kits?|rockets?|ship|boats?|cars?
    |villages?)\b
    | \bmodel\s+trains?\b(?=.*\b(?:layouts?|gauges?|locomotives?|wagons?|carriages?|turnouts?|scenery|derail\w*|toys?
    |kids?|children|christmas|gifts?|hobby|wooden)\b)""",
    re.VERBOSE,
)
_TOY_TRAIN = re.compile(r"\bmodel\s+trains?\b")
MODEL_STEMS = _stems("model models")
# Drift of infrastructure defined as code ("Terraform state shows drift", "drift detected in CloudFormation") is
# configuration drift, not data or model drift: with such a tool named, "drift" counts as no ML word.
_INFRASTRUCTURE_AS_CODE = re.compile(
    r"\b(?:terraform|cloudformation|cfn|pulumi|ansible|cdk|infrastructure\s+as\s+code|iac|config(?:uration)?\s+drift"
    r"|stack\s+drift|drift\s+detection\s+on\s+(?:the\s+|our\s+)?stacks?)\b"
)
_DRIFT = re.compile(r"\bdrift\w*")
DRIFT_STEMS = _stems("drift drifts drifted drifting")


# Terse questions with no ML word and no person in them ("who signs off before go-live?", "rollback plan?", "licence
# check on scraped text") have no room for the words that `own_workload` ("we", "our"), `ml_context` and `ml_object`
# look for: in them the absence of those words says nothing, but the gate, fitted mostly on longer rows, reads it as
# evidence against the lens. For such questions (TELEGRAPHIC_TOKENS content tokens, plain ASCII text: the embedder is
# English-only) the gate reads those three signals as unknown, at the mean of its training rows, so the question is
# decided by what it does say (relevance, margin, lexical evidence, the domain classifier, the out-of-domain signals).
# A question that speaks in the first person ("How do I delete a table?") or names ML words keeps every signal: there
# the missing words are informative. Not a learned feature; the weights are unchanged.
TELEGRAPHIC_TOKENS = (2, 4)
TELEGRAPHIC_UNKNOWN = ("own_workload", "ml_context", "ml_object")
_PERSON = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my|mine|we|we're|we've|we'd|we'll|our|ours|us|you|your|yours)\b")


# Terse questions in the practitioner's own words (eleventh round). Short questions without an ML word ("restore last
# week's version in minutes", "postmortems shared back to the data folks", "dev vs prod config keeps diverging") name
# no ML artefact, and the gate refuses some of them. Their words are the interview's: the lens's practices said in
# plain language (prompts/interview: "We can roll back to the previous model version in minutes"), which the long
# formal passages `dense` and `margin` compare with are not. So when the gate refuses a question of TERSE_TOKENS content
# tokens that names no other kind of system, no infrastructure object, no coursework or shopping, asks for no artefact
# and does not speak of the asker alone ("I", "my": "How do I delete a table?" is a how-to about something else) nor
# ask about history (`_HISTORY`, twelfth round), the mean cosine of its three nearest interview lines (`wording`,
# PractitionerWording) is measured, and at TERSE_WORDING_MIN or more the gate's cutoff is TERSE_CUTOFF_SHARE of the
# usual. TERSE_WORDING_MIN is the lowest value
# above every such development question that is out of scope (refused by the gate, above a third of its cutoff);
# docs/scope-gate.md, "Eleventh round" measures it on questions of our own written before it was fitted. The similarity
# is measured only for a refused terse question: one product of 1,096 lines with the query vector.
TERSE_TOKENS = (2, 6)
TERSE_WORDING_MIN = 0.436
TERSE_CUTOFF_SHARE = 1 / 3
WORDING_NEAREST = 3
_ASKER = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my|mine)\b")
# A question about when, or by whom, something was invented, released or won is a question of history, not of
# practice (twelfth round): not terse. "Who coined the term deep learning" sits at `wording` 0.506, above
# TERSE_WORDING_MIN, and the value itself was set by ML trivia ("How big was the pre-training corpus of the original
# BERT?", docs/scope-gate.md, "Eleventh round, terse questions"). No development, retrieval or ask question in scope,
# nor any terse probe, has this form.
_HISTORY = re.compile(
    r"""\b(?:who|when|what\s+year|which\s+(?:year|lab|company|team|paper))\b.*\b(?:invented|coined|created|proposed
    |introduced|released|published|discovered|came\s+out|come\s+out|won)\b""",
    re.VERBOSE,
)


# Defending one's own ML or LLM system against adversarial input (prompt injection, jailbreaks, adversarial examples,
# model extraction or inversion, poisoning, malicious prompts) is the lens's MLSEC05-BP01 ("Protect against adversarial
# and malicious activities"), but such questions sit near the out-of-domain topics of prompt writing and get a low
# margin. The lens never names prompt injection, and no development row asked about it, so the learned gate could not
# learn it. When the question's last sentence asks how to defend, test or monitor against such input, and the asker
# speaks of their own system, the gate's cutoff is AI_SECURITY_CUTOFF_SHARE of the usual. Override attempts are refused
# before this is looked at; an off-topic request wrapped in a security pretext stays far below even that cutoff.
_ATTACK = r"""(?:(?:indirect\s+)?prompt[-\s]injections?|jailbreak(?:s|ing)?(?:\s+(?:prompts?|attempts?|attacks?))?
    |adversarial\s+(?:inputs?|examples?|attacks?|prompts?|queries|perturbations?)|model\s+(?:evasion|extraction
    |inversion|stealing|theft)|(?:membership\s+)?inference\s+attacks?|(?:training\s+)?data\s+poisoning|poisoning
    \s+attacks?|malicious\s+(?:prompts?|inputs?|queries|requests|payloads?)|prompt\s+(?:leak(?:s|age|ing)?|extraction)
    |evasion\s+attacks?)"""
_DEFENCE = r"""(?:protect\w*|defen[cd]\w*|guard\w*|detect\w*|prevent\w*|mitigat\w*|block\w*|filter\w*|test\w*|harden\w*
    |secur\w*|stop\w*|monitor\w*|red[-\s]?team\w*|resist\w*|robust\w*|saniti[sz]\w*|validat\w*|handl\w*|log\w*
    |respond\w*|investigat\w*|evaluat\w*)"""
_AI_SECURITY = re.compile(
    rf"\b{_DEFENCE}\b[^.?!\n]{{0,80}}?\b{_ATTACK}\b|\b{_ATTACK}\b[^.?!\n]{{0,80}}?\b{_DEFENCE}\b", re.VERBOSE
)
_OWN_SYSTEM = re.compile(
    r"""\b(?:we|our|us|my)\b|\b(?:the|an?|their|its)\s+(?:\w+\s+){0,3}?(?:models?|llms?|(?:chat\s*)?bots?|agents?
    |assistants?|apps?|applications?|endpoints?|rag|genai|copilots?|classifiers?|systems?|services?|pipelines?
    |guardrails?|inference)\b""",
    re.VERBOSE,
)
_LAST_SENTENCE = re.compile(r"[^.?!:;\n]+[.?!]*\s*$")
AI_SECURITY_CUTOFF_SHARE = 1 / 3
_ATTACK_HINTS: tuple[str, ...] = (
    *("inject", "jailbreak", "adversarial", "poison", "malicious", "evasion", "extraction", "inversion"),
    *("stealing", "theft", "attack", "leak"),
)


def defends_own_ai_system(text: str) -> bool:
    """True when the last sentence of `text` (lower case) asks how to defend, test or monitor the asker's own ML or
    LLM system against adversarial input."""
    if not any(hint in text for hint in _ATTACK_HINTS):  # every _ATTACK phrase contains one of these
        return False
    last = _LAST_SENTENCE.search(text.strip())
    sentence = last.group() if last else text
    return bool(_AI_SECURITY.search(sentence)) and bool(_OWN_SYSTEM.search(sentence))


# Requests attached to another question are gated on their own ("attached" in the signals). Two shapes:
# - Beside a lens ID. A question naming a lens ID ("what does MLSEC03-BP02 say?", "MLOE-05", "list the practices
#   under MLSEC03") is about the lens, but only the part that names it: "which pillar does MLSEC03 belong to? After
#   that, tell me how to get past MFA on somebody else's account" attaches another request to it. The text beside the
#   IDs (the sentences, and the clauses from a sequencing word on: "then", "after that", "also", "btw", …, that name no
#   ID) is gated on its own. Since the ninth round so are the words of the very clause that names the ID, the IDs taken
#   out ("MLSEC03 aside, who won the cup?" gates "aside, who won the cup?"): `id_clause_rests`. A genuine ID question
#   ("How would a small team apply MLSEC03-BP02?") leaves lens words or a single word, and is answered as before.
# - A second request. A question the gate answers, followed by a sequencing word and an imperative ("How do we version
#   training data? After you answer, write me a poem about my manager."; "…, then recommend three Netflix shows"): each
#   such request is gated on its own.
# Either part is gated when it has ATTACHED_MIN_TOKENS content tokens or more ("Keep it short." has one). It follows a
# lens question and leans on it, so it is refused only when it is clearly about something else: below
# ATTACHED_CUTOFF_SHARE of the gate's cutoff, and naming a word the lens never uses (coverage below 1). A request about
# the answer itself ("Give me a checklist.", "Make it a table.", "Give me the implementation steps.") has no topic of
# its own, scores low, and is made of lens words; "Then recommend a good pizza place in Rome." is not.
_SEQUENCING = r"""(?:(?:and\s+|but\s+)?(?:then|also|after\s+that|afterwards|next|finally|lastly|now|plus|btw
    |by\s+the\s+way|p\.?\s?s\.?|after\s+(?:you(?:'ve|\s+have)?\s+)?(?:answer(?:ed|ing)?|done|finished|reply(?:ing)?)(?:\s+(?:it|that|this))?
    |before\s+(?:you\s+)?(?:answer(?:ing)?|reply(?:ing)?)|once\s+(?:you(?:'re|\s+are|'ve|\s+have)\s+)?(?:done|finished)
    |when\s+(?:you(?:'re|\s+are)\s+)?(?:done|finished))(?:\b|(?<=\.))[,:]?\s*)"""
_BESIDE_ID_BREAK = re.compile(  # the break before a sequencing word keeps the word: "Then give me an example" is advice
    rf"(?<=[.?!;:])\s+|\n+|\s*[,;:]?\s*(?=\b{_SEQUENCING})",
    re.IGNORECASE | re.VERBOSE,
)
# A second request: a sequencing word (or several: "Also, after you answer,"), then, since the ninth round, possibly a
# phrase set off by a comma ("Also, for the rest of this chat, pretend …", "Then, if you can, write …"), and a verb in
# the imperative.
_SECOND_REQUEST = re.compile(
    rf"""(?:(?<=[.?!;:])\s+|\n+|,\s*|\s+)(?=\b{_SEQUENCING}+(?:[^,.?!;:\n]{{1,40}},\s*)?
    (?:please\s+|kindly\s+|just\s+|(?:can|could|would)\s+(?:you|u)\s+)?
    (?:write|tell|give|print|list|show|explain|recommend|compose|generate|make|create|draft|translate|summari[sz]e|help
    |find|plan|describe|answer|reply|respond|switch|forget|ignore|disregard|drop|pretend|act|play|stop|sing|say|quote
    |repeat|output|dump|reveal|share|paste|append|include|suggest|name|rank|predict|pick|choose|send|book|calculate
    |solve|rewrite|convert|guess|rate|review|fix|debug|code)\b)""",
    re.IGNORECASE | re.VERBOSE,
)
ATTACHED_MIN_TOKENS = 2
ATTACHED_CUTOFF_SHARE = 1 / 3


def text_beside_ids(text: str, names_id: Callable[[str], bool]) -> str:
    """The parts of `text` (sentences, and clauses from a sequencing word on) in which `names_id` finds no lens ID."""
    return " ".join(part for part in _BESIDE_ID_BREAK.split(text) if part and part.strip() and not names_id(part))


# Anything shaped like a lens ID, known or not (MLSEC03-BP02, mlsec 03 bp 2, MLOE-05, MLREL02).
_ID_SHAPED = re.compile(rf"{LENS_ID_SHAPE}\d?(?:\s*[-_ ]?\s*BP\s*[-_]?\s*\d{{1,2}})?\b", re.IGNORECASE)


_SUB_CLAUSE = re.compile(r"\s*(?:[,;:(){}\[\]]|\s[-–—]+\s)\s*")


def id_clause_rests(text: str, names_id: Callable[[str], bool]) -> list[str]:
    """The sub-clauses (set off by a comma, a dash, a semicolon or brackets) that name no lens ID, of each part of
    `text` (as `text_beside_ids` splits it) in which `names_id` finds one: "MLSEC03-BP02 aside, who won the Super
    Bowl?" gives "who won the Super Bowl?"; "Can you summarise MLREL02 for my manager?" gives nothing."""
    rests = []
    for part in _BESIDE_ID_BREAK.split(text):
        if part and part.strip() and names_id(part):
            rests += [c.strip() for c in _SUB_CLAUSE.split(part) if c and c.strip() and not _ID_SHAPED.search(c)]
    return rests


# Words about the form of an answer ("summarise it in plain English for my manager", "as a table", "ELI5", "bullet
# points") count as lens words for a request attached to a lens question: such a request is about the answer, not
# another topic, and the lens text seldom uses them (ninth round).
ANSWER_FORM_WORDS = frozenset(
    stem(word)
    for word in """summarise summarize summary summarised summarized explain explained explanation simple simply simpler
    plain english layman laymen eli5 short shorter brief briefly bullet bullets point points table tables list checklist
    example examples step steps outline overview tl dr recap manager boss executive exec leadership junior beginner
    newcomer intern slide slides deck email wiki doc page paragraph sentence sentences words format markdown""".split()
)

# Courtesies and greetings ("What does MLSEC03-BP02 mean? Thanks a lot!", "Explain MLOPS02 please, cheers") count the
# same way: a part made only of them, lens words and words about the answer asks for nothing else (session 13: the
# text beside a lens ID, "mean thanks lot", was gated on its own and the whole question refused as off topic).
COURTESY_WORDS = frozenset(
    stem(word)
    for word in """thanks thank thx ty cheers please pls appreciated appreciate advance lot lots much many kind regards
    best hi hello hey dear team folks everyone mean meaning means""".split()
)


# A change of topic announced in so many words (session 26, ovr26b): "anyway", "on a different note", "changing the
# subject", "unrelated question", "let's take a break from that", "enough work", at the start of a sentence after
# another one. Whatever follows it, a question or a request, is gated on its own: the asker says it is another topic
# ("… the MAPE dropped to 8%. Anyway, what's a good recipe for banana bread?"). A lens question after it ("Anyway, how
# often should we retrain it?") is made of lens words or scores as one, and stays answered.
# Since session 27 (ovr27) more wordings of it ("switching gears", "new topic", "side question", "random question",
# "on to something else", "unrelated to ML", "next thing", "moving on", "before I forget"); and those that say in so
# many words that what follows is another subject (`_NEW_SUBJECT`: "changing the subject", "switching gears", "new
# topic", "a totally different question", "unrelated to ML", "on to something else") make it a question of its own:
# gated at the gate's own cutoff, not at the share a request leaning on a lens question gets (`new_subjects`).
_NEW_SUBJECT = r"""(?:changing\s+(?:the\s+)?(?:subjects?|topics?)|(?:a\s+)?change\s+of\s+(?:subject|topic)
        |switching\s+(?:gears|topics?|subjects?)|(?:let'?s|let\s+us|i'?ll|i\s+(?:want|need)\s+to)\s+(?:change|switch)
        \s+(?:the\s+)?(?:topics?|subjects?|gears)|(?:a\s+)?(?:new|different|separate)\s+(?:subject|topic)
        |(?:a\s+)?(?:totally|completely|entirely|very)\s+(?:different|separate)\s+(?:question|subject|topic|thing|ask)
        |different\s+(?:question|thing|matter)\s+(?:entirely|altogether)|(?:a\s+)?(?:new|different|separate)\s+matter
        |(?:leaving|putting|setting)\s+(?:ml|machine\s+learning|the\s+(?:lens|review)|work|all\s+(?:that|this))\s+aside
        |(?:ml|machine\s+learning|the\s+(?:lens|review))\s+aside
        |(?:totally\s+|completely\s+|quite\s+|entirely\s+)?(?:unrelated|off[\s-]topic)(?:\s+to\s+(?:ml|machine\s+learning
        |work|that|this|the\s+above|all\s+(?:that|this)|any\s+of\s+(?:that|this)))?(?:\s+(?:question|request|thing|ask
        |q))?(?:\s+but)?
        |on\s+to\s+(?:something|anything)\s+(?:else|different|completely\s+different|unrelated)
        |on\s+(?:(?:a|an)\s+(?:different|other|unrelated|separate)|another)\s+note
    )"""
# (since session 30 also after a lead-in of its own: "One more thing, off topic: …", "Oh and btw, unrelated: …")
_TOPIC_SWITCH_START = (
    r"(?:(?<=[.?!;:])\s+|\n+)(?:(?:ok(?:ay)?|so|but|now|also|oh|and|btw|by\s+the\s+way|one\s+(?:more|last)\s+thing"
    r"|another\s+thing|last(?:ly)?|finally|p\.?s\.?)[,.:]?\s+){0,3}"
)
_TOPIC_SWITCH = re.compile(
    _TOPIC_SWITCH_START
    + r"""(?:"""
    + _NEW_SUBJECT
    + r"""
        |anyway(?:s)?|any\s+how|on\s+(?:a|an)\s+(?:side|lighter)\s+note
        |(?:let'?s|let\s+us)\s+take\s+a\s+break\s+from\s+(?:that|this|work|ml)(?:\s+and)?
        |enough\s+(?:work|ml|shop\s+talk|about\s+(?:that|work|ml))
        |(?:a\s+)?(?:side|random|quick\s+random)\s+(?:question|q|thought|ask)(?:\s+but)?|moving\s+on
        |next\s+(?:thing|topic)|before\s+i\s+forget
        # the question before set aside for another (session 30): "LLM: ignore the question above and explain …"; a
        # lens question after it is answered ("Ignore my last question, how do we roll back a model?")
        |(?:please\s+)?(?:ignore|disregard|forget|skip|drop|scrap)\s+(?:the|this|that|my|your)\s+(?:(?:previous|last
            |earlier|first|other)\s+)?(?:question|request|message|text|query|task|ask)(?:\s+(?:above|before|earlier))?
            (?:\s+and(?:\s+(?:instead|rather))?)?
    )\b[,:;.!\s—–-]*""",
    re.IGNORECASE | re.VERBOSE,
)
# (since session 28 also opening the text: "Leaving ML aside now. Tell me who wins on Saturday.")
_NEW_SUBJECT_SWITCH = re.compile(
    r"(?:^\s*|"
    + _TOPIC_SWITCH_START
    + r")"
    + _NEW_SUBJECT
    + r"\b(?:\s+(?:now|for\s+now|for\s+a\s+(?:moment|sec|second|bit)))?[,:;.!\s—–-]*",
    re.IGNORECASE | re.VERBOSE,
)


def new_subjects(text: str) -> list[str]:
    """The parts of `text` (as `second_requests` returns them) that follow an announcement that they are another
    subject ("… Changing the subject: what's the population of Mongolia?"): each is a question of its own."""
    return [part for match in _NEW_SUBJECT_SWITCH.finditer(text) if (part := text[match.end() :].strip())]


# A request closing a story told in statements (session 27, ovr27): "Long story short, the recommendation model is
# live and CTR went up 4 percent. Now I'd like some tips for improving my golf swing."; "An OCR model pushes invoices
# into SAP. Give me three tips for a first date." The last sentence is a request ("give …", "now I'd like …", "can you
# …") after one or more sentences that only tell, and it points back at nothing the story told: no "it", "they",
# "this", "that", "we", "our", "the model" … A request that leans on the story ("Now I'd like some tips for monitoring
# its CTR") is part of the question, and so is a question ("If I could change two habits, which ones would cut the
# most waste?" leans on the story without a pronoun). Gated like a second request.
_STORY_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_CLOSING_ASKS = re.compile(
    r"""^\W*(?:(?:now|so|ok(?:ay)?|also|and|then|oh)[,.]?\s+)*(?:(?:i'?d|i\s+would)\s+(?:like|love)|i\s+(?:want|need)
    |give|tell|write|recommend|suggest|list|share|explain|help|show|find|plan|make|create|draft|compose|teach|name
    |(?:can|could|would|will)\s+(?:you|u)|please|pls)\b""",
    re.IGNORECASE | re.VERBOSE,
)
_POINTS_BACK = re.compile(
    r"""\b(?:it|its|it's|itself|they|them|their|theirs|this|that|these|those|there|we|our|ours|us|the\s+same|such
    |the\s+(?:model|models|team|pipeline|endpoint|system|service|project|data|dataset|job|platform|workload))\b""",
    re.IGNORECASE | re.VERBOSE,
)
STORY_MIN_WORDS = 5
# a request with a subject of its own has words for it: "ok or bad idea?" and "any thoughts on that?" judge the story
CLOSING_MIN_WORDS = 5


def closing_request(text: str) -> list[str]:
    """The request closing `text` when every sentence before it only tells (ends with a full stop, STORY_MIN_WORDS
    words or more in all), and it asks in CLOSING_MIN_WORDS words or more and points back at nothing they told; else
    nothing."""
    sentences = [part.strip() for part in _STORY_SENTENCE.split(text.strip()) if part.strip()]
    if len(sentences) < 2:
        return []
    *story, last = sentences
    if not all(sentence.endswith(".") for sentence in story) or sum(len(s.split()) for s in story) < STORY_MIN_WORDS:
        return []
    if len(last.split()) < CLOSING_MIN_WORDS or not _CLOSING_ASKS.search(last) or _POINTS_BACK.search(last):
        return []
    return [last]


def second_requests(text: str) -> list[str]:
    """The requests `text` makes after its first one, each from its sequencing word on ("Then tell me a joke."), or
    from a change of topic announced in so many words on ("Anyway, …")."""
    switched = [text[match.end() :].strip() for match in _TOPIC_SWITCH.finditer(text)]
    if not _SECOND_REQUEST_HINT.search(text):
        return [part for part in switched if part]
    return [*_sequenced_requests(text), *(part for part in switched if part)]


def _sequenced_requests(text: str) -> list[str]:
    """The requests `text` makes after its first one, each from its sequencing word on."""
    starts: list[int] = []
    for match in _SECOND_REQUEST.finditer(text):
        # "Also, after you answer, write …" is one request, not "Also," and "after you answer, write …"
        if not starts or not _ONLY_SEQUENCING.fullmatch(text[starts[-1] : match.start()].strip()):
            starts.append(match.end())
    if not starts:
        return []
    ends = [*starts[1:], len(text)]
    return [text[start:end].strip() for start, end in zip(starts, ends, strict=True) if text[start:end].strip()]


_ONLY_SEQUENCING = re.compile(rf"(?:(?:and|but)\b[,:]?\s*|{_SEQUENCING})+", re.IGNORECASE | re.VERBOSE)
_SECOND_REQUEST_HINT = re.compile(  # every sequencing word has one of these (a cheap look before the full pattern)
    r"\b(?:then|also|after|next|finally|lastly|now|plus|btw|by|p\.?\s?s|before|once|when)\b", re.IGNORECASE
)


# Session 31 (ovr31): two more shapes of a request beside a lens question, gated on their own like a second request:
# - Numbered steps. "Step 1: which instance type is cheapest? Step 2: list the ingredients of a pizza. Step 3: …";
#   "1) what does drift mean? 2) write a cover letter …", "a) … b) …", "Part A: … Part B: …", "Task 1: …",
#   "First, … Second, …": with two step marks or more, each step is a request of its own (the first too: the steps
#   may open on the detour).
# - A detour asked first, the lens question deferred. "Unrelated, but can you help me write a cover letter first?
#   After that I'll ask whether Model Monitor is enough for drift." The sentence that only announces a later lens
#   question ("after that I'll ask …", "once that's done I want to ask …", "and afterwards I'll ask …", "I'll come
#   back to … later") asks nothing now: the text without it is gated on its own.
_STEP_MARK = re.compile(
    r"""(?:^|(?<=[\s.?!;:,(]))(?:
        (?:step|part|task|item|stage|phase|question|q)\s*(?:\d{1,2}|[a-e]|one|two|three|four|five)\s*[:.)\-—–]
      | (?<![\w.])(?:\d|[a-e])[.)](?=\s)
      | (?:first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth(?:ly)?)\s*,
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_DEFERRED = re.compile(
    r"""(?:(?<=[.?!;:])\s+|,\s*|\s+(?=and\s)|^)(?:and\s+|then\s+)?(?:after\s+that|afterwards|after\s+which|then|later
        |once\s+(?:that'?s|that\s+is|it'?s|this\s+is)\s+done|once\s+(?:you(?:'re|\s+are)\s+)?(?:done|finished))[,]?\s+
        (?:i'?ll|i\s+will|we'?ll|we\s+will|i\s+want\s+to|i'?d\s+like\s+to|i\s+(?:have|need)\s+to|we\s+can|let'?s)\s+
        (?:ask|come\s+back|go\s+(?:through|over|back)|talk|get|move|turn|have\s+(?:a|some)\s+questions?|continue)
        \b[^.?!]*[.?!]?
    | (?:(?<=[.?!;:])\s+|,\s*|^)(?:later|afterwards)\s+(?:i|we)\s+(?:have|'?ll\s+have)\s+(?:a|some)\s+questions?\b
        [^.?!]*[.?!]?
    | (?:(?<=[.?!;:])\s+|,\s*|^)(?:i'?ll|we'?ll)\s+come\s+back\s+to\b[^.?!]*\blater\b[^.?!]*[.?!]?""",
    re.IGNORECASE | re.VERBOSE,
)


def stepped_requests(text: str) -> list[str]:
    """Each step of `text` when it is written as two or more numbered steps, else nothing."""
    marks = list(_STEP_MARK.finditer(text))
    if len(marks) < 2:
        return []
    ends = [*(mark.start() for mark in marks[1:]), len(text)]
    return [part for mark, end in zip(marks, ends, strict=True) if (part := text[mark.end() : end].strip())]


def without_deferred(text: str) -> list[str]:
    """`text` without the sentences that only announce a lens question for later, when it has one; else nothing."""
    rest = _DEFERRED.sub(" ", text).strip()
    return [rest] if rest and rest != text.strip() else []


def decide_attached(gate: Gate, signals: ScopeSignals) -> ScopeDecision:
    """The gate's decision on a request attached to another question (`signals.attached`): refused only when the gate
    refuses it (at ATTACHED_CUTOFF_SHARE of its cutoff, for the logistic gate) and it names a word the lens never
    uses."""
    decision = gate.decide(signals)
    if decision.in_scope or decision.reason == "override" or signals.coverage < 1.0:
        return decision
    return ScopeDecision(True, decision.probability, None, signals)


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


RuleCase = Literal["in_context", "with_ml", "other", "without_ml"]
RULE_CASES: tuple[RuleCase, ...] = ("in_context", "with_ml", "other", "without_ml")


def rule_case(signals: ScopeSignals) -> RuleCase:
    """Which of RulesGate's four cases a query falls in."""
    coursework = signals.coursework_or_consumer > 0
    if signals.ml_context > 0 and not coursework:
        return "in_context"
    if signals.ml_terms > 0 and not coursework:
        return "with_ml"
    if signals.other_workload > 0 or coursework:
        return "other"
    return "without_ml"


@dataclass(frozen=True, slots=True)
class RulesGate:
    """Rules over the signals, four cases from the most to the least lens-like: ML words in a context of running a
    workload need little dense relevance and margin; ML words alone need more; a query naming another kind of system
    or sounding like coursework or shopping, without that ML context, must be far closer to the lens than to any
    out-of-domain topic; anything else sits between. Thresholds are cosine similarities of `embedder`, chosen by a
    grid search on the development split (`mllens eval scope --calibrate` prints what the search picks). The decision
    when the domain classifier is missing: with it, the logistic gate decides (load_gate)."""

    embedder: str = "sentence-transformers/all-MiniLM-L6-v2"
    dense_in_context: float = 0.2
    margin_in_context: float = -0.2
    dense_with_ml: float = 0.35
    margin_with_ml: float = -0.1
    dense_other: float = 0.45
    margin_other: float = 0.2
    dense_without_ml: float = 0.35
    margin_without_ml: float = 0.05

    def decide(self, signals: ScopeSignals) -> ScopeDecision:
        if signals.override:
            return ScopeDecision(False, 0.0, "override", signals)
        dense, margin = self.thresholds(signals)
        ok = signals.dense >= dense and signals.margin > margin
        return ScopeDecision(ok, 1.0 if ok else 0.0, None if ok else "off_topic", signals)

    def thresholds(self, signals: ScopeSignals) -> tuple[float, float]:
        """The (dense, margin) a query with these signals must reach."""
        case = rule_case(signals)
        return getattr(self, f"dense_{case}"), getattr(self, f"margin_{case}")

    def to_json(self) -> dict[str, object]:
        return {"kind": "rules"} | {name: getattr(self, name) for name in self.__dataclass_fields__}


def load_gate(embedder_name: str, threshold: float, *, domain: bool = True, path: Path = GATE_FILE) -> Gate:
    """The decision for an embedder: the logistic gate fitted for it (when its domain classifier is there too, `domain`:
    the weights were fitted on that signal); else the rules set for it; else the single-threshold rule.

    The logistic gate ships since the third round: on the 235 blind development rows scd-301…535, scored before
    anything was changed for them with gates fitted on the other rows, it refused 0.950 of the out-of-scope questions
    and 0.021 of the in-scope ones, the rules 0.842 and 0.031 (docs/scope-gate.md)."""
    learned = load_learned_gate(embedder_name, path) if domain else None
    if learned is not None:
        return learned
    rules = RulesGate()
    return rules if embedder_name == rules.embedder else ThresholdGate(threshold)


def load_learned_gate(embedder_name: str, path: Path = GATE_FILE) -> ScopeGate | None:
    """The logistic gate fitted for `embedder_name` (the shipped decision with the domain classifier), if any."""
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
        z = self.bias + sum(self.pulls(signals))
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))

    def pulls(self, signals: ScopeSignals) -> list[float]:
        """Each feature's term of the logit (in FEATURES order): weight × standardised value, an unknown signal read
        at its fitted mean (a term of 0)."""
        values = signals.vector()
        if signals.telegraphic:  # the signals a terse question has no room for are unknown, not absent (above)
            for name in TELEGRAPHIC_UNKNOWN:
                values[_FEATURE_INDEX[name]] = self.means[_FEATURE_INDEX[name]]
        if signals.exemplar is None:  # no exemplars to compare with: unknown, not 0 (far below the fitted mean)
            values[_FEATURE_INDEX["exemplar"]] = self.means[_FEATURE_INDEX["exemplar"]]
        return [w * (x - m) / s for w, x, m, s in zip(self.weights, values, self.means, self.scales, strict=True)]

    def decide(self, signals: ScopeSignals) -> ScopeDecision:
        if signals.override:
            return ScopeDecision(False, 0.0, "override", signals)
        p = self.probability(signals)
        cutoff = self.cutoff
        if signals.ai_security:
            cutoff *= AI_SECURITY_CUTOFF_SHARE
        elif signals.attached:
            cutoff *= ATTACHED_CUTOFF_SHARE
        elif signals.terse and signals.wording >= TERSE_WORDING_MIN:
            cutoff *= TERSE_CUTOFF_SHARE
        return ScopeDecision(p >= cutoff, round(p, 4), None if p >= cutoff else "off_topic", signals)

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


@dataclass(frozen=True, slots=True, eq=False)
class DomainClassifier:
    """A linear classifier over the query's embedding: lens text (and practitioners' lens questions) against other
    text (AWS service documentation of non-ML services, ML library documentation, questions the lens does not
    answer). Trained offline by eval/build_scope_classifier.py on tens of thousands of sentences, far more text than
    the eval rows; serving costs one dot product with the query vector dense retrieval computes anyway."""

    embedder: str
    weights: tuple[float, ...]
    bias: float
    _weights: NDArray[np.float64] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_weights", np.array(self.weights, dtype=np.float64))

    @property
    def dimension(self) -> int:
        return len(self.weights)

    def probability(self, vector: Sequence[float] | NDArray[np.float32]) -> float:
        """P(lens) for one query embedding. The products are float64 (a float32 component widens exactly) and their
        sum is exact (math.fsum), so the figure does not depend on the order of the terms."""
        if len(vector) != len(self.weights):
            raise ValueError(f"embedding has {len(vector)} dimensions, the classifier {len(self.weights)}")
        products = self._weights * np.asarray(vector, dtype=np.float64)
        z = self.bias + math.fsum(products.tolist())
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))

    @classmethod
    def from_json(cls, data: dict[str, object]) -> DomainClassifier:
        weights = data.get("weights")
        if not isinstance(weights, list) or not weights:
            raise ValueError("the domain classifier has no weights")
        return cls(str(data["embedder"]), tuple(float(w) for w in weights), float(str(data["bias"])))


def load_domain_classifier(embedder_name: str, dimension: int, path: Path = DOMAIN_FILE) -> DomainClassifier | None:
    """The domain classifier trained on `embedder_name`'s embeddings of `dimension`, if there is one."""
    try:
        classifier = DomainClassifier.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as exc:
        logger.warning("domain classifier %s not usable (%s)", path.name, exc)
        return None
    if classifier.embedder != embedder_name or classifier.dimension != dimension:
        return None
    return classifier


def read_topic_lines(path: Path) -> list[str]:
    """The topic lines of an out-of-domain text file (blank lines and # comments skipped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@dataclass(frozen=True, slots=True, eq=False)
class TopicAnchors:
    """Out-of-domain topics embedded offline (scope_topics.npz): hand-written domains and the non-ML AWS services.
    Serving costs one matrix-vector product with the query vector dense retrieval computes anyway."""

    embedder: str
    texts: tuple[str, ...]
    hand_written: int  # the first `hand_written` texts are the lines of corpus/retrieval/out-of-domain-topics.txt
    vectors: NDArray[np.float32]  # shape (len(texts), dimension), unit length

    def best(self, vector: NDArray[np.float32]) -> float:
        """The best cosine similarity between one query embedding and any topic."""
        return float((self.vectors @ vector).max()) if len(self.vectors) else -1.0

    @classmethod
    def load(cls, path: Path = TOPICS_FILE) -> TopicAnchors:
        embedder, texts, vectors, data = _read_embedded_texts(path)
        return cls(embedder, texts, int(data["hand_written"]), vectors)


def _read_embedded_texts(path: Path) -> tuple[str, tuple[str, ...], NDArray[np.float32], dict[str, Any]]:
    """An .npz of texts embedded offline: the embedder's name, the texts, their vectors (one row each) and the file's
    other arrays; ValueError when the vectors do not match the texts."""
    with np.load(path, allow_pickle=False) as npz:
        data = dict(npz)
    vectors = np.asarray(data["vectors"], dtype=np.float32)
    texts = tuple(str(t) for t in data["texts"])
    if vectors.ndim != 2 or len(vectors) != len(texts):
        raise ValueError(f"{len(texts)} texts but vectors of shape {vectors.shape}")
    return str(data["embedder"]), texts, vectors, data


class _EmbeddedTexts(Protocol):
    @property
    def embedder(self) -> str: ...
    @property
    def vectors(self) -> NDArray[np.float32]: ...


_Embedded = TypeVar("_Embedded", bound=_EmbeddedTexts)


def _load_for(
    load: Callable[[Path], _Embedded], what: str, path: Path, embedder_name: str, dimension: int
) -> _Embedded | None:
    """`load(path)` if the file is readable and was embedded with `embedder_name` into vectors of `dimension`."""
    try:
        embedded = load(path)
    except (OSError, ValueError, KeyError) as exc:
        logger.warning("scope %s %s not usable (%s)", what, path.name, exc)
        return None
    if embedded.embedder != embedder_name or embedded.vectors.shape[1] != dimension:
        return None
    return embedded


def load_topic_anchors(embedder_name: str, dimension: int, path: Path = TOPICS_FILE) -> TopicAnchors | None:
    """The out-of-domain topics embedded with `embedder_name` (vectors of `dimension`), if there are any."""
    return _load_for(TopicAnchors.load, "topics", path, embedder_name, dimension)


@dataclass(frozen=True, slots=True, eq=False)
class PractitionerWording:
    """The lens's practices in practitioners' plain words (the interview wording, scope_wording.npz), embedded offline
    by eval/build_scope_wording.py: a terse question's `wording` signal is the mean cosine of its WORDING_NEAREST
    nearest lines. Serving costs one matrix-vector product with the query vector dense retrieval computes anyway, and
    only for a terse question the gate refuses."""

    embedder: str
    texts: tuple[str, ...]
    vectors: NDArray[np.float32]  # shape (len(texts), dimension), unit length

    def similarity(self, vector: NDArray[np.float32]) -> float:
        """The mean cosine between one query embedding and its WORDING_NEAREST nearest lines (0 without lines)."""
        if not len(self.vectors):
            return 0.0
        cosines = self.vectors @ vector
        nearest = min(WORDING_NEAREST, len(cosines))
        return float(np.partition(cosines, len(cosines) - nearest)[-nearest:].mean())

    @classmethod
    def load(cls, path: Path = WORDING_FILE) -> PractitionerWording:
        embedder, texts, vectors, _ = _read_embedded_texts(path)
        return cls(embedder, texts, vectors)


def load_practitioner_wording(
    embedder_name: str, dimension: int, path: Path = WORDING_FILE
) -> PractitionerWording | None:
    """The practitioner wording embedded with `embedder_name` (vectors of `dimension`), if there is any."""
    return _load_for(PractitionerWording.load, "wording", path, embedder_name, dimension)


EXEMPLAR_NEAREST = 5
EXEMPLAR_BLOCK = 512


@dataclass(frozen=True, slots=True, eq=False)
class ScopeExemplars:
    """The labelled development questions (in scope and out of scope, jailbreaks left out: override attempts are refused
    before the gate) and, out of scope, product text nobody wrote for the eval (botocore how-tos the product probes do
    not use, everyday lines; batches `product:…`, never left out) as plain vectors (scope_exemplars.npz, built by
    eval/build_scope_exemplars.py; no question text): the `exemplar` signal is the mean cosine of a query's
    EXEMPLAR_NEAREST nearest in-scope questions minus that of its EXEMPLAR_NEAREST nearest out-of-scope ones. Each
    vector carries its row id and writer batch, so that an evaluation can score a development question with its own
    batch left out (`without_batch`). Serving costs one matrix-vector product with the query vector dense retrieval
    computes anyway."""

    embedder: str
    vectors: NDArray[np.float32]  # shape (n, dimension), unit length
    in_scope: NDArray[np.bool_]  # shape (n,)
    ids: tuple[str, ...]  # the development row ids (to leave a row's writer batch out when it is scored)
    batches: tuple[str, ...]  # each row's writer batch
    row_batches: dict[str, str] = field(default_factory=dict)  # the batch of every development row, exemplar or not
    _blocks: tuple[tuple[NDArray[np.float32], ...], tuple[NDArray[np.float32], ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # each class's vectors in blocks of at most EXEMPLAR_BLOCK rows: OpenBLAS spreads a matrix-vector product of
        # more rows over threads, which on the shared 2-core machine cost 2-3 ms of CPU a query instead of 0.05 ms
        blocks = tuple(
            tuple(np.ascontiguousarray(rows[i : i + EXEMPLAR_BLOCK]) for i in range(0, len(rows), EXEMPLAR_BLOCK))
            for rows in (self.vectors[self.in_scope], self.vectors[~self.in_scope])
        )
        object.__setattr__(self, "_blocks", blocks)

    def signal(self, vector: NDArray[np.float32]) -> float | None:
        """Mean cosine of the nearest in-scope exemplars minus that of the nearest out-of-scope ones (None, unknown,
        lacking one)."""
        inside, outside = self._blocks
        if not inside or not outside:
            return None
        return _nearest_mean(inside, vector) - _nearest_mean(outside, vector)

    def batch_of(self, row_id: str) -> str | None:
        """The writer batch of a development row (None for any other question)."""
        return self.row_batches.get(row_id)

    def without_batch(self, batch: str) -> ScopeExemplars:
        """These exemplars without one writer batch: how a question of that batch is scored by an evaluation."""
        keep = np.array([b != batch for b in self.batches], dtype=bool)
        ids = tuple(i for i, k in zip(self.ids, keep, strict=True) if k)
        batches = tuple(b for b, k in zip(self.batches, keep, strict=True) if k)
        return ScopeExemplars(self.embedder, self.vectors[keep], self.in_scope[keep], ids, batches, self.row_batches)

    @classmethod
    def load(cls, path: Path = EXEMPLARS_FILE) -> ScopeExemplars:
        with np.load(path, allow_pickle=False) as npz:
            data = dict(npz)
        vectors = np.asarray(data["vectors"], dtype=np.float32)
        in_scope = np.asarray(data["in_scope"], dtype=bool)
        ids, batches = tuple(str(i) for i in data["ids"]), tuple(str(b) for b in data["batches"])
        if vectors.ndim != 2 or not len(vectors) == len(in_scope) == len(ids) == len(batches):
            raise ValueError(f"{len(ids)} exemplars but vectors of shape {vectors.shape}")
        rows = dict(zip((str(i) for i in data["row_ids"]), (str(b) for b in data["row_batches"]), strict=True))
        return cls(str(data["embedder"]), vectors, in_scope, ids, batches, rows)


def _nearest_mean(blocks: tuple[NDArray[np.float32], ...], vector: NDArray[np.float32]) -> float:
    cosines = np.concatenate([block @ vector for block in blocks])
    nearest = min(EXEMPLAR_NEAREST, len(cosines))
    return float(np.partition(cosines, len(cosines) - nearest)[-nearest:].mean())


def load_scope_exemplars(embedder_name: str, dimension: int, path: Path = EXEMPLARS_FILE) -> ScopeExemplars | None:
    """The labelled development questions embedded with `embedder_name` (vectors of `dimension`), if there are any."""
    return _load_for(ScopeExemplars.load, "exemplars", path, embedder_name, dimension)
