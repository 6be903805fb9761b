"""Put the same set-up cell first among the code cells of every lesson, in every language.

A lesson downloaded from the site or opened in Colab runs outside the repository, where
``import dlspec`` fails. Its first code cell (this script's SETUP) finds dlspec, or finds the
clone it sits in, or on Colab installs it; anywhere else it says in one sentence how to get it.

    python scripts/lesson_setup.py                 # insert or update the cell in every lesson
    python scripts/lesson_setup.py --check         # exit 1 if a lesson lacks the current cell
    python scripts/lesson_setup.py --source git+https://github.com/OWNER/dlspec

Idempotent: run it again after adding lessons. The cell is the same in en, ja and ko (code
cells are identical across languages); its cell id and ``dlspec-setup`` tag identify it. The
pip source is ``--source``, else ``git+$REPO_URL``, else the one the lessons already carry.
A translation that followed the English lesson before the edit is re-stamped (``source_blob``)
so that adding the cell does not mark it out of date; a stale one stays stale.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"
LANGUAGES = ("en", "ja", "ko")
TAG = "dlspec-setup"
CELL_ID = "dlspec-setup"

sys.path.insert(0, str(ROOT / "scripts"))
import i18n_check  # noqa: E402  (scripts/ is not a package)

SETUP = '''\
# Set-up: this lesson imports dlspec. Installed (make lab, or pip): nothing to do. In a clone
# of the repository: found in its src/. On Colab: installed from the repository. Elsewhere:
# the error says how to get it.
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

DLSPEC_SOURCE = "{source}"
if importlib.util.find_spec("dlspec") is None:
    here = Path.cwd().resolve()
    clone = next((p for p in [here, *here.parents] if (p / "src" / "dlspec").is_dir()), None)
    if clone is not None:
        sys.path.insert(0, str(clone / "src"))
    elif "COLAB_RELEASE_TAG" in os.environ and DLSPEC_SOURCE:
        pip = [sys.executable, "-m", "pip", "install", "--quiet"]
        subprocess.run(pip + [f"dlspec[data,plot] @ {{DLSPEC_SOURCE}}"], check=True)
    else:
        where = DLSPEC_SOURCE or "git+<the dlspec repository's URL>"
        raise ModuleNotFoundError(
            "This lesson needs the dlspec package: open it from a clone of the dlspec "
            "repository (`make lab`), or install it with "
            f"`pip install 'dlspec[data,plot] @ {{where}}'`."
        )'''

SOURCE = re.compile(r'^DLSPEC_SOURCE = "([^"]*)"$', re.M)


def setup_source(source: str) -> list[str]:
    text = SETUP.format(source=source)
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + [lines[-1]]


def setup_cell(source: str) -> dict:
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": CELL_ID,
        "metadata": {"tags": [TAG]},
        "outputs": [],
        "source": setup_source(source),
    }


def is_setup(cell: dict) -> bool:
    return cell.get("id") == CELL_ID or TAG in cell.get("metadata", {}).get("tags", [])


def with_setup(nb: dict, source: str) -> dict:
    """The notebook with exactly one set-up cell, just before its first other code cell."""
    cells = [cell for cell in nb["cells"] if not is_setup(cell)]
    first_code = next((i for i, c in enumerate(cells) if c["cell_type"] == "code"), len(cells))
    cells.insert(first_code, setup_cell(source))
    return {**nb, "cells": cells}


def current_source(paths: list[Path]) -> str:
    """The pip source already written in the lessons' set-up cells (first one found)."""
    for path in paths:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if is_setup(cell):
                match = SOURCE.search("".join(cell["source"]))
                if match:
                    return match.group(1)
    return ""


def dump(nb: dict) -> str:
    # The format every lesson is written in (i18n_check.stamp writes it the same way).
    return json.dumps(nb, ensure_ascii=False, indent=1) + "\n"


def lessons() -> list[Path]:
    return sorted(path for lang in LANGUAGES for path in (LESSONS / lang).glob("*.ipynb"))


def update(source: str) -> list[Path]:
    """Write the set-up cell into every lesson; return the files that changed."""
    changed = []
    # Which translations follow their English lesson now (before the English changes)?
    current = {}
    for path in lessons():
        lang = path.parent.name
        english = LESSONS / "en" / path.name
        if lang != "en" and english.exists():
            recorded = i18n_check.notebook_meta(path).get("source_blob")
            current[path] = recorded == i18n_check.blob_id(english.read_bytes())
    for path in lessons():
        text = path.read_text(encoding="utf-8")
        new = dump(with_setup(json.loads(text), source))
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    for path, was_current in current.items():
        if was_current:
            before = path.read_text(encoding="utf-8")
            i18n_check.stamp(path)
            if path.read_text(encoding="utf-8") != before and path not in changed:
                changed.append(path)
    return changed


def problems(source: str | None = None) -> list[str]:
    """Lessons whose set-up cell is missing, not first among code cells, or not current."""
    paths = lessons()
    source = current_source(paths) if source is None else source
    expected = "".join(setup_source(source))
    found = []
    for path in paths:
        nb = json.loads(path.read_text(encoding="utf-8"))
        code = [cell for cell in nb["cells"] if cell["cell_type"] == "code"]
        shown = path.relative_to(ROOT).as_posix()
        setups = [cell for cell in nb["cells"] if is_setup(cell)]
        if not setups:
            found.append(f"{shown}: no set-up cell")
        elif len(setups) > 1:
            found.append(f"{shown}: {len(setups)} set-up cells")
        elif not code or not is_setup(code[0]):
            found.append(f"{shown}: the set-up cell is not the first code cell")
        elif "".join(setups[0]["source"]) != expected:
            found.append(f"{shown}: the set-up cell is not the current one")
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report, exit 1 on problems")
    parser.add_argument("--source", help="pip source of dlspec, e.g. git+https://github.com/O/dlspec")
    args = parser.parse_args(argv)
    source = args.source
    if source is None and os.environ.get("REPO_URL"):
        source = "git+" + os.environ["REPO_URL"].rstrip("/")
    if source is None:
        source = current_source(lessons())
    if args.check:
        found = problems(source)
        print("\n".join(found) or f"{len(lessons())} lessons have the set-up cell")
        return 1 if found else 0
    changed = update(source)
    for path in changed:
        print(f"updated {path.relative_to(ROOT).as_posix()}")
    print(f"{len(lessons())} lessons, {len(changed)} changed; pip source: {source or '(none)'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
