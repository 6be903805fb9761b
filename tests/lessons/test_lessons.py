"""Every lesson runs from top to bottom, offline, and its translations run the same code."""

from __future__ import annotations

import json
import time

import nbformat
import pytest
from nbclient import NotebookClient

from sitepaths import LANGUAGES, LESSONS

pytestmark = pytest.mark.lessons

ENGLISH = sorted((LESSONS / "en").glob("*.ipynb"))
NAME = r"c\dw\d-[a-z0-9-]+\.ipynb"


def code_cells(path, setup=True):
    """The code of a lesson's code cells; setup=False leaves out the set-up cell that
    scripts/lesson_setup.py puts first (it finds or installs dlspec outside the repository)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [
        "".join(c["source"])
        for c in nb["cells"]
        if c["cell_type"] == "code"
        and (setup or "dlspec-setup" not in c.get("metadata", {}).get("tags", []))
    ]


def test_lessons_exist():
    assert len(ENGLISH) >= 2


@pytest.mark.parametrize("lesson", ENGLISH, ids=lambda p: p.stem)
def test_lesson_runs_without_errors_in_time(lesson, tmp_path, monkeypatch):
    # The kernel inherits our environment; with the tests' Agg backend plots would vanish.
    monkeypatch.delenv("MPLBACKEND", raising=False)
    nb = nbformat.read(lesson, as_version=4)
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    print(f"{lesson.name}: {seconds:.1f} s")
    assert seconds < 30, f"{lesson.name} took {seconds:.1f} s (budget 30 s)"
    images = sum(
        1
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if "image/png" in out.get("data", {})
    )
    assert images >= 1, f"{lesson.name} draws no plot"


@pytest.mark.parametrize("lesson", ENGLISH, ids=lambda p: p.stem)
def test_lesson_is_committed_without_outputs(lesson):
    import re

    assert re.fullmatch(NAME, lesson.name)
    nb = json.loads(lesson.read_text(encoding="utf-8"))
    for lang in LANGUAGES:
        path = LESSONS / lang / lesson.name
        if not path.exists():
            continue
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None, path


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
@pytest.mark.parametrize("lesson", ENGLISH, ids=lambda p: p.stem)
def test_translated_lesson_has_identical_code(lesson, lang):
    translated = LESSONS / lang / lesson.name
    if not translated.exists():
        pytest.skip(f"{translated} not translated yet (the site falls back to English)")
    assert code_cells(translated) == code_cells(lesson)


def test_first_code_cell_seeds_a_generator():
    """A lesson that draws random numbers seeds one Generator in its first code cell (a
    lesson with nothing random, such as a hand-built model, has none to seed)."""
    for lesson in ENGLISH:
        cells = code_cells(lesson, setup=False)
        first, rest = cells[0], "".join(cells[1:])
        assert "import dlspec" in first or "from dlspec" in first, lesson.name
        if "random" in rest or "rng" in rest:
            assert "np.random.default_rng(" in first, lesson.name
        assert "np.random.seed" not in "".join(code_cells(lesson)), lesson.name
