"""The set-up cell that lets a downloaded or Colab-opened lesson find or install dlspec.

scripts/lesson_setup.py writes it into every lesson; here: every lesson has it, first among
its code cells and the same everywhere; writing it twice changes nothing; and the cell itself,
run by a Python that has no dlspec, finds the clone it sits in, installs on Colab, and
elsewhere fails with one sentence that says how to get dlspec.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sitepaths import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import lesson_setup  # noqa: E402  (scripts/ is not a package)

pytestmark = pytest.mark.lessons

SOURCE = "git+https://example.org/dlspec"


def test_every_lesson_in_every_language_has_the_current_set_up_cell():
    assert lesson_setup.problems() == [], "run: python scripts/lesson_setup.py"


def _notebook():
    md = {"cell_type": "markdown", "id": "a", "metadata": {}, "source": ["# Title"]}
    code = {"cell_type": "code", "id": "b", "metadata": {}, "execution_count": None,
            "outputs": [], "source": ["import numpy as np"]}
    return {"cells": [md, code], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def test_the_cell_goes_before_the_first_code_cell_once():
    once = lesson_setup.with_setup(_notebook(), SOURCE)
    assert [c["id"] for c in once["cells"]] == ["a", lesson_setup.CELL_ID, "b"]
    assert lesson_setup.with_setup(once, SOURCE) == once
    # A new pip source replaces the old cell rather than adding a second one.
    other = lesson_setup.with_setup(once, "git+https://example.org/fork")
    assert [c["id"] for c in other["cells"]] == ["a", lesson_setup.CELL_ID, "b"]
    assert 'DLSPEC_SOURCE = "git+https://example.org/fork"' in "".join(other["cells"][1]["source"])


def _run_cell(tmp_path, cwd, env_extra=None):
    """Run the set-up cell in a Python without dlspec (isolated: -I, no site-packages)."""
    script = tmp_path / "cell.py"
    script.write_text("".join(lesson_setup.setup_source(SOURCE)) + "\nimport dlspec\n"
                      "print(dlspec.__file__)\n", encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", **(env_extra or {})}
    return subprocess.run([sys.executable, "-I", "-S", str(script)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


def test_outside_a_clone_the_cell_says_in_one_sentence_how_to_get_dlspec(tmp_path):
    result = _run_cell(tmp_path, tmp_path)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("ModuleNotFoundError: This lesson needs the dlspec package")
    message = last.split(": ", 1)[1]
    assert message.count(". ") == 0 and message.endswith(".")  # one sentence
    assert f"pip install 'dlspec[data,plot] @ {SOURCE}'" in message


def test_inside_a_clone_the_cell_finds_dlspec_in_src(tmp_path):
    # -S drops site-packages, so NumPy is not importable: a fake clone holds a tiny dlspec.
    clone = tmp_path / "clone"
    (clone / "src" / "dlspec").mkdir(parents=True)
    (clone / "src" / "dlspec" / "__init__.py").write_text("", encoding="utf-8")
    (clone / "lessons" / "en").mkdir(parents=True)
    result = _run_cell(tmp_path, clone / "lessons" / "en")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(clone / "src" / "dlspec" / "__init__.py")


def test_on_colab_the_cell_installs_from_the_source(tmp_path):
    fake_pip = tmp_path / "sitecustomize_pip.py"
    fake_pip.write_text(
        "import subprocess, sys\n"
        "def run(cmd, check):\n"
        "    print('pip', cmd[-1]); sys.exit(0)\n"
        "subprocess.run = run\n", encoding="utf-8")
    script = tmp_path / "cell.py"
    script.write_text(fake_pip.read_text() + "".join(lesson_setup.setup_source(SOURCE)),
                      encoding="utf-8")
    result = subprocess.run([sys.executable, "-I", "-S", str(script)], cwd=tmp_path,
                            env={"COLAB_RELEASE_TAG": "release"}, capture_output=True,
                            text=True, timeout=60)
    assert result.stdout.strip() == f"pip dlspec[data,plot] @ {SOURCE}", result.stderr


def test_the_lessons_are_written_back_byte_for_byte():
    # dump() is the lessons' own format, so inserting the cell changes nothing else.
    for path in sorted((ROOT / "lessons" / "en").glob("*.ipynb"))[:3]:
        text = path.read_text(encoding="utf-8")
        assert lesson_setup.dump(json.loads(text)) == text, path
