from __future__ import annotations

import pytest

from app.settings import Settings


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
