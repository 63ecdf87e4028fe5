"""Build the scope gate's domain classifier (app/retrieval/scope_domain.json): a logistic regression over the query's
MiniLM embedding, lens text against other text, trained on corpora far larger than the eval rows.

    .venv/bin/python eval/build_scope_classifier.py            # extract, embed, train, write the JSON
    .venv/bin/python eval/build_scope_classifier.py --validate # also: source-held-out and cross-validated figures

In-domain (label 1): every quotable lens sentence (index/sentences.json), the practices' and overview sections'
titles, and the interview wording in plain language (prompts/interview/*.yaml: titles, openings, follow-ups, practice
labels, signals, gaps). Out-of-domain (label 0): botocore's service documentation (service-2.json "documentation"
strings of operations, shapes and members, HTML stripped, split into sentences) of the AWS services that are not ML or
AI services (ML_SERVICE says which are left out; sentences naming machine learning are dropped too), and the first
paragraphs of the public docstrings of scikit-learn, PyTorch and NumPy (ML theory and library text: what ML-adjacent
questions the lens does not answer sound like). Both classes also get term questions: the same five short forms
("what does {term} mean?", ...) filled with each class's own frequent words and two-word phrases (TERM_TEMPLATES), so
the question form carries no label.

No eval row trains it: the development rows fit the gate that combines the classifier with the other signals
(`mllens eval scope --calibrate`), so they must see the classifier's out-of-sample scores; training on them too bought
nothing measurable in cross-validation (docs/scope-gate.md). Held-out rows are never read.

Deterministic: corpora are deduplicated, capped in a hash order and sorted; the solver is lbfgs; the embedder is the
project's ONNX export (embeddings cached in eval/results/, git-ignored). Weights are written as plain JSON numbers (no
pickle) with the corpus sizes, sources and training date. Runs in about 4 minutes on 2 shared cores, mostly embedding.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import importlib
import inspect
import json
import re
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.evaluation.retrieval import read_rows  # noqa: E402
from app.retrieval.scope import DOMAIN_FILE  # noqa: E402

DEV_FILES = ("eval/retrieval/questions.jsonl", "eval/scope/dev.jsonl")  # never the held-out splits
# AWS services left out of the out-of-domain corpus: ML and AI services (their documentation is about what the lens
# covers). The rule: the service's botocore name matches this pattern.
ML_SERVICE = re.compile(
    r"sagemaker|bedrock|comprehend|rekognition|textract|^lex|polly|transcribe|translate|personalize|forecast|kendra"
    r"|lookout|frauddetector|^q$|^qbusiness|^qconnect|^qapps|healthlake|machinelearning|codeguru|devops-guru"
    r"|elastic-inference|panorama|deepracer|deeplens|deepcomposer|augmented|voice-id|wisdom|cleanroomsml"
    r"|entityresolution|medical-imaging|healthimaging|^ml|^ai|nova"
)
ML_SENTENCE = re.compile(
    r"machine learning|\bML\b|artificial intelligence|\bAI\b|foundation model|language model|inference|training job"
    r"|generative",
    re.IGNORECASE,
)
LIBRARY_MODULES = (
    "sklearn.linear_model sklearn.ensemble sklearn.tree sklearn.svm sklearn.cluster sklearn.decomposition"
    " sklearn.preprocessing sklearn.metrics sklearn.model_selection sklearn.neighbors sklearn.naive_bayes"
    " sklearn.neural_network sklearn.feature_selection sklearn.pipeline sklearn.impute sklearn.manifold"
    " sklearn.mixture sklearn.covariance sklearn.cross_decomposition sklearn.discriminant_analysis"
    " sklearn.gaussian_process sklearn.kernel_ridge sklearn.semi_supervised sklearn.calibration sklearn.compose"
    " sklearn.feature_extraction.text sklearn.inspection sklearn.multiclass sklearn.random_projection sklearn.dummy"
    " torch torch.nn torch.nn.functional torch.optim torch.optim.lr_scheduler torch.utils.data torch.distributions"
    " torch.linalg torch.fft torch.autograd numpy numpy.linalg numpy.random numpy.fft numpy.ma"
).split()
CAPS = {"aws_services": 16000, "ml_libraries": 8000, "per_service": 60}
MIN_WORDS, MAX_WORDS, MAX_CHARS = 5, 60, 400
C = 4.0  # inverse L2 regularisation of the logistic regression
_TAG = re.compile(r"<[^>]+>")
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'])")
_SPACE = re.compile(r"\s+")
_SIGNATURE = re.compile(r"^[\w.]+\(")  # "fractional_max_pool2d(input, ...)": a signature, not prose
_NOT_PROSE = ("Parameters", "Read more", "Args", "Arguments", "Returns", "Example", ">>>", "..", "Note", "Warning")


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def sentences_of(text: str) -> Iterator[str]:
    """Plain sentences of a documentation string: tags stripped, entities decoded, of MIN_WORDS..MAX_WORDS words."""
    plain = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", text))).strip()
    for sentence in _SPLIT.split(plain):
        sentence = sentence.strip()
        if MIN_WORDS <= len(sentence.split()) <= MAX_WORDS and len(sentence) <= MAX_CHARS:
            yield sentence


def capped(texts: Iterable[str], cap: int) -> list[str]:
    """Unique texts, the first `cap` in hash order (a deterministic sample), then sorted."""
    unique = sorted(set(texts), key=_hash)
    return sorted(unique[:cap])


def aws_service_models(skipped: list[str] | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    """(service name, botocore service model of its newest API version) for every AWS service that is not an ML or
    AI service (ML_SERVICE); the names left out are appended to `skipped` when given."""
    import botocore  # type: ignore[import-untyped]

    data = Path(botocore.__file__).parent / "data"
    for service in sorted(p.name for p in data.iterdir() if p.is_dir()):
        if ML_SERVICE.search(service):
            if skipped is not None:
                skipped.append(service)
            continue
        versions = sorted((data / service).iterdir())
        models = [m for v in versions[-1:] for m in (v / "service-2.json", v / "service-2.json.gz") if m.exists()]
        if not models:
            continue
        raw = models[0].read_bytes()
        yield service, json.loads(gzip.decompress(raw) if models[0].suffix == ".gz" else raw)


def aws_service_sentences() -> tuple[list[str], list[str]]:
    """Sentences of the non-ML services' documentation, and the services left out."""
    kept: list[str] = []
    skipped: list[str] = []
    for _, model in aws_service_models(skipped):
        docs = [op.get("documentation", "") for op in model.get("operations", {}).values()]
        for shape in model.get("shapes", {}).values():
            docs.append(shape.get("documentation", ""))
            docs += [m.get("documentation", "") for m in shape.get("members", {}).values()]
        found = (s for d in docs if d for s in sentences_of(d) if not ML_SENTENCE.search(s))
        kept += capped(found, CAPS["per_service"])
    return capped(kept, CAPS["aws_services"]), skipped


