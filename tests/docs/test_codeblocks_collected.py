"""Guard: every ```python block in docs/ is really executed by pytest-codeblocks.

pytest-codeblocks silently ignores fences tagged `py`, `pycon`, `python3`, `` ``` python``
(with a space) or `python title="..."`; an `if __name__ == "__main__":` block never runs.
This test makes those mistakes fail loudly instead.
"""

from __future__ import annotations

import re

import pytest
from pytest_codeblocks.main import extract_from_file

from sitepaths import DOCS, LANGUAGES

PAGES = sorted(p for lang in LANGUAGES for p in (DOCS / lang).rglob("*.md"))
FENCE = re.compile(r"^(?P<indent>\s*)(?P<ticks>`{3,})(?P<info>.*)$")
CONT = "<!--pytest-codeblocks:cont-->"
EXPECTED = re.compile(r"<!--pytest-codeblocks:expected-output(-ignore-whitespace)?-->")


def fences(text: str):
    """(line number, info string, marker line before it) for every opening fence."""
    out, inside, previous = [], None, ""
    for number, line in enumerate(text.splitlines(), start=1):
        m = FENCE.match(line)
        if inside is None:
            if m:
                out.append((number, m.group("info").strip(), previous.strip()))
                inside = m.group("ticks")
            elif line.strip():
                previous = line
        elif line.strip().startswith(inside):
            inside, previous = None, ""
    return out


def test_the_codeblocks_plugin_is_active(request):
    assert request.config.getoption("codeblocks"), "run pytest with --codeblocks (pytest.ini)"


def test_pages_were_found():
    assert len(PAGES) >= 9


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_every_python_fence_is_collected(page):
    text = page.read_text(encoding="utf-8")
    found = fences(text)
    bad = [(n, info) for n, info, _ in found if re.match(r"(?i)py", info) and info != "python"]
    assert not bad, f"fences pytest-codeblocks would skip (use exactly ```python): {bad}"
    shell = [(n, info) for n, info, _ in found if info in ("sh", "bash", "zsh")]
    assert not shell, f"shell fences are executed by pytest-codeblocks; use ```console: {shell}"
    assert "__name__" not in text, "if __name__ == '__main__' blocks never run in pytest-codeblocks"
    python = [n for n, info, before in found if info == "python" and before != CONT]
    collected = [b for b in extract_from_file(page) if b.syntax == "python"]
    assert [b.lineno for b in collected] == python
