"""MLLENS_SQLITE_SYNCHRONOUS: every pooled SQLite connection gets the configured fsync policy (full by default), a
turn is saved in one transaction, and with "normal" a confirmed write survives the process being killed (kill -9)
right after it was confirmed: the product's durability rule (the power-loss trade is documented, not testable here)."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import event, select, text

from app.persistence.conversations import SqlConversationStore
from app.persistence.db import Database
from app.persistence.migrate import upgrade
from app.persistence.models import Turn
from app.principal import Principal
from app.qa.models import Answer, Citation
from app.settings import Settings

REPO = Path(__file__).resolve().parents[2]


def _answer(conversation_id: str) -> Answer:
    citation = Citation(
        bp_id="MLSEC03-BP01",
        title="Provide least privileged access",
        section="implementation_steps",
        url="https://docs.aws.amazon.com/wellarchitected/latest/machine-learning-lens/mlsec03-bp01.html",
        quote="Grant least privilege.",
    )
    return Answer(
        answer="Grant least privilege.",
        citations=(citation, citation),
        refused=False,
        mode="none",
        conversation_id=conversation_id,
    )


@pytest.mark.parametrize(("setting", "pragma"), [("full", 2), ("normal", 1)])
def test_every_connection_gets_the_configured_synchronous_mode(tmp_path: Path, setting: str, pragma: int) -> None:
    db = Database(f"sqlite:///{tmp_path / 'db.sqlite'}", sqlite_synchronous=setting)  # type: ignore[arg-type]
    try:
        with db.engine.connect() as one, db.engine.connect() as two:  # two pooled connections
            for conn in (one, two):
                assert conn.execute(text("PRAGMA synchronous")).scalar() == pragma
                assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    finally:
        db.dispose()


def test_the_default_is_full_and_anything_else_is_refused(tmp_path: Path) -> None:
    assert Settings(_env_file=None).sqlite_synchronous == "full"  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="sqlite_synchronous"):
        Database(f"sqlite:///{tmp_path / 'db.sqlite'}", sqlite_synchronous="off")  # type: ignore[arg-type]


def test_a_turn_is_one_transaction_with_one_commit(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    upgrade(db)
    store = SqlConversationStore(db)
    statements: list[str] = []
    commits: list[int] = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2].split()[0].upper()))
    event.listen(db.engine, "commit", lambda *_: commits.append(1))
    me = Principal.local()
    store.save_turn(me, "least privilege?", _answer("c1"))  # a new conversation
    assert len(commits) == 1
    # one look-up, then the conversation, the turn and its two citations (one executemany); no UPDATE, no second
    # look-up
    assert statements == ["SELECT", "INSERT", "INSERT", "INSERT"]
    statements.clear()
    commits.clear()
    second = store.save_turn(me, "and then?", _answer("c1"))  # continued
    assert len(commits) == 1 and statements.count("SELECT") == 2  # the conversation, its last position
    with db.session() as session:
        positions = session.scalars(select(Turn.position).where(Turn.conversation_id == "c1")).all()
        assert sorted(positions) == [1, 2] and second
        turn = session.get(Turn, second)
        assert turn is not None and turn.question == "and then?" and turn.tenant == "local"
        assert [(c.position, c.bp_id, c.quote) for c in turn.citations] == [
            (1, "MLSEC03-BP01", "Grant least privilege."),
            (2, "MLSEC03-BP01", "Grant least privilege."),
        ]
        assert turn.created_at is not None and turn.conversation.updated_at >= turn.conversation.created_at
    db.dispose()


def test_another_principals_conversation_is_still_not_found(tmp_path: Path) -> None:
    from app.errors import ConversationNotFound

    db = Database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    upgrade(db)
    store = SqlConversationStore(db)
    store.save_turn(Principal.local(), "q", _answer("c1"))
    with pytest.raises(ConversationNotFound):
        store.save_turn(Principal.api_key("k1"), "q", _answer("c1"))
    db.dispose()


WRITER = textwrap.dedent(
    """
    import os, signal, sys
    from app.persistence.conversations import SqlConversationStore
    from app.persistence.db import Database
    from app.persistence.migrate import upgrade
    from app.principal import Principal
    from app.qa.models import Answer

    db = Database(sys.argv[1], sqlite_synchronous="normal")
    upgrade(db)
    store = SqlConversationStore(db)
    for n in range(20):
        answer = Answer(answer=f"a{n}", citations=(), refused=False, mode="none", conversation_id="c")
        turn = store.save_turn(Principal.local(), f"question {n}", answer)
        print(turn, flush=True)  # confirmed to the caller
    os.kill(os.getpid(), signal.SIGKILL)  # no close, no checkpoint, no atexit
    """
)


def test_with_normal_a_confirmed_turn_survives_kill_9(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    done = subprocess.run([sys.executable, "-c", WRITER, url], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    confirmed = [int(line) for line in done.stdout.split()]
    assert len(confirmed) == 20
    db = Database(url)
    try:
        with db.session() as session:
            stored = session.scalars(select(Turn.id).where(Turn.conversation_id == "c")).all()
        assert sorted(stored) == sorted(confirmed)
    finally:
        db.dispose()