def library_sentences() -> list[str]:
    """First paragraphs of the public docstrings (and public methods' docstrings) of ML and numeric libraries."""
    found: list[str] = []
    for name in LIBRARY_MODULES:
        module = importlib.import_module(name)
        for attr in sorted(getattr(module, "__all__", None) or dir(module)):
            if attr.startswith("_"):
                continue
            try:
                obj = getattr(module, attr)
            except (ImportError, AttributeError):  # experimental or optional parts of a library
                continue
            objects = [obj]
            if inspect.isclass(obj):
                objects += [getattr(obj, m, None) for m in sorted(vars(obj)) if not m.startswith("_")]
            for o in objects:
                doc = inspect.getdoc(o) if o is not None and not isinstance(o, (int, float, str, bytes)) else None
                if doc:
                    paragraphs = [p for p in doc.split("\n\n")[:2] if not p.lstrip().startswith(_NOT_PROSE)]
                    found += (s for p in paragraphs for s in sentences_of(p) if not _SIGNATURE.match(s))
    return capped(found, CAPS["ml_libraries"])


def lens_texts() -> dict[str, list[str]]:
    from app.lens.interview import load_interview
    from app.lens.loader import load_lens
    from app.settings import Settings

    settings = Settings()
    lens = load_lens(settings.corpus_dir)
    interview = load_interview(settings.prompts_dir / "interview", lens)
    sentences = json.loads((settings.index_dir / "sentences.json").read_text(encoding="utf-8"))
    titles = [bp.title for pillar in lens.pillars for q in pillar.questions for bp in q.best_practices]
    titles += [section.title for section in lens.overview]
    plain: list[str] = []
    for q in interview.questions.values():
        plain += [q.title, q.opening, *q.follow_ups]
        for practice in q.practices.values():
            plain += [practice.label, practice.follow_up, *practice.signals, *practice.gaps]
    return {
        "lens_sentences": sorted(set(sentences)),
        "lens_titles": sorted(set(titles)),
        "interview": sorted(set(plain)),
    }


