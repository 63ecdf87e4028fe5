"""app.memory: on glibc (this project's Linux images), the malloc controls are really applied; elsewhere no-ops."""

from __future__ import annotations

import sys
import time

import pytest

from app import memory

glibc = pytest.mark.skipif(memory._LIBC is None, reason="needs glibc")


@glibc
def test_arenas_can_be_limited_and_the_heap_trimmed() -> None:
    assert memory.limit_malloc_arenas(8)  # the glibc default on 1 core: harmless in the test process
    assert memory.trim_heap()


@glibc
def test_the_trimmer_trims_in_its_own_thread_once_per_interval_and_only_after_a_request() -> None:
    trimmer = memory.HeapTrimmer(interval_s=0.2)
    time.sleep(0.3)
    assert trimmer.trims == 0  # nothing requested, nothing done
    for _ in range(50):  # a burst of requests within one interval
        trimmer.request()
    deadline = time.monotonic() + 5
    while trimmer.trims == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert trimmer.trims == 1
    time.sleep(0.5)
    assert trimmer.trims <= 2  # the burst collapsed into at most one more trim, then it waits for new requests


def test_without_glibc_everything_is_a_no_op(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "_LIBC", None)
    assert not memory.limit_malloc_arenas()
    assert not memory.trim_heap()
    trimmer = memory.HeapTrimmer()
    trimmer.request()
    assert trimmer._thread is None and sys.platform  # no thread started
