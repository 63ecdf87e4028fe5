"""Parse the lens Markdown (one file per question, aws-samples crawl format) into typed models. PURE.

Text in, models out. The crawler's quirks handled here: bold labels wrapped across lines, two risk-label
wordings and a value on the next line, nested lists flattened into blank-line-separated blocks, code fences with
blank lines inside steps, and `- **Title:**` step items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.errors import CorpusParseError
from app.lens.ids import BP_ID, QUESTION_ID
from app.lens.models import BestPractice, ImplementationStep, Phase, PillarId, Resource, Risk

QUESTION_HEADER = re.compile(rf"^# ({QUESTION_ID}) \u2014 (.+?)\s*$")
BP_HEADER = re.compile(rf"^# ({BP_ID}) (.+?)\s*$")
PILLAR_LINE = re.compile(r"^\*\*Pillar\*\*:\s*(.+?)\s*$")
SOURCE_LINE = re.compile(r"^\*Source:\s*(\S+)\*\s*$")
LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")


def _label(words: str) -> str:
    """A bold label whose words may be wrapped across lines: `**Benefits of establishing this\\npractice:**`."""
    return r"\*\*" + r"\s+".join(re.escape(w) for w in words.split()) + r"\*\*"


DESIRED = re.compile(_label("Desired outcome:"))
ANTI = re.compile(_label("Common anti-patterns:"))
BENEFITS = re.compile(_label("Benefits of establishing this best practice:"))
RISK = re.compile(
    r"(?:"
    + _label("Level of risk exposed if this best practice is not established:")
    + "|"
    + _label("Risk level for not implementing this practice:")
    + r")\s*(\w+)"
)
GUIDANCE = re.compile(r"^## Implementation guidance\s*$", re.M)
STEPS = re.compile(r"^### Implementation steps\s*$", re.M)
RESOURCES = re.compile(r"^## Resources\s*$", re.M)
RESOURCE_LABEL = re.compile(r"^\*\*Related\s+(\w+):\*\*\s*$")


@dataclass(frozen=True)
class ParsedQuestion:
    id: str
    pillar: PillarId
    phase: Phase
    best_practices: tuple[BestPractice, ...]


def parse_question_file(text: str, filename: str) -> ParsedQuestion:
    """Parse one question file; raises CorpusParseError naming the file and line on anything malformed."""
    lines = text.splitlines()
    header = next(((i, m) for i, line in enumerate(lines) if (m := QUESTION_HEADER.match(line))), None)
    if header is None:
        raise CorpusParseError(filename, 1, "no question header like '# MLSEC03 \u2014 Data processing'")
    line_no, match = header
    question_id, phase_title = match.group(1), match.group(2)
    phase = _parse_enum(Phase.parse, phase_title, filename, line_no + 1, "lifecycle phase")
    pillar_line = next(((i, m) for i, line in enumerate(lines) if (m := PILLAR_LINE.match(line))), None)
    if pillar_line is None:
        raise CorpusParseError(filename, line_no + 1, "no '**Pillar**: …' line after the question header")
    pillar = _parse_enum(PillarId.parse, pillar_line[1].group(1), filename, pillar_line[0] + 1, "pillar")
    if not question_id.startswith(pillar.prefix):
        raise CorpusParseError(
            filename, line_no + 1, f"question {question_id} does not belong to pillar {pillar.title}"
        )

    starts = [i for i, line in enumerate(lines) if BP_HEADER.match(line)]
    if not starts:
        raise CorpusParseError(filename, line_no + 1, f"question {question_id} has no best-practice header")
    bps = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        bps.append(_parse_bp(lines[start:end], start, filename, question_id, pillar, phase))
    return ParsedQuestion(question_id, pillar, phase, tuple(bps))


def _parse_enum(parse, value: str, filename: str, line: int, what: str):  # type: ignore[no-untyped-def]
    try:
        return parse(value)
    except ValueError:
        raise CorpusParseError(filename, line, f"unknown {what} {value!r}") from None


def _parse_bp(
    lines: list[str], offset: int, filename: str, question_id: str, pillar: PillarId, phase: Phase
) -> BestPractice:
    header = BP_HEADER.match(lines[0])
    assert header is not None
    bp_id, title = header.group(1), header.group(2)
    where = f"{bp_id}: "
    if not bp_id.startswith(question_id + "-"):
        raise CorpusParseError(filename, offset + 1, f"{bp_id} sits under question {question_id}")
    body = "\n".join(lines[1:])

    def line_of(pos: int) -> int:
        return offset + 2 + body.count("\n", 0, pos)

    def find(pattern: re.Pattern[str], name: str, start: int = 0) -> re.Match[str]:
        m = pattern.search(body, start)
        if m is None:  # reported at the BP's header: the section is missing somewhere below it
            raise CorpusParseError(filename, offset + 1, where + f"missing {name}")
        return m

    desired = find(DESIRED, "'**Desired outcome:**'")
    anti = find(ANTI, "'**Common anti-patterns:**'", desired.end())
    benefits = find(BENEFITS, "'**Benefits of establishing this best practice:**'", anti.end())
    risk = find(RISK, "the risk level label", benefits.end())
    try:
        risk_value = Risk(risk.group(1))
    except ValueError:
        raise CorpusParseError(filename, line_of(risk.start(1)), where + f"unknown risk {risk.group(1)!r}") from None
    guidance = find(GUIDANCE, "'## Implementation guidance'", risk.end())
    steps = find(STEPS, "'### Implementation steps'", guidance.end())
    resources = find(RESOURCES, "'## Resources'", steps.end())
    source = next((m for line in lines if (m := SOURCE_LINE.match(line))), None)
    if source is None:
        raise CorpusParseError(filename, offset + 1, where + "missing '*Source: <url>*' line")

    step_items = _top_level_items(body[steps.end() : resources.start()])
    if not step_items:
        raise CorpusParseError(filename, line_of(steps.start()), where + "no implementation steps")
    return BestPractice(
        id=bp_id,
        question_id=question_id,
        pillar=pillar,
        phase=phase,
        title=title,
        risk=risk_value,
        intro=_prose(body[: desired.start()]),
        desired_outcome=_prose(body[desired.end() : anti.start()]),
        anti_patterns=tuple(_prose(i) for i in _top_level_items(body[anti.end() : benefits.start()])),
        benefits=tuple(_prose(i) for i in _top_level_items(body[benefits.end() : risk.start()])),
        guidance=_prose(body[guidance.end() : steps.start()]),
        steps=tuple(_step(item) for item in step_items),
        resources=_resources(body[resources.end() :]),
        url=source.group(1),
    )


def _blocks(text: str) -> list[list[str]]:
    """Blank-line-separated blocks; a fenced code block (which may hold blank lines) stays inside one block."""
    blocks: list[list[str]] = []
    current: list[str] = []
    in_fence = False
    for line in text.splitlines():
        if line.strip().startswith("```"):
            in_fence = not in_fence
        if not line.strip() and not in_fence:
            if current:
                blocks.append(current)
            current = []
            continue
        current.append(line)
    if current:
        blocks.append(current)
    return blocks


def _top_level_items(text: str) -> list[str]:
    """Top-level list items of a section whose nested lists the crawler flattened.

    A block opens top-level items if it starts with '- ' or a code fence, or if it starts with a link that continues
    the previous sentence (the line before does not end with ':'). Any other block is a flattened sub-list or a
    continuation paragraph and belongs to the item before it. Text before the first item is not an item.
    """
    items: list[list[str]] = []
    previous_line = ""
    for block in _blocks(text):
        first = block[0].lstrip()
        opens_items = (
            first.startswith("- ")
            or first.startswith("```")
            or (first.startswith("[") and not previous_line.rstrip().endswith(":"))
        )
        for line in block:
            if opens_items and line.startswith("- "):
                items.append([line[2:]])
            elif items:
                items[-1].append(line)
        previous_line = block[-1]
    return ["\n".join(item) for item in items]


STEP_TITLE = re.compile(r"^\*\*(.+?)\*\*[.:]?\s*", re.S)


def _step(item: str) -> ImplementationStep:
    m = STEP_TITLE.match(item)
    if m is None:
        text = _prose(item)
        return ImplementationStep(title=text.split(". ")[0][:120], text=text)
    return ImplementationStep(title=_prose(m.group(1)).rstrip(".:"), text=_prose(item[m.end() :]))


def _resources(text: str) -> tuple[Resource, ...]:
    kind = "documents"
    found: list[Resource] = []
    for block in _blocks(text):
        for line in block:
            if (m := RESOURCE_LABEL.match(line.strip())) is not None:
                kind = m.group(1).lower()
        joined = " ".join(block)
        found.extend(Resource(kind=kind, title=_prose(t), url=u) for t, u in LINK.findall(joined))
    return tuple(found)


def _prose(text: str) -> str:
    """Unwrap hard-wrapped Markdown into plain prose lines: one line per paragraph or list item."""
    out: list[str] = []
    for block in _blocks(text):
        lines = [line.strip() for line in block if not SOURCE_LINE.match(line.strip()) and line.strip() != "---"]
        para: list[str] = []
        for line in lines:
            if line.startswith("<!--") or line.startswith("-->") or "SPDX-License-Identifier" in line:
                continue
            if line.startswith("Copyright Amazon.com"):
                continue
            if line.startswith("- ") and para:
                out.append(" ".join(para))
                para = []
            para.append(line)
        if para:
            out.append(" ".join(para))
    text = "\n".join(out)
    return re.sub(r"[ \t]+", " ", text).strip()
