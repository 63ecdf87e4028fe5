"""Benchmark the OpenAI-compatible endpoint of a running `mllens serve` on loopback with the real `openai` client:
time to the first streamed chunk and to the first content chunk, the whole streamed answer, and the non-streamed
answer; /v1/ask's first SSE event is measured in the same run as the reference.

    .venv/bin/mllens keys create bench          # prints a key (the openai client always sends one)
    .venv/bin/mllens serve --port 8765 &        # no LLM configured: the extractive `none` mode; wait for /readyz
    .venv/bin/python eval/bench_openai.py --url http://127.0.0.1:8765 --api-key KEY [--repeats 100]

Target (issue 14): first streamed chunk <= 50 ms in no-LLM mode on loopback.
"""

from __future__ import annotations

import argparse
import json
import platform
import time

import httpx
import openai
from bench_api import bench_sse, load_questions, require_loopback, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--repeats", type=int, default=100, help="timed requests per measure (max 1000)")
    parser.add_argument("--warmup", type=int, default=10)
    args = parser.parse_args()
    require_loopback(args.url)
    repeats = min(args.repeats, 1000)
    questions = load_questions()
    with openai.OpenAI(base_url=f"{args.url}/v1", api_key=args.api_key, max_retries=0, timeout=30) as api:
        streamed = bench_stream(api, questions, repeats, args.warmup)
        plain = bench_plain(api, questions, repeats, args.warmup)
    headers = {"Authorization": f"Bearer {args.api_key}"}
    with httpx.Client(base_url=args.url, headers=headers, timeout=30) as client:
        reference = bench_sse(client, questions, repeats, args.warmup)
    ratio = streamed["first_chunk_ms_p50"] / reference["first_event_ms_p50"]
    print(
        json.dumps(
            {
                "chat_completions_stream": streamed,
                "chat_completions_json": plain,
                "reference_v1_ask_sse": reference,
                "first_chunk_vs_v1_ask_first_event_p50": round(ratio, 2),
                "repeats": repeats,
                "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
            },
            indent=2,
        )
    )


def bench_stream(api: openai.OpenAI, questions: list[str], repeats: int, warmup: int) -> dict[str, float]:
    first, first_text, total = [], [], []
    for n in range(warmup + repeats):
        started = time.perf_counter()
        got_first = got_text = None
        stream = api.chat.completions.create(
            model="ml-lens", messages=[{"role": "user", "content": questions[n % len(questions)]}], stream=True
        )
        for chunk in stream:
            now = (time.perf_counter() - started) * 1000
            got_first = got_first if got_first is not None else now
            if got_text is None and chunk.choices and chunk.choices[0].delta.content:
                got_text = now
        if n >= warmup and got_first is not None:
            first.append(got_first)
            first_text.append(got_text if got_text is not None else float("nan"))
            total.append((time.perf_counter() - started) * 1000)
    return {
        **summary("first_chunk_ms", first),
        **summary("first_content_ms", first_text),
        **summary("complete_ms", total),
    }


def bench_plain(api: openai.OpenAI, questions: list[str], repeats: int, warmup: int) -> dict[str, float]:
    wall = []
    for n in range(warmup + repeats):
        started = time.perf_counter()
        api.chat.completions.create(
            model="ml-lens", messages=[{"role": "user", "content": questions[n % len(questions)]}]
        )
        if n >= warmup:
            wall.append((time.perf_counter() - started) * 1000)
    return summary("client_ms", wall)


if __name__ == "__main__":
    main()
