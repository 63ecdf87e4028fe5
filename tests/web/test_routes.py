"""The web edge: the demo page (strict CSP, no inline script or style, the widget tag, the demo key), /widget.js (the
committed build, with no eval, Function or innerHTML), and the edge's imports (never app.api)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from fastapi.testclient import TestClient

from app.main import create_app
from app.services import Services
from app.settings import Settings

WEB = Path(__file__).resolve().parents[2] / "app" / "web"


def test_demo_page_has_a_strict_csp_and_no_inline_code(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    page = response.text
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", page, flags=re.S)
    assert scripts == [""] and '<script src="/widget.js" defer>' in page
    assert "<style" not in page and not re.search(r"<[^>]*\s(style|on[a-z]+)=", page)


def test_demo_page_embeds_the_demo_key_escaped_and_can_be_switched_off(
    tiny_settings: Settings, services: Services
) -> None:
    keyed = tiny_settings.model_copy(update={"demo_widget_key": 'pk_abc"><script>'})
    with TestClient(create_app(keyed, services)) as client:
        assert 'data-key="pk_abc&quot;&gt;&lt;script&gt;"' in client.get("/").text
    off = tiny_settings.model_copy(update={"demo_page": False})
    with TestClient(create_app(off, services)) as client:
        assert client.get("/").status_code == 404
        assert client.get("/widget.js").status_code == 200


def test_widget_js_is_the_committed_build_and_safe(client: TestClient) -> None:
    response = client.get("/widget.js")
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["cross-origin-resource-policy"] == "cross-origin"
    body = response.text
    assert body == (WEB / "static" / "widget.js").read_text()
    assert len(body.encode()) <= 60 * 1024
    for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "eval(", "new Function", "document.write"):
        assert forbidden not in body, forbidden
    assert "http://" not in body.replace("http://www.w3.org/2000/svg", "")  # no third-party fetch, no CDN
    assert client.get("/demo.css").headers["content-type"].startswith("text/css")


def test_the_web_edge_never_imports_the_api_edge() -> None:
    for path in WEB.glob("*.py"):
        tree = ast.parse(path.read_text())
        modules = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        modules += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        assert not [m for m in modules if m.startswith(("app.api", "app.slack", "app.cli"))], path
