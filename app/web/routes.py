"""GET / (a sample portal page with the widget embedded, under a strict Content-Security-Policy), GET /widget.js and
the demo page's stylesheet. Static files: the widget talks to the API like any embedding page would."""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from app.errors import NotFound

STATIC = Path(__file__).parent / "static"
# The demo page proves the widget needs no inline script, no eval and no inline styles.
DEMO_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SCRIPT_TAG = '<script src="/widget.js" defer></script>'
router = APIRouter(include_in_schema=False)


@cache
def demo_html() -> str:
    return (STATIC / "demo.html").read_text(encoding="utf-8")


@router.get("/")
def demo_page(request: Request) -> Response:
    """The demo portal; with MLLENS_DEMO_WIDGET_KEY set, its widget uses that publishable key."""
    settings = request.app.state.settings
    if not settings.demo_page:
        raise NotFound("not found")
    page = demo_html()
    if settings.demo_widget_key:
        tag = f'<script src="/widget.js" data-key="{html.escape(settings.demo_widget_key)}" defer></script>'
        page = page.replace(SCRIPT_TAG, tag)
    headers = {"Content-Security-Policy": DEMO_CSP, "X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"}
    return HTMLResponse(page, headers=headers)


@router.get("/widget.js")
def widget_js() -> FileResponse:
    # Portals on other origins load it with a plain <script> tag; CORP lets pages with COEP embed it too.
    headers = {
        "Cache-Control": "public, max-age=300",
        "Cross-Origin-Resource-Policy": "cross-origin",
        "X-Content-Type-Options": "nosniff",
    }
    return FileResponse(STATIC / "widget.js", media_type="text/javascript; charset=utf-8", headers=headers)


@router.get("/demo.css")
def demo_css() -> FileResponse:
    headers = {"Cache-Control": "no-cache"}
    return FileResponse(STATIC / "demo.css", media_type="text/css; charset=utf-8", headers=headers)
