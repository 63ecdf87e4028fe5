"""The CPU a stream's hand-offs cost, isolated: streamed chat completions and streamed review turns (side questions)
through the ASGI app in one process, read chunk by chunk (`iterate_in_one_hop`, as shipped) against the same app with
starlette's `iterate_in_threadpool` (a hand-off per chunk, as before), alternating in blocks so both see the same
machine. Everything else (search, composing, the database) is the same code on both sides, so the difference is the
hand-offs'. CPU is process time (all threads) per stream.

    .venv/bin/python eval/stream_hops_cpu.py [--rounds 6] [--requests 60]

Writes eval/results/<ts>/stream_hops_cpu.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
from starlette.concurrency import iterate_in_threadpool

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import app.api.routes.openai as openai_route  # noqa: E402
import app.api.sse as sse  # noqa: E402
from app.api.one_hop import iterate_in_one_hop  # noqa: E402
from app.evaluation.results import rounds_lines, rounds_report, write_results  # noqa: E402
from app.knowledge import load_knowledge_base  # noqa: E402
from app.main import create_app  # noqa: E402
from app.services import build_services  # noqa: E402
from app.settings import Settings  # noqa: E402

QUESTIONS = [
    json.loads(line)["question"]
    for line in (ROOT / "eval" / "retrieval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
Reader = Callable[[Iterator[Any]], AsyncIterator[Any]]
READERS: dict[str, Reader] = {"one_hop": iterate_in_one_hop, "per_chunk": iterate_in_threadpool}


def use(reader: Reader) -> None:
    openai_route.iterate_in_one_hop = reader  # type: ignore[assignment]
    sse.iterate_in_one_hop = reader  # type: ignore[assignment]


async def block(http: httpx.AsyncClient, label: str, review: str, questions: list[str]) -> float:
    started = time.process_time()
    for question in questions:
        if label == "chat":
            chat = {"model": "ml-lens", "messages": [{"role": "user", "content": question}], "stream": True}
            reply = await http.post("/v1/chat/completions", json=chat)
            assert reply.text.endswith("data: [DONE]\n\n"), reply.text[-200:]
        else:
            reply = await http.post(
                f"/v1/reviews/{review}/turns", json={"ask": question}, headers={"Accept": "text/event-stream"}
            )
            assert "\nevent: done\n" in reply.text, reply.text[-200:]
    return (time.process_time() - started) * 1000 / len(questions)


async def run(rounds: int, requests: int) -> dict[str, dict[str, list[float]]]:
    with tempfile.TemporaryDirectory(prefix="stream-hops-cpu-") as tmp:
        settings = Settings(database_url=f"sqlite:///{Path(tmp) / 'bench.db'}", rate_requests_per_minute=0)
        services = build_services(settings, kb=load_knowledge_base(settings))
        app = create_app(settings, services)
        figures: dict[str, dict[str, list[float]]] = {name: {} for name in READERS}
        try:
            async with (
                app.router.lifespan_context(app),
                httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as http,
            ):
                review = (await http.post("/v1/reviews", json={"profile": {"name": "bench"}})).json()["review_id"]
                for reader in READERS.values():  # warm both
                    use(reader)
                    for label in ("chat", "turn"):
                        await block(http, label, review, QUESTIONS[:20])
                for round_no in range(rounds):
                    questions = [QUESTIONS[(round_no * requests + n) % len(QUESTIONS)] for n in range(requests)]
                    order = list(READERS) if round_no % 2 == 0 else list(READERS)[::-1]
                    for name in order:
                        use(READERS[name])
                        for label in ("chat", "turn"):
                            cpu = await block(http, label, review, questions)
                            figures[name].setdefault(f"{label}_sse_cpu_ms", []).append(round(cpu, 3))
        finally:
            use(iterate_in_one_hop)
            services.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=6, help="rounds (max 20)")
    parser.add_argument("--requests", type=int, default=60, help="streams per kind, reader and round (max 500)")
    args = parser.parse_args()
    rounds, requests = max(1, min(args.rounds, 20)), max(10, min(args.requests, 500))
    load_before = os.getloadavg()
    figures = asyncio.run(run(rounds, requests))
    report = rounds_report(figures, rounds, requests, load_before)
    print("\n".join(rounds_lines(report, 20)))
    print(f"wrote {write_results(report, ROOT / 'eval' / 'results', 'stream_hops_cpu')}")


if __name__ == "__main__":
    main()
