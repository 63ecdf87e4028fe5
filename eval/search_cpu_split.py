"""Where one `/v1/search` request's CPU goes, per checkout, so a difference between two checkouts can be split by
source: the query embedding, the retriever's search given the vector (FAISS, BM25, fusion, the scope gate and its
signals), the HTTP edge (the whole route in process through the ASGI app and an httpx client, minus the two), and
then, in a pass of its own, the inclusive CPU time of every function of the retrieval modules (each wrapped in a
timer of its thread's CPU time). Each checkout runs in a process of its own with its own `app` first on the path (e.g.
an export of the base commit with index/ linked in, as eval/bench_start.py describes), alternating per repeat.

    .venv/bin/python eval/search_cpu_split.py [--questions 200] [--repeats 3] [--checkout DIR ...]

CPU is process time (all threads) per query, over the questions of eval/retrieval/questions.jsonl. Prints medians
over the repeats per checkout and stage, and the functions side by side (inclusive ms and calls per search); writes
eval/results/<ts>/search_cpu_split.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("embed", "search", "edge", "route")

# Runs inside the checkout's process: argv = checkout, database, questions file, count. Prints one JSON line.
PROBE = r"""
import asyncio, collections, json, sys, time
checkout, database, questions_file, count = sys.argv[1:5]
sys.path.insert(0, checkout)
import os
os.environ["MLLENS_DATABASE_URL"] = f"sqlite:///{database}"
os.environ["MLLENS_RATE_REQUESTS_PER_MINUTE"] = "0"
import httpx
from app.knowledge import load_knowledge_base
from app.main import create_app
from app.services import build_services
from app.settings import Settings

questions = [json.loads(l)["question"] for l in open(questions_file, encoding="utf-8") if l.strip()][: int(count)]
settings = Settings()
kb = load_knowledge_base(settings)
retriever, embedder = kb.retriever, kb.retriever.embedder

def cpu_ms(work):
    started = time.process_time()
    work()
    return (time.process_time() - started) * 1000 / len(questions)

for q in questions[:20]:  # warm the model and the caches
    retriever.search(q, k=5)
vectors = {}
def embed_all():
    for q in questions:
        vectors[q] = embedder.embed([q])
embed = cpu_ms(embed_all)
def search_all():
    for q in questions:
        retriever.search(q, k=5, vector=vectors[q])
search = cpu_ms(search_all)
services = build_services(settings, kb=kb)
app = create_app(settings, services)
async def route_all():
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
        for q in questions[:20]:
            await http.post("/v1/search", json={"query": q})
        started = time.process_time()
        for q in questions:
            reply = await http.post("/v1/search", json={"query": q})
            assert reply.status_code == 200, reply.text
        return (time.process_time() - started) * 1000 / len(questions)
async def main():
    async with app.router.lifespan_context(app):
        return await route_all()
