"""Benchmark the web widget in headless Debian Chromium (Playwright from PyPI, never `playwright install`) against
`mllens serve` on loopback in the no-LLM mode: widget.js size (raw and gzip), first paint of the opened panel after
the click, Send -> first streamed text, and whole scripted reviews (every question answered in free text through the
widget, then confirmed) with every confirmed answer checked over the API afterwards.

    .venv/bin/python eval/bench_widget.py [--opens 20] [--asks 20] [--reviews 1] [--url http://127.0.0.1:8011]

Without --url it starts its own server (shipped index, fresh SQLite in a temp dir) on a free port and stops it.
Targets (issue 9): widget.js <= 60 KB raw and <= 20 KB gzip; panel first paint <= 100 ms after the click; Send ->
first streamed text <= 150 ms; a 35-question review through the widget < 2 min. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from bench_api import require_loopback

REPO = Path(__file__).resolve().parent.parent
WIDGET = REPO / "app" / "web" / "static" / "widget.js"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
TARGETS = {"raw_kb": 60.0, "gzip_kb": 20.0, "panel_paint_p50_ms": 100.0, "first_text_p50_ms": 150.0, "review_s": 120}
QUESTIONS = [
    "How should we version training data?",
    "What does MLSEC03-BP02 say?",
    "How do we detect data drift in production?",
    "How can we reduce the cost of training jobs?",
    "Who should have access to training data?",
    "How do we make model deployments safe to roll back?",
    "What metrics should we monitor for a deployed model?",
    "How do we keep notebooks secure?",
    "How should we choose instance types for inference?",
    "How do we trace which data produced a model?",
]
ROOT = "document.querySelector('[data-mllens-widget]').shadowRoot"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running server (default: start one on a free loopback port)")
    parser.add_argument("--opens", type=int, default=20, help="timed panel opens (max 200)")
    parser.add_argument("--asks", type=int, default=20, help="timed questions (max 200)")
    parser.add_argument("--reviews", type=int, default=1, help="whole scripted reviews through the widget (max 5)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()
    report: dict[str, Any] = {"widget_js": sizes()}
    with server(args.url) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        report["panel_paint_ms"] = summary(bench_opens(page, base, min(args.opens, 200)))
        report["first_text_ms"] = summary(bench_asks(page, base, min(args.asks, 200)))
        report["reviews"] = [bench_review(browser, base) for _ in range(min(args.reviews, 5))]
        browser.close()
    report["repeats"] = {"opens": min(args.opens, 200), "asks": min(args.asks, 200), "reviews": len(report["reviews"])}
    report["cpus"] = os.cpu_count()
    report["load_average_before"] = [round(x, 2) for x in load_before]
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    report["targets_missed"] = missed(report)
    print(json.dumps(report, indent=2))


def sizes() -> dict[str, float]:
    raw = WIDGET.read_bytes()
    return {"raw_kb": round(len(raw) / 1024, 1), "gzip_kb": round(len(gzip.compress(raw, 9)) / 1024, 1)}


def bench_opens(page: Any, base: str, repeats: int) -> list[float]:
    """Click the launcher on a freshly loaded page; the widget measures click -> two animation frames later."""
    durations = []
    for _ in range(repeats):
        page.goto(base + "/")
        page.evaluate("() => localStorage.clear()")
        page.reload()
        page.get_by_role("button", name="Open ML Lens assistant").click()
        page.wait_for_function("() => performance.getEntriesByName('mllens:panel-paint').length > 0")
        durations.append(page.evaluate("() => performance.getEntriesByName('mllens:panel-paint')[0].duration"))
    return durations


def bench_asks(page: Any, base: str, repeats: int) -> list[float]:
    page.goto(base + "/")
    page.evaluate("() => localStorage.clear()")
    page.reload()
    page.get_by_role("button", name="Open ML Lens assistant").click()
    durations = []
    for n in range(repeats):
        if n % 5 == 0:
            page.get_by_role("button", name="New conversation").click()
        page.evaluate("() => { performance.clearMarks('mllens:send'); performance.clearMarks('mllens:first-text'); }")
        page.get_by_role("textbox", name="Message").fill(QUESTIONS[n % len(QUESTIONS)])
        page.get_by_role("button", name="Send").click()
        page.wait_for_function(f"() => !{ROOT}.querySelector('.msg.bot[aria-busy=\"true\"]') && "
                               "performance.getEntriesByName('mllens:first-text').length > 0")  # fmt: skip
        durations.append(
            page.evaluate(
                "() => performance.getEntriesByName('mllens:first-text')[0].startTime"
                " - performance.getEntriesByName('mllens:send')[0].startTime"
            )
        )
        page.locator(".msg.bot .fb").nth(n % 5).wait_for()
    return durations


def bench_review(browser: Any, base: str) -> dict[str, Any]:
    """A whole review (all 35 questions) through the widget: free text from each question's own practice labels,
    Propose, Confirm; one tick where the text settled nothing. Checked over the API afterwards."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(30000)
    page = context.new_page()
    ui = page.locator("[data-mllens-widget]")
    page.goto(base + "/")
    page.get_by_role("button", name="Open ML Lens assistant").click()
    ui.get_by_role("tab", name="Review").click()
    started = time.perf_counter()
    ui.get_by_label("Workload name").fill("Widget bench workload")
    ui.get_by_role("button", name="Start review").click()
    ui.locator(".qtext").wait_for()
    questions, ticks = 0, 0
    while ui.locator(".qtext").count():
        labels = [t.split(" ML")[0].rstrip(".") for t in ui.locator(".check > span").all_inner_texts()]
        text = f"{labels[0]}." + (f" We have not started on this yet: {labels[1].lower()}." if len(labels) > 1 else "")
        ui.get_by_label("Your answer in your own words").fill(text)
        submit(page, ui)
        if not ui.get_by_role("button", name="Confirm").count():
            ticks += 1
            ui.get_by_role("group", name="Practices — tick what you do").get_by_role("checkbox").first.check()
            submit(page, ui)
        submit(page, ui, ui.get_by_role("button", name="Confirm"))
        questions += 1
    ui.get_by_role("heading", name="Review complete").wait_for()
    wall = time.perf_counter() - started
    review_id = json.loads(page.evaluate("() => Object.entries(localStorage).find(([k]) => k.endsWith(':review'))[1]"))
    risk = httpx.get(f"{base}/v1/reviews/{review_id}/risk", timeout=30).json()
    context.close()
    return {
        "questions": questions,
        "wall_s": round(wall, 1),
        "ticks_needed": ticks,
        "stored_questions": len(risk["questions"]),
        "unanswered_after": risk["overall"]["unanswered"],
    }


