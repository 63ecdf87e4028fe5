"""What a streaming client receives, as one digest per checkout, to show that a change to how streams are produced
leaves their bytes alone: the raw bytes of streamed chat completions (and the chunks as the real `openai` client parses
them) and of streamed review turns (side questions in one review), for the same questions on a fresh server per
checkout. IDs, timestamps and `created` differ from run to run and are replaced by placeholders first; nothing else is.

    .venv/bin/python eval/stream_bytes.py [--questions 40] [--checkout DIR ...]

Equal digests across checkouts: byte-identical streams. Prints one line per checkout and stream kind.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
import openai

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_start import LAUNCH, PYTHON, ROOT, environment, start_server  # noqa: E402

QUESTIONS = [
    json.loads(line)["question"]
    for line in (ROOT / "eval" / "retrieval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
VARYING = [
    (re.compile(r"chatcmpl-[0-9A-Za-z_-]+"), "chatcmpl-ID"),
    (re.compile(r'"created": ?\d+'), '"created": 0'),
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "UUID"),
    (re.compile(r"\b[0-9a-f]{32}\b"), "HEX"),
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?"), "TIME"),
]


def steady(text: str) -> str:
    for pattern, placeholder in VARYING:
        text = pattern.sub(placeholder, text)
    return text


def serve(checkout: Path, database: Path) -> tuple[subprocess.Popen[bytes], str, str]:
    """A server of `checkout` on a fresh database, its URL and an API key of it (the `openai` client sends one)."""
    created = subprocess.run(
        [PYTHON, "-c", LAUNCH, str(checkout), "keys", "create", "--name", "stream-bytes"],
        env=environment(database),
        cwd=checkout,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    key = created.stdout.split()[0]
    process, port = start_server(checkout, database)
    return process, f"http://127.0.0.1:{port}", key


def digests(url: str, key: str, questions: list[str]) -> dict[str, str]:
    raw_chat, parsed_chat, turns = hashlib.sha256(), hashlib.sha256(), hashlib.sha256()
    api = openai.OpenAI(base_url=f"{url}/v1", api_key=key, max_retries=0, timeout=60)
    with httpx.Client(base_url=url, timeout=60, headers={"Authorization": f"Bearer {key}"}) as http:
        review = http.post("/v1/reviews", json={"profile": {"name": "stream bytes"}}).json()["review_id"]
        for question in questions:
            chat = {"model": "ml-lens", "messages": [{"role": "user", "content": question}], "stream": True}
            text = http.post("/v1/chat/completions", json=chat).text
            if not text.endswith("data: [DONE]\n\n") or '"finish_reason": "stop"' not in text:
                raise SystemExit(f"a chat completion did not end with stop and [DONE]: {text[-300:]}")
            raw_chat.update(steady(text).encode())
            for chunk in api.chat.completions.create(**chat):  # type: ignore[call-overload]
                parsed_chat.update(steady(chunk.model_dump_json()).encode())
            reply = http.post(
                f"/v1/reviews/{review}/turns", json={"ask": question}, headers={"Accept": "text/event-stream"}
            )
            if "\nevent: done\n" not in reply.text or "\nevent: error\n" in reply.text:
                raise SystemExit(f"a review turn did not end with done: {reply.text[-300:]}")
            turns.update(steady(reply.text).encode())
    return {
        "chat_raw": raw_chat.hexdigest()[:16],
        "chat_openai": parsed_chat.hexdigest()[:16],
        "review_turn_sse": turns.hexdigest()[:16],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=40, help="questions per stream kind (max 500)")
    parser.add_argument("--checkout", action="append", type=Path, help="another checkout to compare (repeatable)")
    args = parser.parse_args()
    questions = QUESTIONS[: max(1, min(args.questions, 500))]
    with tempfile.TemporaryDirectory(prefix="stream-bytes-") as tmp:
        for n, checkout in enumerate([ROOT, *(c.resolve() for c in args.checkout or [])]):
            process, url, key = serve(checkout, Path(tmp) / f"server-{n}.db")
            try:
                found = digests(url, key, questions)
            finally:
                process.terminate()
                process.wait(timeout=30)
            print(checkout, len(questions), "questions", " ".join(f"{k}={v}" for k, v in found.items()))


if __name__ == "__main__":
    main()
