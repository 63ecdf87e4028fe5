"""CPU per in-process `/v1/ask` (none mode) and a SHA-256 over every dev answer, for before/after comparisons.

    .venv/bin/python eval/ask_cpu.py hash            # SHA-256 over the JSON of every dev ask answer
    .venv/bin/python eval/ask_cpu.py cpu --asks 200  # CPU ms per ask after a warm-up (process_time, all threads)
    .venv/bin/python eval/ask_cpu.py profile         # cProfile of 200 asks, top functions by own time
    .venv/bin/python eval/ask_cpu.py hash --follow-ups          # the same over follow-ups (below)
    .venv/bin/python eval/ask_cpu.py cpu --follow-ups --asks 200 # CPU ms per follow-up (the first asks not counted)

The questions are those of eval/ask/dev.jsonl and eval/retrieval/questions.jsonl. With `--follow-ups` each question
is answered first (not counted in `cpu`), then a follow-up leaning on it is asked with that turn as its history, as
every edge does without an LLM: the follow-ups of eval/probes/followups.jsonl, taken in turn, so most pair a question
with a follow-up written for another topic (the carry-over, the focus words and the gate all get exercised).
Each run uses a new SQLite database in a temporary directory; the conversation and turn IDs (random, per run) are
left out of the hash. Run the same script from an exported copy of another commit to compare it with this one.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def questions() -> list[str]:
    out = []
    for name in ("eval/ask/dev.jsonl", "eval/retrieval/questions.jsonl"):
        out += [json.loads(line)["question"] for line in (ROOT / name).read_text().splitlines() if line.strip()]
    return out


def follow_ups() -> list[str]:
    rows = (ROOT / "eval/probes/followups.jsonl").read_text().splitlines()
    return [json.loads(line)["follow_up"] for line in rows if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["hash", "cpu", "profile"])
    parser.add_argument("--asks", type=int, default=200)
    parser.add_argument("--follow-ups", action="store_true", help="ask a follow-up after each question (above)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["MLLENS_DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'ask.db'}"
        os.environ["MLLENS_RATE_REQUESTS_PER_MINUTE"] = "0"
        os.environ.pop("MLLENS_LLM_PROVIDER", None)
        from app.api.schemas import AskResponse
        from app.principal import Principal
        from app.qa.models import Answer, PastTurn
        from app.services import build_services
        from app.settings import Settings

        services = build_services(Settings(_env_file=None))  # type: ignore[call-arg]
        qa, principal, qs = services.qa, Principal.local(), questions()
        assert qa.llm is None, "none mode only"
        if args.follow_ups:
            seconds = follow_ups()
            pairs = [(q, seconds[n % len(seconds)]) for n, q in enumerate(qs)]

            def turn(q: str) -> PastTurn:
                first = qa.answer(qa.prepare_with_history(q, [], principal=principal))
                cited = tuple(c.bp_id for c in first.citations)
                return PastTurn(
                    question=q,
                    resolved_question=first.resolved_question,
                    answer=first.answer,
                    cited_bp_ids=cited,
                    refused=first.refused,
                )

            histories = {q: turn(q) for q in qs}  # answered once, before any measuring

            def ask(n: int) -> Answer:
                q, follow_up = pairs[n % len(pairs)]
                return qa.answer(qa.prepare_with_history(follow_up, [histories[q]], principal=principal))
        else:

            def ask(n: int) -> Answer:
                return qa.ask(qs[n % len(qs)], principal=principal)

        if args.mode == "hash":
            digest = hashlib.sha256()
            for n in range(len(qs)):
                body = AskResponse.of(ask(n)).model_dump(mode="json")
                body.pop("conversation_id", None)
                body.pop("turn_id", None)
                digest.update(json.dumps(body, sort_keys=True, ensure_ascii=False).encode() + b"\n")
            print(json.dumps({"answers": len(qs), "sha256": digest.hexdigest()}))
        else:
            for n in range(40):  # warm-up
                ask(n)
            picked = list(range(args.asks))
            if args.mode == "cpu":
                cpu0, wall0 = time.process_time(), time.perf_counter()
                for n in picked:
                    ask(n)
                cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
                print(
                    json.dumps(
                        {
                            "asks": len(picked),
                            "cpu_ms_per_ask": round(cpu * 1000 / len(picked), 3),
                            "wall_ms_per_ask": round(wall * 1000 / len(picked), 3),
                            "load": os.getloadavg()[0],
                        }
                    )
                )
            else:
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                profiler.enable()
                for n in picked:
                    ask(n)
                profiler.disable()
                stats = pstats.Stats(profiler)
                stats.sort_stats("tottime").print_stats(35)
                stats.sort_stats("cumulative").print_stats(60)
        services.close()


if __name__ == "__main__":
    main()
