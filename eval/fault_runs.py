"""Fault runs against real processes on loopback, with the small test corpus (hash embedder: this measures fault
handling, not answer quality). Each run reports confirmed answers, lost and duplicated ones, and every non-2xx by
status; the targets are 0 lost, 0 duplicated, 0 stack traces, no 5xx but 502/503 with Retry-After.

  scale-out  nginx + 2 instances + a throwaway PostgreSQL: --confirms confirm turns by 8 clients; one instance
             SIGKILLed at 30% (restarted at 70%), PostgreSQL restarted at 50%
  sqlite-lock  one instance on SQLite; another process holds the write lock for 8 s in the middle of the run
  disk-full  one instance on SQLite on a 24 MiB tmpfs (root only) filled up in the middle of the run, then freed
  llm-outage one instance whose OpenAI-compatible provider refuses connections: every ask falls back (200 + notice)

    .venv/bin/python eval/fault_runs.py [--runs scale-out,sqlite-lock,disk-full,llm-outage] [--confirms 500]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
from deploy.test_scale_out import Client, Tally  # noqa: E402  (the test's retrying client, reused as is)
from support.processes import AppInstance, Nginx, free_port, postgres_cluster  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures"
PROMPTS: Path = FIXTURES / "prompts"  # replaced in main() by the repo's prompts with the test interview cards


def make_prompts(work: Path) -> Path:
    """The repo's LLM prompts with the small corpus's interview cards (the index is built over those)."""
    target = work / "prompts"
    shutil.copytree(REPO / "prompts", target, ignore=shutil.ignore_patterns("interview"))
    shutil.copytree(FIXTURES / "prompts" / "interview", target / "interview")
    return target


def base_env(database_url: str, index_dir: Path, **extra: str) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("MLLENS_")},
        "MLLENS_DATABASE_URL": database_url,
        "MLLENS_CORPUS_DIR": str(FIXTURES / "corpus"),
        "MLLENS_PROMPTS_DIR": str(PROMPTS),
        "MLLENS_INDEX_DIR": str(index_dir),
        "MLLENS_EMBEDDER": "hash",
        "MLLENS_RELEVANCE_THRESHOLD": "0.2",
        "MLLENS_DB_TIMEOUT_S": "2",
        "MLLENS_RETRY_AFTER_S": "1",
        "MLLENS_RATE_REQUESTS_PER_MINUTE": "0",
        "MLLENS_RATE_REVIEWS_PER_HOUR": "0",
        **extra,
    }


def build_tiny_index(directory: Path) -> Path:
    from app.lens.loader import load_lens
    from app.retrieval.hash_embedder import HashEmbedder
    from app.retrieval.index_store import build_index
    from app.retrieval.inputs import load_retrieval_inputs

    lens = load_lens(FIXTURES / "corpus")
    inputs = load_retrieval_inputs(lens, FIXTURES / "corpus", PROMPTS)
    build_index(lens, HashEmbedder(), directory, inputs, log=lambda _m: None)
    return directory


def drive(base_url: str, confirms: int, clients: int, events: dict[float, Callable[[], None]]) -> Tally:
    """Clients take reviews of one pillar (and stream an answer after each) until `confirms` answers are confirmed;
    each event runs once when that fraction of confirms is reached."""
    tally = Tally()
    stop = threading.Event()
    errors: list[BaseException] = []

    def loop(n: int) -> None:
        client = Client(base_url, tally)
        try:
            round_ = 0
            while not stop.is_set():
                client.review_pillar(f"c{n}-r{round_}")
                client.stream_ask()
                round_ += 1
        except BaseException as exc:
            errors.append(exc)
        finally:
            client.http.close()

    threads = [threading.Thread(target=loop, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    pending = sorted(events.items())
    while tally.count_confirmed() < confirms and not errors:
        while pending and tally.count_confirmed() >= pending[0][0] * confirms:
            _, action = pending.pop(0)
            action()
        time.sleep(0.02)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]
    return tally


def verify(tally: Tally, rows: list[Any]) -> dict[str, Any]:
    stored: dict[tuple[str, str], dict[str, str]] = {}
    duplicates = 0
    for row in rows:
        key = (row[0], row[1])
        duplicates += key in stored
        practices = json.loads(row[2])["practices"]
        stored[key] = {bp: a["status"] for bp, a in practices.items()}
    lost = sum(1 for key in tally.confirmed if key not in stored)
    wrong = sum(1 for key, picks in tally.confirmed.items() if key in stored and stored[key] != picks)
    other = {k: v for k, v in tally.failures.items() if k not in ("502", "503")}
    return {
        "confirmed": len(tally.confirmed),
        "lost": lost,
        "duplicated": duplicates,
        "stored_differently": wrong,
        "streams_completed": tally.streams,
        "failures_seen": dict(tally.failures),
        "unclean_failures": len(tally.unclean),
        "other_than_502_503": other,
    }


def scale_out(work: Path, index_dir: Path, confirms: int) -> dict[str, Any]:
    with postgres_cluster() as pg:
        env = base_env(pg.url, index_dir)
        instances = [AppInstance(env, work / f"app{n}.log") for n in (1, 2)]
        nginx = Nginx(work, [i.port for i in instances])
        timings: dict[str, float] = {}
        try:
            for instance in instances:
                instance.start()
            for instance in instances:
                instance.wait_ready()
            nginx.start()
            started = time.monotonic()

            def at(name: str, action: Callable[[], None]) -> Callable[[], None]:
                def run() -> None:
                    t0 = time.monotonic()
                    action()
                    timings[name] = round(time.monotonic() - t0, 2)

                return run

            def restart_instance() -> None:
                instances[0].start()
                instances[0].wait_ready()

            tally = drive(
                f"http://127.0.0.1:{nginx.port}",
                confirms,
                8,
                {
                    0.3: at("sigkill_s", instances[0].kill),
                    0.5: at("postgres_restart_s", pg.restart),
                    0.7: at("instance_restart_s", restart_instance),
                },
            )
            elapsed = time.monotonic() - started
            engine = create_engine(pg.url)
            with engine.connect() as conn:
                rows = conn.execute(text("SELECT review_id, question_id, answer FROM review_answers")).all()
            engine.dispose()
        finally:
            nginx.stop()
            for instance in instances:
                instance.stop()
    return {**verify(tally, rows), "seconds": round(elapsed, 1), "event_durations": timings}


def single_instance(work: Path, env: dict[str, str]) -> AppInstance:
    instance = AppInstance(env, work / "app.log")
    instance.start()
    instance.wait_ready()
    return instance


def sqlite_rows(path: Path) -> list[Any]:
    conn = sqlite3.connect(path)  # closed at once: on the tmpfs run an open file keeps the mount busy
    try:
        return conn.execute("SELECT review_id, question_id, answer FROM review_answers").fetchall()
    finally:
        conn.close()


def sqlite_lock(work: Path, index_dir: Path, confirms: int) -> dict[str, Any]:
    db = work / "lock.db"
    instance = single_instance(work, base_env(f"sqlite:///{db}", index_dir))
    held: dict[str, float] = {}

    def hold() -> None:
        def run() -> None:
            conn = sqlite3.connect(db, timeout=10, isolation_level=None)
            conn.execute("BEGIN EXCLUSIVE")
            held["from"] = time.monotonic()
            time.sleep(8)
            conn.rollback()
            conn.close()
            held["to"] = time.monotonic()

        threading.Thread(target=run, daemon=True).start()

    try:
        tally = drive(f"http://127.0.0.1:{instance.port}", confirms, 4, {0.4: hold})
    finally:
        instance.stop()
    return {**verify(tally, sqlite_rows(db)), "lock_held_s": round(held.get("to", 0) - held.get("from", 0), 1)}


def disk_full(work: Path, index_dir: Path, confirms: int) -> dict[str, Any]:
    if os.geteuid() != 0:
        return {"skipped": "needs root to mount a tmpfs"}
    mount = Path(tempfile.mkdtemp(prefix="mllens-tmpfs-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount)], check=True)
    filler = mount / "filler"
    try:
        db = mount / "full.db"
        instance = single_instance(work, base_env(f"sqlite:///{db}", index_dir))

        def fill() -> None:
            def free() -> None:
                time.sleep(6)
                filler.unlink()

            try:
                with open(filler, "wb", buffering=0) as handle:
                    while True:
                        handle.write(b"\0" * 65536)
            except OSError:  # full
                pass
            finally:
                threading.Thread(target=free, daemon=True).start()

        try:
            tally = drive(f"http://127.0.0.1:{instance.port}", confirms, 4, {0.4: fill})
        finally:
            instance.stop()
        rows = sqlite_rows(db)
    finally:
        for _ in range(20):  # the stopped instance may hold the mount busy for a moment
            if subprocess.run(["umount", str(mount)], capture_output=True, check=False).returncode == 0:
                break
            time.sleep(0.5)
        shutil.rmtree(mount, ignore_errors=True)
    return verify(tally, rows)


def llm_outage(work: Path, index_dir: Path, asks: int) -> dict[str, Any]:
    dead = free_port()  # nothing listens there
    env = base_env(
        f"sqlite:///{work / 'llm.db'}",
        index_dir,
        MLLENS_LLM_PROVIDER="openai",
        MLLENS_LLM_MODEL="any",
        MLLENS_LLM_BASE_URL=f"http://127.0.0.1:{dead}/v1",
        MLLENS_LLM_API_KEY="unused",
        MLLENS_LLM_TIMEOUT_S="2",
        MLLENS_LLM_MAX_RETRIES="0",
    )
    instance = single_instance(work, env)
    statuses: Counter[int] = Counter()
    notices = 0
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{instance.port}", timeout=30) as client:
            for _ in range(asks):
                response = client.post("/v1/ask", json={"question": "least privilege access to training data"})
                statuses[response.status_code] += 1
                notices += bool(response.is_success and response.json().get("notice"))
    finally:
        instance.stop()
    return {"asks": asks, "by_status": dict(statuses), "fallback_with_notice": notices}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", default="scale-out,sqlite-lock,disk-full,llm-outage")
    parser.add_argument("--confirms", type=int, default=500)
    args = parser.parse_args()
    global PROMPTS
    work = Path(tempfile.mkdtemp(prefix="mllens-faults-"))
    PROMPTS = make_prompts(work)
    index_dir = build_tiny_index(work / "index")
    runs = {
        "scale-out": lambda: scale_out(work / "scale", index_dir, args.confirms),
        "sqlite-lock": lambda: sqlite_lock(work / "lock", index_dir, max(100, args.confirms // 4)),
        "disk-full": lambda: disk_full(work / "disk", index_dir, max(100, args.confirms // 4)),
        "llm-outage": lambda: llm_outage(work / "llm", index_dir, 50),
    }
    results: dict[str, Any] = {"machine": f"{os.cpu_count()} cores, {sys.platform}, Python {sys.version.split()[0]}"}
    for name in args.runs.split(","):
        for sub in ("scale", "lock", "disk", "llm"):
            (work / sub).mkdir(exist_ok=True)
        started = time.monotonic()
        results[name] = runs[name]()
        results[name]["wall_s"] = round(time.monotonic() - started, 1)
        print(name, json.dumps(results[name]), flush=True)
    print(json.dumps(results, indent=2))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