def submit(page: Any, ui: Any, button: Any = None) -> None:
    """Click (default: the answer form's submit button) and wait for the next turn (the view's data-version)."""
    version = ui.locator(".scroll").get_attribute("data-version")
    (button or ui.locator(".scroll form button[type=submit]").first).click()
    page.wait_for_function(
        f"() => {{ const v = {ROOT}.querySelector('.scroll')?.dataset.version; return v && v !== {json.dumps(version)}"
        f" && !{ROOT}.querySelector('h3')?.textContent.startsWith('Summary'); }}"
    )


@contextmanager
def server(url: str | None) -> Iterator[str]:
    if url:
        require_loopback(url)
        yield url.rstrip("/")
        return
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with tempfile.TemporaryDirectory() as work:
        env = {**os.environ, "MLLENS_DATABASE_URL": f"sqlite:///{work}/bench.db", "MLLENS_LLM_PROVIDER": "none"}
        command = [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--log-level", "warning"]
        command = [sys.executable, "-c", "from app.cli import main; main()", *command[3:]]
        process = subprocess.Popen(command, cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_ready(base, process)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=20)


def wait_ready(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("the server exited during startup")
        try:
            body = httpx.get(base + "/readyz", timeout=2).json()
            if body.get("review_mapping", "ready") == "ready":
                return
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.5)
    sys.exit("the server was not ready in 180 s")


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "p50": round(statistics.median(ordered), 1),
        "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
        "min": round(ordered[0], 1),
        "max": round(ordered[-1], 1),
    }


def missed(report: dict[str, Any]) -> list[str]:
    out = [
        f"{k} {report['widget_js'][k]} > {TARGETS[k]}"
        for k in ("raw_kb", "gzip_kb")
        if report["widget_js"][k] > TARGETS[k]
    ]
    if report["panel_paint_ms"]["p50"] > TARGETS["panel_paint_p50_ms"]:
        out.append(f"panel paint p50 {report['panel_paint_ms']['p50']} ms")
    if report["first_text_ms"]["p50"] > TARGETS["first_text_p50_ms"]:
        out.append(f"first text p50 {report['first_text_ms']['p50']} ms")
    out += [f"review {r['wall_s']} s" for r in report["reviews"] if r["wall_s"] > TARGETS["review_s"]]
    out += [f"review left {r['unanswered_after']} unanswered" for r in report["reviews"] if r["unanswered_after"]]
    return out


if __name__ == "__main__":
    main()