def corpora() -> tuple[dict[str, list[str]], list[str]]:
    aws, skipped = aws_service_sentences()
    texts = {**lens_texts(), "aws_services": aws, "ml_libraries": library_sentences()}
    lens = [t for n in ("lens_sentences", "lens_titles", "interview") for t in texts[n]]
    other = texts["aws_services"] + texts["ml_libraries"]
    texts["lens_terms"] = term_questions(lens, other)
    texts["other_terms"] = term_questions(other, lens)
    return texts, skipped


POSITIVE = ("lens_sentences", "lens_titles", "interview", "lens_terms")
NEGATIVE = ("aws_services", "ml_libraries", "other_terms")
# Short questions about a term ("what does lineage mean?") look like neither class's sentences; without them the
# question form itself carried a label ("mean" is NumPy's word). The same templates are filled with each class's own
# most frequent terms (words and two-word phrases frequent in that class's text and not among the other's), so the
# form is balanced and only the term decides.
TERM_TEMPLATES = ("{}", "what is {}?", "what does {} mean?", "how does {} work?", "explain {}")
TERMS_PER_CLASS = 400
_TERM_WORD = re.compile(r"[a-z][a-z-]{2,}")


def frequent_terms(texts: list[str]) -> list[str]:
    """Words and two-word phrases (no stop words) by the number of texts they occur in, most frequent first."""
    from collections import Counter

    from app.retrieval.lexical import STOP_WORDS

    counts: Counter[str] = Counter()
    for text in texts:
        words = [w for w in _TERM_WORD.findall(text.lower())]
        terms = {w for w in words if w not in STOP_WORDS}
        terms |= {f"{a} {b}" for a, b in zip(words, words[1:], strict=False) if not {a, b} & STOP_WORDS}
        counts.update(terms)
    return [t for t, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def term_questions(own: list[str], other: list[str]) -> list[str]:
    """TERM_TEMPLATES filled with the TERMS_PER_CLASS most frequent terms of `own` that are not among the most
    frequent terms of `other`."""
    theirs = set(frequent_terms(other)[: 4 * TERMS_PER_CLASS])
    terms = [t for t in frequent_terms(own) if t not in theirs][:TERMS_PER_CLASS]
    return sorted({template.format(t) for t in terms for template in TERM_TEMPLATES})


def embed(texts: list[str]) -> NDArray[np.float32]:
    from app.knowledge import make_embedder
    from app.settings import Settings

    embedder = make_embedder(Settings())
    if "minilm" not in embedder.name.lower():
        raise SystemExit(f"expected the bundled MiniLM embedder, got {embedder.name}")
    return embedder.embed(texts)


def train(
    x: NDArray[np.float32], y: NDArray[np.int64], weights: NDArray[np.float64] | None = None
) -> tuple[NDArray[np.float64], float]:
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    model = LogisticRegression(C=C, class_weight="balanced", max_iter=3000)
    model.fit(x.astype(np.float64), y, sample_weight=weights)
    return model.coef_[0], float(model.intercept_[0])


def probability(w: NDArray[np.float64], b: float, x: NDArray[np.float32]) -> NDArray[np.float64]:
    return np.asarray(1.0 / (1.0 + np.exp(-(x.astype(np.float64) @ w + b))), dtype=np.float64)


def cached_embeddings(texts: list[str]) -> NDArray[np.float32]:
    """Embeddings of `texts`, reused from eval/results/ (git-ignored) when the same texts were embedded before."""
    key = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]
    cache = ROOT / "eval" / "results" / f"scope-classifier-{key}.npy"
    if cache.exists():
        return np.asarray(np.load(cache), dtype=np.float32)
    vectors = embed(texts)
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.save(cache, vectors)
    return vectors


