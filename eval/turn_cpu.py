"""CPU per review turn over the in-process API (`POST /v1/reviews/{id}/turns`, JSON), for before/after comparisons.

    .venv/bin/python eval/turn_cpu.py --turns 200

Each turn answers the current question in free text (mapped to a proposal, not saved), so every turn runs the
answer mapper and the review store's read and version write; the answers cycle through a few sentences. A new SQLite
database in a temporary directory, a warm-up first; CPU is process_time (all threads). Run the same script from an
exported copy of another commit to compare it with this one (alternate the two, the machine's load moves).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ANSWERS = [
    "Every dataset version is stored in S3 with lineage, and experiments are tracked with their parameters.",
    "We have not looked at this yet; nobody owns it.",
    "Partly: the training team does it for the main model, the others do not.",
    "Our business owners sign off the KPIs before any model work starts.",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=200)
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from app.main import create_app
    from app.services import build_services
    from app.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=f"sqlite:///{tmp}/turns.db")
        services = build_services(settings)
        try:
            with TestClient(create_app(settings, services)) as client:
                turn = client.post("/v1/reviews", json={"profile": {"name": "bench"}}).json()

                def take(n: int) -> tuple[float, float]:
                    nonlocal turn
                    cpu0, wall0 = time.process_time(), time.perf_counter()
                    for i in range(n):
                        body = {"text": ANSWERS[i % len(ANSWERS)], "expected_version": turn["version"]}
                        response = client.post(f"/v1/reviews/{turn['review_id']}/turns", json=body)
                        assert response.status_code == 200, response.text
                        turn = response.json()
                    return (time.process_time() - cpu0) / n * 1000, (time.perf_counter() - wall0) / n * 1000

                take(20)
                cpu, wall = take(args.turns)
        finally:
            services.close()
    print(
        json.dumps(
            {
                "turns": args.turns,
                "cpu_ms_per_turn": round(cpu, 3),
                "wall_ms_per_turn": round(wall, 3),
                "load": os.getloadavg()[0],
            }
        )
    )


if __name__ == "__main__":
    main()
