"""The translation notices on a small site built from a fixture tree with the real config:
a page missing in a language shows "not yet translated"; a translation whose English page
changed since it was stamped shows "may be out of date"; the status page lists both."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from sitepaths import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import i18n_check  # noqa: E402

pytestmark = pytest.mark.site

LESSONS = ("c1w2-numpy-basics", "c1w2-logistic-regression")


def _notebook(title):
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": f"# {title}"},
        {"cell_type": "code", "metadata": {}, "source": "print(6 * 7)",
         "outputs": [], "execution_count": None},
    ]
    meta = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    return json.dumps({"cells": cells, "metadata": meta, "nbformat": 4, "nbformat_minor": 5})


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("fixture-site")
    for name in ("mkdocs.yml", "hooks", "scripts", "data", "overrides", "figures"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
    pages = ["index.md", "notation.md", "glossary.md", "translation-status.md", "c1/w2.md"]
    for page in pages:
        (root / "docs/en" / page).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs/en" / page).write_text(f"# {page}\n\nEnglish text.\n", encoding="utf-8")
    (root / "docs/en/translation-status.md").write_text(
        "# Status\n\n<!-- dlspec:translation-status -->\n", encoding="utf-8"
    )
    for lang in ("en", "ja", "ko"):
        (root / "lessons" / lang).mkdir(parents=True)
        (root / "docs" / lang).mkdir(parents=True, exist_ok=True)
        (root / "docs" / lang / "lessons").symlink_to(f"../../lessons/{lang}")
    for name in LESSONS:
        (root / "lessons/en" / f"{name}.ipynb").write_text(_notebook(name), encoding="utf-8")
    # ja: home translated and current, week translated then the English changed; the rest missing.
    (root / "docs/ja/index.md").write_text("# ホーム\n\n日本語の文章です。\n", encoding="utf-8")
    (root / "docs/ja/c1").mkdir()
    (root / "docs/ja/c1/w2.md").write_text("# 第2週\n\n日本語の文章です。\n", encoding="utf-8")
    for page in ("docs/ja/index.md", "docs/ja/c1/w2.md"):
        i18n_check.stamp(root / page, root)
    (root / "docs/en/c1/w2.md").write_text("# c1/w2.md\n\nEnglish, revised.\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(root / "mkdocs.yml")],
        cwd=root, check=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    return root / "site"


def html(site, path):
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_current_translation_has_no_notice(fixture_site):
    page = html(fixture_site, "ja")
    assert "dlspec-untranslated" not in page and "dlspec-stale" not in page


def test_stale_translation_says_so(fixture_site):
    page = html(fixture_site, "ja/c1/w2")
    assert "dlspec-stale" in page and "dlspec-untranslated" not in page
    assert "日本語の文章です" in page


@pytest.mark.parametrize("path", ["ja/notation", "ko/c1/w2", "ko", "ja/lessons/c1w2-numpy-basics"])
def test_missing_translation_falls_back_with_a_notice(fixture_site, path):
    page = html(fixture_site, path)
    assert "dlspec-untranslated" in page and "dlspec-stale" not in page


def test_fallback_lesson_is_still_a_rendered_notebook(fixture_site):
    page = html(fixture_site, "ko/lessons/c1w2-logistic-regression")
    assert "jp-Notebook" in page and "42" in page


def test_english_pages_have_no_notice(fixture_site):
    for path in ("", "c1/w2", "lessons/c1w2-numpy-basics"):
        page = html(fixture_site, path)
        assert "dlspec-untranslated" not in page and "dlspec-stale" not in page


def test_status_page_lists_each_state(fixture_site):
    page = html(fixture_site, "ja/translation-status")
    assert "翻訳済み" in page and "古い可能性あり" in page and "未翻訳" in page
    english = html(fixture_site, "translation-status")
    assert "Status (ja)" in english and "Status (ko)" in english
