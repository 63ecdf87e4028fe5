"""Load the lens from the corpus directory: question files, legacy-ID aliases and the project's overview.

Reads only the directory it is given. Layout: `<dir>/lens/ML*.md`, `<dir>/legacy-ids.yaml`, `<dir>/overview/*.md`.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml

from app.errors import CorpusParseError
from app.lens.models import Lens, OverviewSection, Pillar, PillarId, Question
from app.lens.parser import SOURCE_LINE, parse_question_file

LENS_VERSION = "ML Lens (MLOPS01-BP01 IDs), crawl of 2026-06-26"
OVERVIEW_SECTION = re.compile(r"^## (OVERVIEW-[A-Z-]+) (.+?)\s*$")

# libyaml's C parser (in PyYAML's wheels) when present: same documents, ~10x faster at start-up.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Every file that feeds the lens, in a stable order (what the corpus hash covers)."""
    files = sorted((corpus_dir / "lens").glob("ML*.md"))
    files += sorted((corpus_dir / "overview").glob("*.md"))
    legacy = corpus_dir / "legacy-ids.yaml"
    return files + ([legacy] if legacy.exists() else [])


def read_corpus(corpus_dir: Path) -> dict[Path, bytes]:
    """Every corpus file's bytes, read once: the lens is parsed from them and hashed from them."""
    return {path: path.read_bytes() for path in corpus_files(corpus_dir)}


def corpus_hash(corpus_dir: Path, contents: dict[Path, bytes] | None = None) -> str:
    """SHA-256 over the corpus files' names and bytes (`contents` from read_corpus, or read now)."""
    digest = hashlib.sha256()
    for path, data in (read_corpus(corpus_dir) if contents is None else contents).items():
        digest.update(path.relative_to(corpus_dir).as_posix().encode() + b"\0")
        digest.update(data + b"\0")
    return digest.hexdigest()


def _text(data: bytes) -> str:
    """UTF-8 text with universal newlines, as Path.read_text gives it."""
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def question_files(corpus_dir: Path) -> list[Path]:
    """The lens's question files (`<dir>/lens/ML*.md`); CorpusParseError when there are none."""
    files = sorted((corpus_dir / "lens").glob("ML*.md"))
    if not files:
        raise CorpusParseError(str(corpus_dir / "lens"), 0, "no lens question files (ML*.md) found")
    return files


def load_lens(corpus_dir: Path, contents: dict[Path, bytes] | None = None) -> Lens:
    """Parse the whole corpus, each file read once (parsed and hashed from the same bytes; `contents` from
    read_corpus when the caller hashes them too); raises CorpusParseError (file and line) on malformed input."""
    files = question_files(corpus_dir)
    contents = read_corpus(corpus_dir) if contents is None else contents
    parsed = [parse_question_file(_text(contents[p]), str(p)) for p in files]
    legacy = _load_legacy_ids(corpus_dir / "legacy-ids.yaml", contents)
    pillars = []
    for pillar_id in PillarId:
        questions = tuple(
            Question(
                id=q.id,
                pillar=q.pillar,
                phase=q.phase,
                best_practices=tuple(bp.model_copy(update={"legacy_id": legacy.get(bp.id)}) for bp in q.best_practices),
            )
            for q in sorted(parsed, key=lambda q: q.id)
            if q.pillar is pillar_id
        )
        if questions:
            pillars.append(Pillar(id=pillar_id, questions=questions))
    _check_unique(pillars, files)
    return Lens(
        pillars=tuple(pillars),
        overview=_load_overview(corpus_dir / "overview", contents),
        corpus_hash=corpus_hash(corpus_dir, contents),
        version=LENS_VERSION,
    )


def _check_unique(pillars: list[Pillar], files: list[Path]) -> None:
    seen: set[str] = set()
    for pillar in pillars:
        for q in pillar.questions:
            for bp in q.best_practices:
                if bp.id in seen:
                    raise CorpusParseError(str(files[0].parent / f"{q.id}.md"), 1, f"duplicate best practice {bp.id}")
                seen.add(bp.id)


def _load_legacy_ids(path: Path, contents: dict[Path, bytes]) -> dict[str, str]:
    """legacy-ids.yaml maps old ID -> new ID; returned inverted (new -> old)."""
    if path not in contents:
        return {}
    try:
        data = yaml.load(_text(contents[path]), Loader=SAFE_LOADER) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise CorpusParseError(str(path), (mark.line + 1) if mark else 1, f"invalid YAML: {exc}") from None
    table = data.get("legacy_ids") if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise CorpusParseError(str(path), 1, "expected a 'legacy_ids:' mapping of old ID -> new ID")
    return {str(new): str(old) for old, new in table.items()}


def _load_overview(directory: Path, contents: dict[Path, bytes]) -> tuple[OverviewSection, ...]:
    sections: list[OverviewSection] = []
    for path in (p for p in contents if p.parent == directory):
        lines = _text(contents[path]).splitlines()
        url = next((m.group(1) for line in lines if (m := SOURCE_LINE.match(line.strip()))), "")
        if not url:
            raise CorpusParseError(str(path), len(lines), "overview file has no '*Source: <url>*' line")
        current: tuple[str, str] | None = None
        body: list[str] = []
        for line in [*lines, "## OVERVIEW-END end"]:
            m = OVERVIEW_SECTION.match(line)
            if m is None:
                if current is not None and not SOURCE_LINE.match(line.strip()):
                    body.append(line)
                continue
            if current is not None:
                text = "\n".join(body).strip()
                sections.append(OverviewSection(id=current[0], title=current[1], text=text, url=url))
            current, body = (m.group(1), m.group(2)), []
    return tuple(sections)