def embed_corpora(texts: dict[str, list[str]]) -> dict[str, NDArray[np.float32]]:
    """Each corpus's embeddings, in two cached batches: the sentences, then the term questions."""
    out: dict[str, NDArray[np.float32]] = {}
    for batch in (("lens_sentences", "lens_titles", "interview", "aws_services", "ml_libraries"), TERM_CORPORA):
        vectors = cached_embeddings([t for n in batch for t in texts[n]])
        start = 0
        for n in batch:
            out[n] = vectors[start : start + len(texts[n])]
            start += len(texts[n])
    return out


TERM_CORPORA = ("lens_terms", "other_terms")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DOMAIN_FILE)
    parser.add_argument("--validate", action="store_true", help="Also report the gate's figures on the dev rows.")
    parser.add_argument("--no-write", action="store_true", help="Do not write the classifier file.")
    args = parser.parse_args()
    started = time.perf_counter()
    texts, skipped = corpora()
    extracted = time.perf_counter()
    names = [*POSITIVE, *NEGATIVE]
    corpus = [t for n in names for t in texts[n]]
    labels = np.array([int(n in POSITIVE) for n in names for _ in texts[n]], dtype=np.int64)
    x_corpus = np.vstack([per_corpus[n] for per_corpus in [embed_corpora(texts)] for n in names])
    embedded = time.perf_counter()
    w, b = train(x_corpus, labels)
    trained = time.perf_counter()
    sizes = {n: len(texts[n]) for n in names}
    print(f"corpus sizes: {json.dumps(sizes)}")
    print(
        f"extract {extracted - started:.1f}s, embed {embedded - extracted:.1f}s ({len(corpus)} texts), "
        f"train {trained - embedded:.1f}s"
    )
    if not args.no_write:
        from app.retrieval.embedder import MODEL_NAME

        document = {
            "kind": "domain_logistic",
            "embedder": MODEL_NAME,
            "dimension": int(len(w)),
            "trained": datetime.now(UTC).date().isoformat(),
            "built_by": "eval/build_scope_classifier.py",
            "sources": {
                "in_domain": "index/sentences.json (quotable lens sentences); best-practice and overview titles; "
                "prompts/interview/*.yaml (titles, openings, follow-ups, practice labels, signals, gaps)",
                "out_of_domain": "botocore data/<service>/<latest version>/service-2.json documentation of "
                f"operations, shapes and members of the services whose name does not match /{ML_SERVICE.pattern}/ "
                f"({len(skipped)} ML and AI services left out), without sentences matching /{ML_SENTENCE.pattern}/;"
                " first two docstring paragraphs of the public objects and methods of " + " ".join(LIBRARY_MODULES),
                "term_questions": f"forms {list(TERM_TEMPLATES)} filled with the {TERMS_PER_CLASS} words and two-word "
                "phrases occurring in the most texts of each class and not among the other class's most frequent",
                "eval_rows": "none: the development rows fit the gate that combines this classifier with the other "
                "signals, and score it; held-out rows are never read",
            },
            "corpus_sizes": sizes,
            "caps": CAPS,
            "regularisation_C": C,
            "class_weight": "balanced",
            "bias": round(b, 6),
            "weights": [round(float(v), 6) for v in w],
        }
        args.out.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
        print(f"written {args.out}")
    if args.validate:
        validate(w, b)


