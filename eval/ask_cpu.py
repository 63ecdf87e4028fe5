"""CPU per in-process `/v1/ask` (none mode) and a SHA-256 over every dev answer, for before/after comparisons.

    .venv/bin/python eval/ask_cpu.py hash            # SHA-256 over the JSON of every dev ask answer
    .venv/bin/python eval/ask_cpu.py cpu --asks 200  # CPU ms per ask after a warm-up (process_time, all threads)
    .venv/bin/python eval/ask_cpu.py profile         # cProfile of 200 asks, top functions by own time

The questions are those of eval/ask/dev.jsonl and eval/retrieval/questions.jsonl. Each run uses a new SQLite
database in a temporary directory; the conversation and turn IDs (random, per run) are left out of the hash.
Run the same script from an exported copy of another commit to compare it with this one.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["hash", "cpu", "profile"])
    parser.add_argument("--asks", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["MLLENS_DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'ask.db'}"
        os.environ["MLLENS_RATE_REQUESTS_PER_MINUTE"] = "0"
        os.environ.pop("MLLENS_LLM_PROVIDER", None)
        from app.api.schemas import AskResponse
        from app.principal import Principal
        from app.services import build_services
        from app.settings import Settings

        services = build_services(Settings(_env_file=None))  # type: ignore[call-arg]
        qa, principal, qs = services.qa, Principal.local(), questions()
        assert qa.llm is None, "none mode only"
        if args.mode == "hash":
            digest = hashlib.sha256()
            for q in qs:
                body = AskResponse.of(qa.ask(q, principal=principal)).model_dump(mode="json")
                body.pop("conversation_id", None)
                body.pop("turn_id", None)
                digest.update(json.dumps(body, sort_keys=True, ensure_ascii=False).encode() + b"\n")
            print(json.dumps({"answers": len(qs), "sha256": digest.hexdigest()}))
        else:
            for q in qs[:40]:  # warm-up
                qa.ask(q, principal=principal)
            picked = [qs[n % len(qs)] for n in range(args.asks)]
            if args.mode == "cpu":
                cpu0, wall0 = time.process_time(), time.perf_counter()
                for q in picked:
                    qa.ask(q, principal=principal)
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
                for q in picked:
                    qa.ask(q, principal=principal)
                profiler.disable()
                stats = pstats.Stats(profiler)
                stats.sort_stats("tottime").print_stats(35)
                stats.sort_stats("cumulative").print_stats(60)
        services.close()


if __name__ == "__main__":
    main()
