"""Shared fixtures: a tiny corpus (2 pillars x 2 questions) indexed with the hash embedder, settings pointing at tmp
dirs, a socket guard that fails any connection beyond loopback, and a migrated database per test (SQLite always;
PostgreSQL, a fresh schema on MLLENS_TEST_POSTGRES_URL, when set)."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from support.checkout import use_this_checkout

from app.knowledge import KnowledgeBase, load_knowledge_base
from app.lens.loader import load_lens
from app.persistence.db import Database, normalise_url
from app.persistence.migrate import upgrade
from app.retrieval.hash_embedder import HashEmbedder
from app.retrieval.index_store import build_index
from app.retrieval.inputs import load_retrieval_inputs
from app.services import Services, build_services
from app.settings import Settings

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

FIXTURES = Path(__file__).parent / "fixtures"
TINY_CORPUS = FIXTURES / "corpus"
TINY_PROMPTS = FIXTURES / "prompts"
REPO = Path(__file__).resolve().parent.parent

use_this_checkout()  # before any test starts a subprocess: see tests/support/checkout.py

_real_connect = socket.socket.connect


def _guarded_connect(self: socket.socket, address: object) -> object:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and not (
        host.startswith("127.") or host in ("localhost", "::1") or self.family == socket.AF_UNIX
    ):
        raise RuntimeError(f"test tried to reach the network: {address!r}")
    return _real_connect(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only loopback is reachable from tests."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)


@pytest.fixture(scope="session")
def tiny_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("tiny") / "index"
    lens = load_lens(TINY_CORPUS)
    inputs = load_retrieval_inputs(lens, TINY_CORPUS, TINY_PROMPTS)
    build_index(lens, HashEmbedder(), directory, inputs, log=lambda _m: None)
    return directory


@pytest.fixture
def tiny_settings(tiny_index_dir: Path, tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        corpus_dir=TINY_CORPUS,
        prompts_dir=TINY_PROMPTS,
        index_dir=tiny_index_dir,
        embedder="hash",
        relevance_threshold=0.2,
        database_url=f"sqlite:///{tmp_path / 'test.db'}",
    )


@pytest.fixture
def tiny_kb(tiny_settings: Settings) -> KnowledgeBase:
    return load_knowledge_base(tiny_settings)


@pytest.fixture
def services(tiny_settings: Settings, tiny_kb: KnowledgeBase) -> Iterator[Services]:
    """The composition root over the tiny knowledge base, closed after the test."""
    built = build_services(tiny_settings, kb=tiny_kb)
    yield built
    built.close()


@pytest.fixture
def client(tiny_settings: Settings, services: Services) -> Iterator[TestClient]:
    """The whole app (API, web edge) over `services`, in process, its lifespan run."""
    from fastapi.testclient import TestClient

    from app.main import create_app

    with TestClient(create_app(tiny_settings, services)) as test_client:
        yield test_client


@pytest.fixture
def cli_env(tiny_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Point the `mllens` CLI (which reads MLLENS_* from the environment) at the tiny corpus and index."""
    monkeypatch.setenv("MLLENS_CORPUS_DIR", str(tiny_settings.corpus_dir))
    monkeypatch.setenv("MLLENS_PROMPTS_DIR", str(tiny_settings.prompts_dir))
    monkeypatch.setenv("MLLENS_INDEX_DIR", str(tiny_settings.index_dir))
    monkeypatch.setenv("MLLENS_EMBEDDER", "hash")
    monkeypatch.setenv("MLLENS_RELEVANCE_THRESHOLD", str(tiny_settings.relevance_threshold))
    monkeypatch.setenv("MLLENS_DATABASE_URL", tiny_settings.database_url)
    return tiny_settings


@pytest.fixture(scope="session")
def full_settings() -> Iterator[Settings]:
    """The shipped corpus and index with the real model (integration tests only)."""
    yield Settings(_env_file=None, embedder="minilm")  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def full_kb(full_settings: Settings) -> KnowledgeBase:
    return load_knowledge_base(full_settings)


@pytest.fixture(scope="session")
def interacting_kb(full_settings: Settings) -> KnowledgeBase:
    """The shipped index with late interaction switched on (MLLENS_LATE_INTERACTION, off by default)."""
    return load_knowledge_base(full_settings.model_copy(update={"late_interaction": True}))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, migrated_database: Callable[[str], Database]) -> Database:
    return migrated_database(request.param)


@pytest.fixture
def migrated_database(tmp_path: Path) -> Iterator[Callable[[str], Database]]:
    """Opens a migrated database of a kind, disposed of after the test: "sqlite" under tmp_path, or "postgres" (a fresh
    schema on MLLENS_TEST_POSTGRES_URL; skips the test when that is not set)."""
    with ExitStack() as stack:
        yield lambda kind: stack.enter_context(_migrated(kind, tmp_path))


@contextmanager
def _migrated(kind: str, tmp_path: Path) -> Iterator[Database]:
    if kind == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'migrated.db'}")
        upgrade(db)
        yield db
        db.dispose()
        return
    url = os.environ.get("MLLENS_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("MLLENS_TEST_POSTGRES_URL is not set")
    with _postgres_schema(normalise_url(url)) as db:
        yield db


@contextmanager
def _postgres_schema(url: str) -> Iterator[Database]:
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as exc:  # a server that went away: say so once, not as a driver traceback per test
        admin.dispose()
        where = make_url(url).render_as_string(hide_password=True)
        pytest.fail(
            f"MLLENS_TEST_POSTGRES_URL is set, but PostgreSQL does not answer at {where} ({exc.orig}); "
            "start it with `bash .ci/postgres`, or unset the variable to skip the PostgreSQL tests",
            pytrace=False,
        )
    scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    db = Database(scoped.render_as_string(hide_password=False))
    try:
        upgrade(db)
        yield db
    finally:
        db.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