VOCABULARY = ("ml_terms", "ml_context", "coursework_or_consumer", "other_workload", "artifact_request", "own_workload")


def validate(w: NDArray[np.float64], b: float) -> None:
    """The dev rows were never seen by the classifier (the closest analogue of rows written blind): the classifier on
    its own, then the rules and the logistic gate fitted by 5-fold cross-validation (10 shuffles) with and without the
    classifier's signal, and the logistic gate without the hand-written vocabularies (text signals)."""
    from app.evaluation import scope as ev
    from app.knowledge import load_knowledge_base
    from app.settings import Settings

    rows = [row for name in DEV_FILES for row in read_rows(ROOT / name)]
    kb = load_knowledge_base(Settings())
    observed = ev.observe(kb.retriever, rows)
    p = probability(w, b, cached_embeddings([r["question"] for r in rows]))
    with_domain = [replace(o, signals=replace(o.signals, domain=float(p[i]))) for i, o in enumerate(observed)]
    without = [replace(o, signals=replace(o.signals, domain=0.5)) for o in observed]
    zeros: dict[str, Any] = dict.fromkeys(VOCABULARY, 0.0)
    no_vocabulary = [replace(o, signals=replace(o.signals, **zeros)) for o in with_domain]
    print(f"\ndev rows ({len(rows)}), classifier trained without them:")
    alone = ev.score(with_domain, lambda o: o.signals.override or (not o.named_id and o.signals.domain < 0.5))
    print(_line("classifier alone", alone))
    print(_line("rules CV (no domain signal)", _cv(without, ev.fit_rules)))
    for label, rows_ in (("", without), (" +domain", with_domain), (" +domain -vocabulary", no_vocabulary)):
        print(_line(f"logistic CV{label}", _cv(rows_, lambda train: ev.calibrate(train, "x"))))


def _cv(observed: list[Any], fit: Any) -> dict[str, Any]:
    from sklearn.model_selection import StratifiedKFold  # type: ignore[import-untyped]

    from app.evaluation import scope as ev

    labels = [o.group for o in observed]
    runs = []
    for seed in ev.CV_SEEDS:
        refused: dict[str, bool] = {}
        for tr, te in StratifiedKFold(ev.CV_FOLDS, shuffle=True, random_state=seed).split(labels, labels):
            decide = ev.gate_decider(fit([observed[i] for i in tr]))
            refused |= {observed[i].id: decide(observed[i]) for i in te}
        runs.append(ev.score(observed, lambda o, r=refused: r[o.id]))  # type: ignore[misc]
    return _mean(runs)


def _mean(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "out_of_scope_refused": float(np.mean([r["out_of_scope_refused"] for r in runs])),
        "in_scope_refused": float(np.mean([r["in_scope_refused"] for r in runs])),
        "refused_by_group": {
            g: {"refused": float(np.mean([r["refused_by_group"][g]["refused"] for r in runs]))}
            for g in runs[0]["refused_by_group"]
        },
    }


def _line(name: str, s: dict[str, Any]) -> str:
    groups = " ".join(f"{g.split(':')[1]}={v['refused']:.3f}" for g, v in s["refused_by_group"].items())
    return f"  {name:27s} OOS {s['out_of_scope_refused']:.3f} in-scope {s['in_scope_refused']:.3f} [{groups}]"


if __name__ == "__main__":
    main()
