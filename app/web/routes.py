"""GET / (a sample portal page with the widget embedded, under a strict Content-Security-Policy), GET /widget.js and
the demo page's stylesheet. Static files only: the widget talks to the API like any embedding page would."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

STATIC = Path(__file__).parent / "static"
# The demo page proves the widget needs no inline script, no eval and no inline styles.
DEMO_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
router = APIRouter(include_in_schema=False)


@router.get("/")
def demo_page() -> FileResponse:
    headers = {"Content-Security-Policy": DEMO_CSP, "X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"}
    return FileResponse(STATIC / "demo.html", media_type="text/html; charset=utf-8", headers=headers)


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
    return FileResponse(
        STATIC / "demo.css", media_type="text/css; charset=utf-8", headers={"Cache-Control": "no-cache"}
    )