route = asyncio.run(main())
services.close()
# Inclusive time per function of the retrieval modules (each wrapped in a timer, so a function's figure includes what
# it calls; the wrappers' own overhead is charged too, so read `calls` beside it): which one grew between checkouts.
import functools, importlib, inspect
timed = collections.defaultdict(lambda: [0.0, 0])
def timer(name, func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        started = time.thread_time()  # CPU of this thread: other processes' load does not count
        try:
            return func(*args, **kwargs)
        finally:
            entry = timed[name]
            entry[0] += time.thread_time() - started
            entry[1] += 1
    return wrapper
modules = [importlib.import_module(f"app.retrieval.{m}") for m in ("hybrid", "scope", "override", "idioms", "lexical")]
try:
    modules.append(importlib.import_module("app.retrieval.spellings"))
except ImportError:
    pass
modules.append(importlib.import_module("app.lens.ids"))
loaded = [m for n, m in sys.modules.items() if n.startswith("app.") and m is not None]
for module in modules:
    for name, obj in list(vars(module).items()):
        short = module.__name__.rsplit(".", 1)[-1]
        skip = name.startswith(("load", "build", "read"))
        if inspect.isfunction(obj) and obj.__module__ == module.__name__ and not skip:
            wrapped = timer(f"{short}.{name}", obj)
            for other in loaded:  # every module that imported it by name calls the wrapper
                for key, value in list(vars(other).items()):
                    if value is obj:
                        setattr(other, key, wrapped)
        elif inspect.isclass(obj) and obj.__module__ == module.__name__:
            for attr, member in list(vars(obj).items()):
                if inspect.isfunction(member) and not attr.startswith("__"):
                    setattr(obj, attr, timer(f"{short}.{name}.{attr}", member))
search_all()
by_module = {name: [round(total * 1000 / len(questions), 4), round(calls / len(questions), 2)]
             for name, (total, calls) in timed.items()}
print(json.dumps({"embed": embed, "search": search, "route": route, "edge": route - embed - search,
                  "functions": by_module}))
"""


def probe(checkout: Path, questions: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="search-cpu-split-") as tmp:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                PROBE,
                str(checkout),
                str(Path(tmp) / "split.db"),
                str(ROOT / "eval" / "retrieval" / "questions.jsonl"),
                str(questions),
            ],
            cwd=checkout,
            capture_output=True,
            text=True,
            timeout=900,
        )
    if done.returncode != 0:
        raise SystemExit(f"{checkout}: {done.stderr[-2000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=200, help="questions per stage (max 1000)")
    parser.add_argument("--repeats", type=int, default=3, help="processes per checkout, alternating (max 10)")
    parser.add_argument("--checkout", action="append", type=Path, help="another checkout to compare (repeatable)")
    args = parser.parse_args()
    questions, repeats = max(20, min(args.questions, 1000)), max(1, min(args.repeats, 10))
    checkouts = [ROOT, *(c.resolve() for c in args.checkout or [])]
    load_before = os.getloadavg()
    runs: dict[str, list[dict[str, object]]] = {str(c): [] for c in checkouts}
    for repeat in range(repeats):
        for checkout in checkouts if repeat % 2 == 0 else checkouts[::-1]:
            runs[str(checkout)].append(probe(checkout, questions))
    medians: dict[str, dict[str, object]] = {}
    for name, found in runs.items():
        stages = {
            s: round(statistics.median(float(r[s]) for r in found), 3) for s in ("embed", "search", "edge", "route")
        }  # type: ignore[arg-type]
        functions: dict[str, list[float]] = {}
        calls: dict[str, float] = {}
        for r in found:
            for function, (ms, n) in r["functions"].items():  # type: ignore[attr-defined]
                functions.setdefault(function, []).append(ms)
                calls[function] = n
        timed = {f: round(statistics.median(v), 4) for f, v in functions.items()}
        medians[name] = {**stages, "functions": {f: [timed[f], calls[f]] for f in timed}}
        print(name)
        for stage in ("embed", "search", "edge", "route"):
            print(f"  {stage:8s} {stages[stage]:7.3f} ms   repeats {[round(float(r[stage]), 3) for r in found]}")  # type: ignore[arg-type]
    names = list(medians)
    every = sorted({f for m in medians.values() for f in m["functions"]})  # type: ignore[attr-defined]
    print(f"inclusive ms per search (calls per search), {' | '.join(Path(n).name for n in names)}:")
    rows = []
    for function in every:
        figures = [medians[n]["functions"].get(function, [0.0, 0.0]) for n in names]  # type: ignore[attr-defined]
        rows.append((max(f[0] for f in figures), function, figures))
    for _, function, figures in sorted(rows, reverse=True)[:40]:
        print(f"  {function:52s} " + " | ".join(f"{ms:7.4f} ({n:g})" for ms, n in figures))
    sys.path.insert(0, str(ROOT))
    from app.evaluation.results import run_facts, write_results

    report = {
        **run_facts(load_before),
        "questions": questions,
        "repeats": repeats,
        "runs": runs,
        "medians": medians,
    }
    print(f"wrote {write_results(report, ROOT / 'eval' / 'results', 'search_cpu_split')}")


if __name__ == "__main__":
    main()
