"""The widget embedded in a portal on another origin, as a deployment would have it: a widget key bound to the
portal's origin, a signed user token from the portal's backend, CORS preflights and SSE across origins, the portal's
own strict CSP; the same key from an origin it does not allow gets nothing; people see only their own reviews."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.persistence.db import Database
from app.persistence.identity import IdentityLinkStore
from app.persistence.keys import ApiKeyStore
from app.persistence.migrate import upgrade
from app.persistence.widget_keys import WidgetKeyStore
from app.principal import Principal
from app.user_tokens import sign_user_token

from .conftest import Server, Watch, start_server, stop_server, watch_page

pytestmark = pytest.mark.e2e
TINY = Path(__file__).resolve().parents[1] / "fixtures"
QUESTION = "least privilege access to training data"


class Portal:
    """A static site on its own loopback address (so its own origin), sending `csp` as its Content-Security-Policy."""

    def __init__(self, host: str, root: Path) -> None:
        self.csp = ""
        portal = self

        class Handler(SimpleHTTPRequestHandler):
            def end_headers(self) -> None:
                if portal.csp:
                    self.send_header("Content-Security-Policy", portal.csp)
                super().end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer((host, 0), partial(Handler, directory=str(root)))
        self.origin = f"http://{host}:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def keyed(tmp_path_factory: pytest.TempPathFactory, tiny_index_dir: Path) -> Iterator[dict[str, Any]]:
    """A server on the tiny lens whose only widget key allows the portal on 127.0.0.2, and two portals (127.0.0.2,
    allowed, and 127.0.0.3, not) serving pages that embed the widget from the server's origin."""
    work = tmp_path_factory.mktemp("keyed")
    pages = work / "pages"
    pages.mkdir()
    allowed, evil = Portal("127.0.0.2", pages), Portal("127.0.0.3", pages)
    db = Database(f"sqlite:///{work / 'e2e.db'}")
    upgrade(db)
    key, raw = WidgetKeyStore(db).create("portal", [allowed.origin])
    _, secret = ApiKeyStore(db).create("eval")
    db.dispose()
    env = {
        "MLLENS_CORPUS_DIR": str(TINY / "corpus"),
        "MLLENS_PROMPTS_DIR": str(TINY / "prompts"),
        "MLLENS_INDEX_DIR": str(tiny_index_dir),
        "MLLENS_EMBEDDER": "hash",
        "MLLENS_RELEVANCE_THRESHOLD": "0.2",
    }
    server = start_server(work, env)
    for portal in (allowed, evil):  # the portal's own strict CSP lets only the widget's server in
        portal.csp = f"default-src 'none'; script-src {server.base}; connect-src {server.base}; img-src data:"
    signed = sign_user_token(key.user_token_secret, "alice", int(time.time()) + 600)
    for name, token in (("alice", signed), ("anon", "")):
        user = f' data-user-token="{token}"' if token else ""
        (pages / f"{name}.html").write_text(
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme portal</title>'
            '<link rel="icon" href="data:,">'
            f'<script src="{server.base}/widget.js" data-key="{raw}"{user} defer></script></head>'
            "<body><main><h1>Acme portal</h1></main></body></html>"
        )
    for name, attrs in (("wrongkey", ' data-key="pk_not-a-key-of-this-server"'), ("nokey", "")):
        (pages / f"{name}.html").write_text(
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme portal</title>'
            f'<link rel="icon" href="data:,"><script src="{server.base}/widget.js"{attrs} defer></script></head>'
            "<body><main><h1>Acme portal</h1></main></body></html>"
        )
    yield {"server": server, "allowed": allowed, "evil": evil, "secret": secret, "db": f"sqlite:///{work / 'e2e.db'}"}
    stop_server(server)
    allowed.close()
    evil.close()


def new_page(browser: Any, watch: Watch) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(15000)
    return watch_page(context.new_page(), watch)


def ui(page: Any) -> Any:
    return page.locator("[data-mllens-widget]")


