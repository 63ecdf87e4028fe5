"""Render a Report as one self-contained, printable HTML file (inline CSS, no scripts, no external assets).

Jinja2 with autoescaping: user words and lens text are always escaped. The template lives here, as a string, so the
package needs no data files; the environment is built once.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, StrictUndefined, Template

from app.findings.render import (
    NA_REASON_TEXT,
    NO_FINDINGS,
    PROVENANCE_TEXT,
    STATUS_TEXT,
    cited_sections,
    meta_rows,
    risk_rows,
)
from app.findings.report import Report

_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ML Lens review: {{ r.meta.profile.name }}</title>
<style>
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1a1a1a; margin: 2rem auto;
         max-width: 60rem; padding: 0 1rem; }
  h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; border-bottom: 1px solid #ccc; margin-top: 2rem; }
  h3 { font-size: 1.05rem; margin-bottom: .3rem; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
  th, td { border: 1px solid #ccc; padding: .3rem .45rem; text-align: left; vertical-align: top; }
  th { background: #f3f3f3; }
  .risk-HIGH, .risk-High { color: #a00; font-weight: 600; } .risk-MEDIUM, .risk-Medium { color: #a65f00; }
  .risk-NONE { color: #1b6e1b; } .muted { color: #666; } .quote { font-style: italic; }
  .finding { border-left: 4px solid #ccc; padding: .2rem .8rem; margin: .8rem 0; page-break-inside: avoid; }
  .finding.High { border-color: #a00; } .finding.Medium { border-color: #d08a00; }
  .badge { display: inline-block; font-size: .8em; padding: 0 .4em; border: 1px solid #888; border-radius: 3px; }
  footer { margin-top: 2rem; font-size: .85em; color: #444; border-top: 1px solid #ccc; padding-top: .5rem; }
  @media print { body { margin: 0; max-width: none; } a { color: inherit; } h2 { page-break-after: avoid; } }
</style>
</head>
<body>
<h1>ML Lens review: {{ r.meta.profile.name }}</h1>
{% if r.meta.milestone %}<p>Milestone <strong>{{ r.meta.milestone }}</strong></p>{% endif %}
<table>{% for k, v in meta %}<tr><th scope="row">{{ k }}</th><td>{{ v }}</td></tr>{% endfor %}</table>

<h2>Risk summary</h2>
<table>
<tr><th></th><th>High</th><th>Medium</th><th>None</th><th>N/A</th><th>Unanswered</th>
<th>High-risk practices open</th><th>Medium-risk practices open</th></tr>
{% for name, c in risks %}<tr><th scope="row">{{ name }}</th><td>{{ c.high }}</td><td>{{ c.medium }}</td>
<td>{{ c.none }}</td><td>{{ c.not_applicable }}</td><td>{{ c.unanswered }}</td><td>{{ c.high_risk_practices }}</td>
<td>{{ c.medium_risk_practices }}</td></tr>{% endfor %}
</table>

<h2>Improvement plan</h2>
{% if r.plan.items %}<ol>{% for i in r.plan.items %}
<li><strong>{{ i.bp_id }}</strong> {{ i.title }} <span class="risk-{{ i.risk.value }}">{{ i.risk.value }} risk</span>
 · {{ i.phase.value }}{% if i.quick_win %} <span class="badge">quick win</span>{% endif %}</li>{% endfor %}</ol>
{% else %}<p>No gaps in the confirmed answers.</p>{% endif %}

<h2>Findings</h2>
{% if not r.findings %}<p>{{ no_findings }}</p>{% endif %}
{% for f in r.findings %}<section class="finding {{ f.risk.value }}" id="{{ f.id }}">
<h3>{{ f.bp_id }} · {{ f.title }} <span class="risk-{{ f.risk.value }}">({{ f.risk.value }} risk)</span></h3>
<p>Status: {{ status[f.evidence.status.value] }} ({{ provenance[f.evidence.provenance.value] }},
confidence {{ "%.0f"|format(f.evidence.confidence * 100) }}%)
{% if f.quick_win %}<span class="badge">quick win</span>
<span class="muted">{{ f.quick_win_reason }}</span>{% endif %}</p>
{% if f.evidence.quote %}<p>Evidence: <span class="quote">“{{ f.evidence.quote }}”</span></p>{% endif %}
<p>{{ f.recommendation.summary }}</p>
{% if f.recommendation.steps %}<ol>{% for s in f.recommendation.steps %}<li>{{ s }}</li>{% endfor %}</ol>{% endif %}
{% if f.recommendation.drafted_by != "lens-template" %}<p class="muted">Recommendation drafted by
{{ f.recommendation.drafted_by }} from the lens text; references checked against the lens.</p>{% endif %}
{% if f.recommendation.notice %}<p class="muted">Note: {{ f.recommendation.notice }}</p>{% endif %}
<p class="muted">Sources: {% for bp_id, url, sections in cited(f) %}<a href="{{ url }}">{{ bp_id }}</a>
({{ sections }}){% if not loop.last %}; {% endif %}{% endfor %}</p>
</section>{% endfor %}

<h2>Answers</h2>
{% for q in r.questions %}<h3>{{ q.question_id }} · {{ q.pillar.title }} · {{ q.phase.value }}:
<span class="risk-{{ q.risk.value }}">{{ q.risk.value }}</span></h3>
{% if q.not_applicable %}<p>Marked not applicable
({{ na_reason[q.na_reason.value] if q.na_reason else "no reason given" }}).
{{ q.notes }}</p>
{% elif not q.practices %}<p class="muted">Not answered yet.</p>
{% else %}<table><tr><th>Practice</th><th>Risk</th><th>Status</th><th>How we know</th><th>User's words</th></tr>
{% for p in q.practices %}<tr><td><a href="{{ p.url }}">{{ p.bp_id }}</a> {{ p.title }}</td>
<td class="risk-{{ p.risk.value }}">{{ p.risk.value }}</td><td>{{ status[p.status.value] }}</td>
<td>{{ provenance[p.provenance.value] }}, {{ "%.0f"|format(p.confidence * 100) }}%</td>
<td class="quote">{{ p.quote }}</td></tr>{% endfor %}</table>{% endif %}
{% endfor %}

<footer>
<p>{{ r.meta.attribution }}</p>
<p>Lens: {{ r.meta.lens_name }}, {{ r.meta.lens_version }} · corpus hash <code>{{ r.meta.corpus_hash }}</code></p>
<p>Sources:</p><ul>{% for u in r.meta.source_urls %}<li><a href="{{ u }}">{{ u }}</a></li>{% endfor %}</ul>
</footer>
</body>
</html>
"""


@lru_cache(maxsize=1)
def _template() -> Template:
    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.from_string(_TEMPLATE)


def render_html(report: Report) -> str:
    return _template().render(
        r=report,
        meta=meta_rows(report),
        risks=risk_rows(report),
        status=STATUS_TEXT,
        provenance=PROVENANCE_TEXT,
        na_reason=NA_REASON_TEXT,
        no_findings=NO_FINDINGS,
        cited=cited_sections,
    )
