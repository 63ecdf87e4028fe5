"""`mllens serve` with measurement hooks, for eval/ab_load.py: garbage-collector pauses, and the embedding batches
(batch sizes, model calls, each query's wait in the queue and its time to a vector). Written as JSON to the path in
MLLENS_PROBE_OUT when the server stops (SIGTERM); SIGUSR1 forgets what was recorded so far. The hooks cost a clock
read or two per query and per collection.

    MLLENS_PROBE_OUT=probe.json .venv/bin/python eval/serve_probe.py serve --port 8123

MLLENS_PROBE_GC=freeze  gc.freeze() once the server is ready (what `mllens serve` itself does since the fourth pass;
                        for trees before it), MLLENS_PROBE_GC=<n>  gen-0 threshold n once ready; freeze,<n> both.
MLLENS_PROBE_ONE_CALL_PER_BATCH=1  no length grouping (every queued batch one call padded to its longest query).
MLLENS_PROBE_CALL_COST=<pieces>  the length grouping's fixed cost per model call (onnx_embedder.CALL_COST_PIECES).
MLLENS_PROBE_TRIM_INTERVAL=<s>  seconds between heap trims after model batches (app/memory.py HeapTrimmer, 2 s).
MLLENS_PROBE_SWITCH_INTERVAL=<s>  the GIL's switch interval (sys.setswitchinterval; CPython's default 0.005 s).
Runs whatever `app` is first on sys.path, so another source tree can be probed with PYTHONPATH.
"""

from __future__ import annotations

import atexit
import gc
import json
import os
import signal
import sys
import threading
import time
from collections import Counter
from typing import Any

_gc_started = [0.0]
gc_pauses: dict[int, list[float]] = {0: [], 1: [], 2: []}
batch_sizes: Counter[int] = Counter()
call_sizes: Counter[int] = Counter()
queue_wait_ms: list[float] = []
to_vector_ms: list[float] = []
_local = threading.local()


def _on_gc(phase: str, info: dict[str, Any]) -> None:
    if phase == "start":
        _gc_started[0] = time.perf_counter()
    else:
        gc_pauses[int(info["generation"])].append((time.perf_counter() - _gc_started[0]) * 1000)


def _install_batching_hooks() -> None:
    from app.retrieval import batching

    cls = batching.BatchingEmbedder
    submit, embed_batch, finish = cls._submit, cls._embed_batch, batching._Request.finish

    def timed_submit(self: Any, item: Any) -> Any:
        request = item if isinstance(item, batching._Request) else batching._Request(item)
        request.probe_submitted = time.perf_counter()  # type: ignore[attr-defined]
        return submit(self, request)

    def timed_embed_batch(self: Any, texts: list[str]) -> Any:
        _local.call_started = time.perf_counter()
        batch_sizes[len(texts)] += 1
        return embed_batch(self, texts)

    def timed_finish(self: Any) -> None:
        submitted = getattr(self, "probe_submitted", None)
        if submitted is not None:
            now = time.perf_counter()
            queue_wait_ms.append((getattr(_local, "call_started", now) - submitted) * 1000)
            to_vector_ms.append((now - submitted) * 1000)
        finish(self)

    cls._submit, cls._embed_batch, batching._Request.finish = timed_submit, timed_embed_batch, timed_finish
    from app.retrieval.onnx_embedder import OnnxEmbedder

    forward = OnnxEmbedder._forward

    def counted_forward(self: Any, pieces: list[list[int]], **kwargs: Any) -> Any:
        call_sizes[len(pieces)] += 1
        return forward(self, pieces, **kwargs)

    OnnxEmbedder._forward = counted_forward  # type: ignore[method-assign]


def _quantiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    ordered = sorted(values)
    pick = lambda q: round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 3)  # noqa: E731
    return {"n": len(ordered), "p50": pick(0.5), "p90": pick(0.9), "p99": pick(0.99), "max": round(ordered[-1], 3)}


def _reset(signum: int, frame: Any) -> None:
    """SIGUSR1: forget what was recorded so far (ab_load.py sends it after the warm-up, so start-up is not counted)."""
    for pauses in gc_pauses.values():
        pauses.clear()
    batch_sizes.clear()
    call_sizes.clear()
    queue_wait_ms.clear()
    to_vector_ms.clear()


def _dump(path: str) -> None:
    report = {
        "gc": {f"gen{g}": {**_quantiles(p), "total_ms": round(sum(p), 1)} for g, p in gc_pauses.items()},
        "gc_threshold": gc.get_threshold(),
        "gc_frozen": gc.get_freeze_count(),
        "batches": {str(k): v for k, v in sorted(batch_sizes.items())},
        "model_calls_by_size": {str(k): v for k, v in sorted(call_sizes.items())},
        "queue_wait_ms": _quantiles(queue_wait_ms),
        "submit_to_vector_ms": _quantiles(to_vector_ms),
    }
    with open(path, "w") as out:
        json.dump(report, out, indent=2)


def _apply_gc_setting(setting: str) -> None:
    """`freeze` and a gen-0 threshold take effect once the server is ready (after the product's own gc_for_serving,
    so they override it)."""
    parts = [p for p in setting.split(",") if p]
    threshold = next((int(p) for p in parts if p.isdigit()), None)
    if not parts:
        return
    from app import main as app_main

    create_app = app_main.create_app

    def create_and_set_when_ready(*args: Any, **kwargs: Any) -> Any:
        app = create_app(*args, **kwargs)

        def set_once_ready() -> None:
            while getattr(app.state, "services", None) is None:
                time.sleep(0.05)
            if "freeze" in parts:
                gc.collect()
                gc.freeze()
            if threshold is not None:
                gc.set_threshold(threshold, *gc.get_threshold()[1:])

        threading.Thread(target=set_once_ready, daemon=True).start()
        return app

    app_main.create_app = create_and_set_when_ready


def main() -> None:
    out = os.environ.get("MLLENS_PROBE_OUT")
    gc.callbacks.append(_on_gc)
    _install_batching_hooks()
    _apply_gc_setting(os.environ.get("MLLENS_PROBE_GC", ""))
    if os.environ.get("MLLENS_PROBE_ONE_CALL_PER_BATCH"):  # no length grouping: a queued batch is one padded call
        from app.retrieval import onnx_embedder

        onnx_embedder.length_groups = lambda lengths: [list(range(len(lengths)))]
    if os.environ.get("MLLENS_PROBE_CALL_COST"):  # the length grouping's fixed cost of a model call, in word pieces
        from app.retrieval import onnx_embedder

        onnx_embedder.CALL_COST_PIECES = float(os.environ["MLLENS_PROBE_CALL_COST"])
    if os.environ.get("MLLENS_PROBE_TRIM_INTERVAL"):  # seconds between heap trims after model batches (default 2)
        from app import memory

        memory.HeapTrimmer.__init__.__defaults__ = (float(os.environ["MLLENS_PROBE_TRIM_INTERVAL"]),)
    if os.environ.get("MLLENS_PROBE_SWITCH_INTERVAL"):  # the GIL's switch interval in seconds (CPython: 0.005)
        sys.setswitchinterval(float(os.environ["MLLENS_PROBE_SWITCH_INTERVAL"]))
    if out:
        atexit.register(_dump, out)

        def stop(signum: int, frame: Any) -> None:  # uvicorn restores this handler and re-raises SIGTERM after shutdown
            sys.exit(0)  # so atexit runs

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGUSR1, _reset)
    from app.cli import main as cli

    sys.argv = ["mllens", *sys.argv[1:]]
    cli()


if __name__ == "__main__":
    main()
