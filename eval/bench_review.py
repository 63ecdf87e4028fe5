"""Benchmark the review service in no-LLM mode: turn latency (answer and confirm turns) over scripted full reviews of
all 35 questions, and report rendering time (Markdown, HTML, JSON with schema validation) on a completed review.

    .venv/bin/python eval/bench_review.py [--reviews 3] [--renders 20] [--store memory|sqlite] [--embedder minilm|hash]

The scripted answers are built from the interview content (one practice's signal, another's gap, a partial cue),
not from eval/review rows. Prints one JSON object with p50/p95/max per turn kind, totals and repeat counts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.findings.export import ReportFormat  # noqa: E402
from app.knowledge import make_embedder  # noqa: E402
from app.lens.interview import Interview, load_interview  # noqa: E402
from app.lens.loader import load_lens  # noqa: E402
from app.review.actions import Answer, Confirm  # noqa: E402
from app.review.embedding_mapper import EmbeddingMapper  # noqa: E402
from app.review.models import WorkloadProfile  # noqa: E402
from app.reviewing.service import ReviewService  # noqa: E402
from app.reviewing.store import MemoryReviewStore, ReviewStore  # noqa: E402
from app.settings import Settings  # noqa: E402


def scripted_answer(interview: Interview, question_id: str) -> str:
    practices = list(interview.questions[question_id].practices.values())
    parts = [practices[0].signals[0] if practices[0].signals else practices[0].label]
    if len(practices) > 1 and practices[1].gaps:
        parts.append(practices[1].gaps[0])
    if len(practices) > 2:
        parts.append(f"We only do this for the main model: {practices[2].label.lower()}.")
    return " ".join(parts)


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=3, help="full 35-question reviews to script")
    parser.add_argument("--renders", type=int, default=20, help="repeats per report format")
    parser.add_argument("--store", choices=["memory", "sqlite"], default="sqlite")
    parser.add_argument("--embedder", choices=["minilm", "hash"], default="minilm")
    args = parser.parse_args()

    settings = Settings(_env_file=None, embedder=args.embedder)  # type: ignore[call-arg]
    lens = load_lens(settings.corpus_dir)
    interview = load_interview(settings.prompts_dir / "interview", lens)
    embedder = make_embedder(settings)
    embedder.warm_up()
    _limit_threads()
    mapper = EmbeddingMapper(embedder)
    mapper.warm_up([(q, interview.content(q)) for q in lens.questions])
    store, cleanup = _store(args.store, lens)
    service = ReviewService(lens, interview, mapper, store)

    answer_times: list[float] = []
    confirm_times: list[float] = []
    review_totals: list[float] = []
    review_id = ""
    for _ in range(args.reviews):
        started = time.perf_counter()
        turn = service.create("bench", WorkloadProfile(name="Bench workload"))
        review_id, version = turn.review_id, turn.version
        while turn.question is not None:
            text = scripted_answer(interview, turn.question.id)
            t0 = time.perf_counter()
            turn = service.act(review_id, "bench", Answer(text=text), expected_version=version)
            answer_times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            turn = service.act(review_id, "bench", Confirm(), expected_version=turn.version)
            confirm_times.append(time.perf_counter() - t0)
            version = turn.version
        review_totals.append(time.perf_counter() - started)

    render: dict[str, dict[str, float]] = {}
    report = service.report(review_id, "bench")
    render["build_report"] = percentiles(
        [timed(lambda: service.report(review_id, "bench")) for _ in range(args.renders)]
    )
    for fmt in ReportFormat:
        service.export(review_id, "bench", fmt)  # warm (template compile, schema load)
        samples = [timed(lambda f=fmt: service.export(review_id, "bench", f)) for _ in range(args.renders)]
        render[f"export_{fmt.value}"] = percentiles(samples)
    cleanup()
    print(
        json.dumps(
            {
                "embedder": embedder.name,
                "store": args.store,
                "reviews": args.reviews,
                "questions_per_review": len(lens.questions),
                "findings_in_report": len(report.findings),
                "turn_answer": percentiles(answer_times),
                "turn_confirm": percentiles(confirm_times),
                "turn_all": percentiles(answer_times + confirm_times),
                "full_review_s": [round(t, 2) for t in review_totals],
                "render": render,
                "render_repeats": args.renders,
            },
            indent=2,
        )
    )


def _store(kind: str, lens: object) -> tuple[ReviewStore, Callable[[], None]]:
    if kind == "memory":
        return MemoryReviewStore(), lambda: None
    from app.persistence.db import Database
    from app.persistence.migrate import upgrade
    from app.persistence.reviews import SqlReviewStore

    directory = tempfile.TemporaryDirectory()
    db = Database(f"sqlite:///{Path(directory.name) / 'bench.db'}")
    upgrade(db)

    def cleanup() -> None:
        db.dispose()
        directory.cleanup()

    return SqlReviewStore(db, lens), cleanup  # type: ignore[arg-type]


def _limit_threads() -> None:
    """One torch thread per request, as the server runs it (see app.services.limit_torch_threads)."""
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(1)


if __name__ == "__main__":
    main()
