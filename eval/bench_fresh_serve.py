"""Time a newcomer's first `bash .ci/serve`: clone this repository's HEAD into a fresh directory (no `.venv`, no
database), run `bash .ci/serve` there on a free loopback port, and report the seconds until `.venv` is installed, the
port accepts connections and `/readyz` says ready; then a second start from the same clone (the installed case).

    python3 eval/bench_fresh_serve.py [--keep]

The pip download cache (~/.cache/pip) is left as it is, so the first figure is "fresh clone on a machine that has
installed the lock before" unless that cache is empty; the report prints the load average before and after, since
the install is CPU-bound. Stdlib only (it runs before any venv exists). The server's process group is killed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_S = 1800


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as reply:
            return bool(json.load(reply).get("status") == "ready")
    except (OSError, ValueError):
        return False


def start(clone: Path) -> dict[str, float]:
    """Run `bash .ci/serve --port P` in `clone`; seconds to venv, first served request, ready. Kills the server."""
    port = free_port()
    log = (clone / "serve.log").open("w")
    started = time.monotonic()
    proc = subprocess.Popen(
        ["bash", ".ci/serve", "--port", str(port)],
        cwd=clone,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    marks: dict[str, float] = {}
    try:
        while time.monotonic() - started < TIMEOUT_S:
            now = time.monotonic() - started
            if "venv" not in marks and (clone / ".venv" / "bin" / "mllens").exists():
                marks["venv"] = now
            if ready(port):
                marks["ready"] = now
                return marks
            if proc.poll() is not None:
                raise RuntimeError(f"serve exited with {proc.returncode}; see {clone / 'serve.log'}")
            time.sleep(0.25)
        raise RuntimeError("not ready in time")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", action="store_true", help="Keep the clone (default: delete it).")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="mllens-fresh-"))
    clone = base / "ml-lens-assistant"
    load_before = os.getloadavg()
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    try:
        first = start(clone)
        second = start(clone)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    report = {
        "first_start_s": {k: round(v, 1) for k, v in first.items()},
        "second_start_s": {k: round(v, 1) for k, v in second.items()},
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
