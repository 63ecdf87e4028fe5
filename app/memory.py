"""Process memory hygiene for long-running servers on glibc (no-ops elsewhere): fewer malloc arenas, and freed heap
pages handed back to the OS after model batches. And, on any platform, the objects of start-up kept out of the
garbage collector's full collections, and fewer gen-0 collections, in a server (`gc_for_serving`).

Why (measured with eval/rss_search.py and /proc/<pid>/smaps): under sustained load the heap of a serving worker grew
by ~50 MB in its first thousand searches and stayed there. The growth was freed scratch memory of the model's batches
(their size varies with the batch and the text lengths) that glibc keeps inside the heap, where a later small
allocation pins the top and plain `free` cannot return it. `malloc_trim(0)` returns every free page of every arena
(not just the top); a background thread does it at most once per `interval_s` after model batches (~10 ms a trim on
a serving worker, so under 1% of one core), and once after start-up.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import sys
import threading
import time
from typing import Any

logger = logging.getLogger(__name__)
MALLOC_ARENAS = 2
_M_ARENA_MAX = -8  # glibc's mallopt parameter number


def _libc() -> Any | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt  # noqa: B018 - musl and other C libraries have no mallopt / malloc_trim
        libc.malloc_trim  # noqa: B018
        return libc
    except (OSError, AttributeError):
        logger.debug("glibc malloc controls are not available")
        return None


_LIBC = _libc()


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """glibc gives each thread that allocates under contention its own arena (up to 8 per core), and freed memory
    stays in the arena it came from, so a threaded server grows with the number of threads that ever served a
    request. Same as MALLOC_ARENA_MAX=<arenas>; call before the server's threads start. Returns whether it was set."""
    return bool(_LIBC is not None and _LIBC.mallopt(_M_ARENA_MAX, arenas))


def trim_heap() -> bool:
    """Return every free heap page to the OS now (after start-up's temporary allocations, e.g. parsing the index)."""
    if _LIBC is None:
        return False
    _LIBC.malloc_trim(0)
    return True


class HeapTrimmer:
    """`request()` after a burst of allocations (a model batch): a background thread returns the free heap pages to
    the OS, at most once per `interval_s`, and only when something was requested since the last time. The trim
    (~10 ms on a serving worker) runs in its own thread, so no request waits for it."""

    def __init__(self, interval_s: float = 2.0) -> None:
        self._interval_s = interval_s
        self._wanted = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self.trims = 0
        self.seconds = 0.0  # spent trimming, in total

    def request(self) -> None:
        if _LIBC is None:
            return
        self._wanted.set()
        if self._thread is None:
            with self._start_lock:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="heap-trim", daemon=True)
                    self._thread.start()

    def _run(self) -> None:
        assert _LIBC is not None
        while True:
            self._wanted.wait()
            self._wanted.clear()
            started = time.perf_counter()
            _LIBC.malloc_trim(0)
            self.seconds += time.perf_counter() - started
            self.trims += 1
            time.sleep(self._interval_s)


SERVING_GC_THRESHOLD = 2000  # gen-0 collections: after this many more allocations than frees (CPython's default 700)


def gc_for_serving() -> int:
    """Set the garbage collector for a serving process, once it is ready:

    - every object alive now (index, model, lens, settings: ~190,000 tracked objects) moves to the collector's
      permanent generation, so full collections no longer walk them. Under 16 clients a full collection came every
      ~6 s and stopped every thread for ~120 ms, the largest single source of the p99; after the freeze one takes
      ~3 ms. O(1), no pause. Those objects are never collected (they live as long as the server anyway; start-up
      leaves ~900 unreachable ones, a few KB);
    - gen-0 collections wait for 2,000 net allocations instead of 700: 16 requests in flight hold more than 700
      objects between them, so the default collected ~30 times a second under load (each pausing every thread)
      for almost no garbage; at 2,000, 1-3 times a second (5,000: a few times a minute, but the asks' cyclic
      garbage then lingers longer, a few MB of RSS).

    Measured interleaved under 16 clients in docs/performance.md ("Fourth pass"). Only a server process calls this
    (a test process would keep every earlier test's objects for ever). Returns the number of frozen objects."""
    gc.freeze()
    gc.set_threshold(SERVING_GC_THRESHOLD, *gc.get_threshold()[1:])
    return gc.get_freeze_count()