def test_a_portal_on_another_origin_with_a_signed_user(browser: Any, keyed: dict[str, Any]) -> None:
    server: Server = keyed["server"]
    portal, evil = keyed["allowed"], keyed["evil"]
    watch = Watch()
    alice = new_page(browser, watch)
    alice.goto(f"{portal.origin}/alice.html")
    alice.get_by_role("button", name="Open ML Lens assistant").click()
    ui(alice).get_by_role("textbox", name="Message").fill(QUESTION)
    ui(alice).get_by_role("button", name="Send").click()
    answer = ui(alice).locator(".msg.bot").last
    answer.locator(".fb").wait_for()
    assert answer.locator(".chip").first.inner_text().startswith("MLSEC03-BP")
    answer.get_by_role("button", name="Helpful — this answer", exact=True).click()
    answer.get_by_text("Thanks.").wait_for()
    ui(alice).get_by_role("tab", name="Review").click()
    ui(alice).get_by_label("Workload name").fill("Alice's fraud model")
    ui(alice).get_by_role("button", name="Start review").click()
    ui(alice).locator(".qtext").wait_for()
    assert [u for u in watch.requests if not u.startswith((portal.origin, server.base, "data:"))] == []
    assert watch.errors == []

    # Alice again in a fresh browser: her review is listed; an anonymous visitor sees none of it.
    again = new_page(browser, Watch())
    again.goto(f"{portal.origin}/alice.html")
    again.get_by_role("button", name="Open ML Lens assistant").click()
    ui(again).get_by_role("tab", name="Review").click()
    ui(again).get_by_role("button", name="Resume “Alice's fraud model”").wait_for()
    stranger = new_page(browser, Watch())
    stranger.goto(f"{portal.origin}/anon.html")
    stranger.get_by_role("button", name="Open ML Lens assistant").click()
    ui(stranger).get_by_role("tab", name="Review").click()
    ui(stranger).get_by_role("button", name="Start review").wait_for()
    assert ui(stranger).get_by_text("Alice's fraud model").count() == 0

    # The widget's feedback reached the server under Alice's verified identity.
    rows = httpx.get(f"{server.base}/v1/feedback", headers={"Authorization": f"Bearer {keyed['secret']}"}).text
    feedback = [json.loads(line) for line in rows.splitlines()]
    assert [(f["subject"], f["rating"], f["target"]) for f in feedback] == [("user:alice", "up", "answer")]

    # The same key on a page from an origin it does not allow: the browser gets nothing.
    blocked_watch = Watch()
    blocked = new_page(browser, blocked_watch)
    blocked.goto(f"{evil.origin}/alice.html")
    blocked.get_by_role("button", name="Open ML Lens assistant").click()
    ui(blocked).get_by_role("textbox", name="Message").fill(QUESTION)
    ui(blocked).get_by_role("button", name="Send").click()
    ui(blocked).locator(".msg.bot .error").last.wait_for()
    assert ui(blocked).locator(".msg.bot .chip").count() == 0
    for page in (alice, again, stranger, blocked):
        page.context.close()


def test_a_signed_user_links_their_slack_account(browser: Any, keyed: dict[str, Any]) -> None:
    db = Database(keyed["db"])
    code = IdentityLinkStore(db).create_code(Principal.slack("T0001", "U0042"))  # what `/mllens link` shows
    db.dispose()
    page = new_page(browser, Watch())
    page.goto(f"{keyed['allowed'].origin}/alice.html")
    page.get_by_role("button", name="Open ML Lens assistant").click()
    ui(page).get_by_role("tab", name="Review").click()
    ui(page).get_by_text("Link your Slack account").click()
    ui(page).get_by_label("Code from Slack").fill(code)
    ui(page).get_by_role("button", name="Link", exact=True).click()
    ui(page).get_by_text("Linked Slack user U0042").wait_for()
    db = Database(keyed["db"])
    target = IdentityLinkStore(db).target_of(Principal.slack("T0001", "U0042"))
    db.dispose()
    assert target is not None and target.subject == "user:alice" and target.kind == "widget"
    page.context.close()


def test_a_refused_key_is_explained_in_both_tabs(browser: Any, keyed: dict[str, Any]) -> None:
    """A page whose key the server refuses says so where the person looks: under the question in Ask, and at the top
    of the Review tab (it was shown and wiped at once there); a page without a key is not told to send an API key."""
    portal = keyed["allowed"]
    for name, expected in (
        ("wrongkey", "the assistant refused this page: unknown widget key."),
        ("nokey", "the assistant is not set up for this page: it needs a widget key"),
    ):
        page = new_page(browser, Watch())
        page.goto(f"{portal.origin}/{name}.html")
        page.get_by_role("button", name="Open ML Lens assistant").click()
        ui(page).get_by_role("textbox", name="Message").fill(QUESTION)
        ui(page).get_by_role("button", name="Send").click()
        error = ui(page).locator(".msg.bot .error").last
        error.wait_for()
        assert expected in error.inner_text() and "Bearer" not in error.inner_text()
        ui(page).get_by_role("tab", name="Review").click()
        ui(page).get_by_role("button", name="Start review").wait_for()
        alert = ui(page).get_by_role("alert").filter(has_text=expected)
        assert alert.count() == 1, ui(page).locator(".scroll").inner_text()
        page.context.close()
