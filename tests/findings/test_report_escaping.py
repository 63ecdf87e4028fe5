"""User words in a Markdown report never become links, images, emphasis or HTML, as a Markdown renderer sees it."""

from __future__ import annotations

from markdown_it import MarkdownIt

from app.findings.render import escape, render_markdown
from app.findings.report import build_report
from app.lens.models import Lens
from app.review.models import Review

from .conftest import GENERATED

HOSTILE = "[click](javascript:alert(1)) ![x](http://host/x.png) <img src=x onerror=alert(1)> *bold* `code` a|b"


def rendered_html(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


def test_a_hostile_profile_name_and_quote_render_as_plain_text(lens: Lens, review: Review) -> None:
    profile = review.profile.model_copy(update={"name": HOSTILE, "environment": HOSTILE})
    answers = {
        q: answer.model_copy(
            update={"practices": {bp: p.model_copy(update={"quote": HOSTILE}) for bp, p in answer.practices.items()}}
        )
        for q, answer in review.answers.items()
    }
    hostile = review.model_copy(update={"profile": profile, "answers": answers})
    markdown = render_markdown(build_report(lens, hostile, generated_at=GENERATED))
    html = rendered_html(markdown)
    assert 'href="javascript' not in html and "<img" not in html and 'src="http://host' not in html
    assert "<strong>bold</strong>" not in html and "<code>code</code>" not in html
    assert "[click](javascript:alert(1))" in html  # the words are all still there, as text
    links = [line for line in html.splitlines() if "<a href" in line]
    assert all('href="https://docs.aws.amazon.com/' in line for line in links)  # only the lens's own links


def test_escape_is_one_line_and_reversible_by_a_renderer() -> None:
    assert "\n" not in escape("a\nb\r\nc")
    assert rendered_html(escape(HOSTILE)).strip() == (
        "<p>[click](javascript:alert(1)) ![x](http://host/x.png) &lt;img src=x onerror=alert(1)&gt; *bold* `code` "
        "a|b</p>"
    )
