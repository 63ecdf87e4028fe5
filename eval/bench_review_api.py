"""Benchmark reviews through a running `mllens serve` on loopback (no-LLM mode): turn latency server-side (the app's
Server-Timing header) and client-side, scripted full reviews (create, then answer + confirm every question) wall
time, and report rendering per format.

    .venv/bin/mllens serve --port 8011 &      # wait until /readyz says "review_mapping": "ready"
    .venv/bin/python eval/bench_review_api.py --url http://127.0.0.1:8011 [--reviews 3] [--renders 20]

Answers are built from each turn's own choice labels (one practice done, one not, one partly), as a client that only
sees the API would. Targets (issue 5): turn p50 <= 50 ms server-side; a full 35-question review <= 10 s; report
rendering <= 200 ms. Prints one JSON object with repeat counts and the load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from typing import Any

import httpx
from bench_api import require_loopback, server_ms

TARGETS = {"turn_p50_server_ms": 50.0, "full_review_s": 10.0, "render_p50_server_ms": 200.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--reviews", type=int, default=3, help="full scripted reviews (max 50)")
    parser.add_argument("--renders", type=int, default=20, help="timed report requests per format (max 500)")
    parser.add_argument("--api-key", default=None)
    parser.add_argument("--warm-timeout", type=float, default=120.0, help="seconds to wait for review_mapping ready")
    parser.add_argument("--cold", action="store_true", help="do not wait for the mapper warm-up (measures startup)")
    args = parser.parse_args()
    require_loopback(args.url)
    headers = {"Authorization": f"Bearer {args.api_key}"} if args.api_key else {}
    load_before = os.getloadavg()
    with httpx.Client(base_url=args.url, headers=headers, timeout=60) as client:
        mapping = wait_until_ready(client, args.warm_timeout, warm=not args.cold)
        runs = [script_review(client) for _ in range(min(args.reviews, 50))]
        renders = bench_renders(client, runs[-1]["review_id"], min(args.renders, 500))
    turns: dict[str, list[tuple[float, float]]] = {"answer": [], "confirm": []}
    for run in runs:
        for kind in turns:
            turns[kind] += run[kind]
    report = {
        "url": args.url,
        "review_mapping_at_start": mapping,
        "reviews": len(runs),
        "questions_per_review": runs[0]["questions"],
        "turn_answer": summary(turns["answer"]),
        "turn_confirm": summary(turns["confirm"]),
        "turn_all": summary(turns["answer"] + turns["confirm"]),
        "create": summary([run["create"] for run in runs]),
        "full_review_s": [round(run["wall_s"], 2) for run in runs],
        "picks_fallbacks": sum(run["picks_fallbacks"] for run in runs),
        "render": renders,
        "render_repeats": min(args.renders, 500),
        "cpus": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
    report["targets_missed"] = missed_targets(report)
    print(json.dumps(report, indent=2))


def wait_until_ready(client: httpx.Client, timeout_s: float, *, warm: bool) -> str:
    """Steady state by default: the server embeds the mapping references in the background after startup."""
    deadline = time.monotonic() + timeout_s
    while True:
        response = client.get("/readyz")
        mapping = str(response.json().get("review_mapping", "ready")) if response.status_code == 200 else ""
        if mapping == "ready" or (mapping and not warm):
            return mapping
        if time.monotonic() > deadline:
            sys.exit(f"the server is not ready after {timeout_s:.0f} s: {response.text}")
        time.sleep(0.5)


def script_review(client: httpx.Client) -> dict[str, Any]:
    """Create a review of every question, then answer and confirm each one; (server ms, client ms) per turn."""
    started = time.perf_counter()
    response, create = timed(client, "POST", "/v1/reviews", {"profile": {"name": "Bench workload"}})
    turn = response.json()
    review_id = turn["review_id"]
    run: dict[str, Any] = {"review_id": review_id, "questions": turn["progress"]["overall"]["total"]}
    run.update(answer=[], confirm=[], create=create, picks_fallbacks=0)
    while turn["question"] is not None:
        response, took = timed(client, "POST", f"/v1/reviews/{review_id}/turns", answer_body(turn))
        turn = response.json()
        run["answer"].append(took)
        body = {"expected_version": turn["version"], "action": {"type": "confirm"}}
        response, took = timed(client, "POST", f"/v1/reviews/{review_id}/turns", body, ok=(200, 409))
        if response.status_code == 409:  # nothing was mapped: tick the first choice, then confirm (not timed)
            run["picks_fallbacks"] += 1
            first = turn["choices"][0]["id"]
            tick = {"expected_version": turn["version"], "picks": {first: "implemented"}}
            turn = timed(client, "POST", f"/v1/reviews/{review_id}/turns", tick)[0].json()
            body["expected_version"] = turn["version"]
            response, took = timed(client, "POST", f"/v1/reviews/{review_id}/turns", body)
        turn = response.json()
        run["confirm"].append(took)
    run["wall_s"] = time.perf_counter() - started
    return run


def answer_body(turn: dict[str, Any]) -> dict[str, Any]:
    labels = [choice["label"].rstrip(".") for choice in turn["choices"]]
    parts = [f"{labels[0]}."]
    if len(labels) > 1:
        parts.append(f"We have not started on this yet: {labels[1].lower()}.")
    if len(labels) > 2:
        parts.append(f"We only do this for the main model: {labels[2].lower()}.")
    return {"expected_version": turn["version"], "text": " ".join(parts)}


def bench_renders(client: httpx.Client, review_id: str, repeats: int) -> dict[str, dict[str, float]]:
    results = {}
    for fmt in ("md", "html", "json"):
        path = f"/v1/reviews/{review_id}/report?format={fmt}"
        timed(client, "GET", path)  # warm: template compile, schema load
        results[fmt] = summary([timed(client, "GET", path)[1] for _ in range(repeats)])
    return results


def timed(
    client: httpx.Client, method: str, path: str, body: Any = None, ok: tuple[int, ...] = (200, 201)
) -> tuple[httpx.Response, tuple[float, float]]:
    started = time.perf_counter()
    response = client.request(method, path, json=body)
    wall = (time.perf_counter() - started) * 1000
    if response.status_code not in ok:
        sys.exit(f"{method} {path} -> {response.status_code}: {response.text[:500]}")
    return response, (server_ms(response), wall)


def summary(samples: list[tuple[float, float]]) -> dict[str, float]:
    out: dict[str, float] = {"n": len(samples)}
    for name, values in (("server_ms", [s for s, _ in samples]), ("client_ms", [c for _, c in samples])):
        ordered = sorted(values)
        out[f"{name}_p50"] = round(statistics.median(ordered), 2)
        out[f"{name}_p95"] = round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 2)
        out[f"{name}_max"] = round(ordered[-1], 2)
    return out


def missed_targets(report: dict[str, Any]) -> list[str]:
    missed = []
    if report["turn_all"]["server_ms_p50"] > TARGETS["turn_p50_server_ms"]:
        missed.append(f"turn p50 {report['turn_all']['server_ms_p50']} ms > {TARGETS['turn_p50_server_ms']} ms")
    slow = [s for s in report["full_review_s"] if s > TARGETS["full_review_s"]]
    if slow:
        missed.append(f"full reviews over {TARGETS['full_review_s']} s: {slow}")
    for fmt, figures in report["render"].items():
        if figures["server_ms_p50"] > TARGETS["render_p50_server_ms"]:
            missed.append(f"{fmt} render p50 {figures['server_ms_p50']} ms > {TARGETS['render_p50_server_ms']} ms")
    return missed


if __name__ == "__main__":
    main()
