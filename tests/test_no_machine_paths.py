"""No committed file names a path on a development machine (the repo must work from a fresh clone alone).

The rule: an absolute path under a per-machine root (`/root`, `/home`, `/Users`, `/work`, `/tmp`, `/mnt`) or a
Windows user profile, where the path starts a token (line start, whitespace, a quote, a bracket, `=`, `,`, `:`) or
follows `sqlite:///` (an absolute SQLite file). System locations a deploy doc may legitimately name
(`/usr/bin/chromium`, `/etc/nginx`, `/var/lib/...`) are not per-machine and stay allowed, and so are URL paths
(`/v1/...`, `http://host/tmp/x`: the slash follows a word character there, not a token start).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MACHINE_PATH = re.compile(
    r"(?:^|(?<=[\s\"'`(\[{<=,:;|])|(?<=sqlite:///))"
    r"(?:/(?:root|home|Users|work|tmp|mnt)(?=/|\s|$|[\"'`)\]},;:])|[A-Za-z]:\\\\?Users\\)",
    re.M,
)


def _tracked_text_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    files = []
    for name in listed:
        path = ROOT / name.decode()
        if path == Path(__file__).resolve():  # this file spells the rule's examples out
            continue
        if name and path.is_file() and b"\0" not in path.read_bytes()[:8192]:
            files.append(path)
    return files


def machine_paths(text: str) -> list[str]:
    return [text[m.start() : m.start() + 40].split()[0] for m in MACHINE_PATH.finditer(text)]


def test_the_rule_catches_machine_paths_and_spares_legitimate_ones() -> None:
    for bad in (
        "see /work/design/REVIEW-FLOW.md",
        "`/root/.cache/huggingface`",
        'path = "/home/alice/mllens"',
        "--db=/tmp/dev.db",
        "MLLENS_DATABASE_URL=sqlite:////tmp/x.db",
        "open(/Users/bob/lens.md)",
        r"C:\Users\bob\lens",
        "cd /work",
    ):
        assert machine_paths(bad), bad
    for fine in (
        "POST /v1/reviews/{id}/turns",
        'executable_path="/usr/bin/chromium"',
        "include /etc/nginx/conf.d/*.conf;",
        "sqlite:///var/mllens.db",
        "http://127.0.0.1:8000/tmp/x and https://example.com/home/",
        "a tmp_path fixture, /var/lib/postgresql",
        "corpus/lens/work/notes.md",
    ):
        assert not machine_paths(fine), fine


def test_no_committed_file_names_a_machine_path() -> None:
    files = _tracked_text_files()
    assert len(files) > 50
    found = {}
    for path in files:
        hits = machine_paths(path.read_text(encoding="utf-8", errors="replace"))
        if hits:
            found[str(path.relative_to(ROOT))] = hits[:3]
    assert not found, f"machine paths in committed files (use repo-relative paths or describe the source): {found}"
