"""Shared fixtures: paths of the repository, the languages, and the built site."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Plots from tests go nowhere; lessons run in their own kernels and are not affected.
os.environ.setdefault("MPLBACKEND", "Agg")

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
LESSONS = ROOT / "lessons"
SITE = ROOT / "site"
LANGUAGES = ("en", "ja", "ko")
DEFAULT_LANGUAGE = "en"


def url_prefix(lang: str) -> str:
    """Where a language's pages live in the built site: '' for English, 'ja/' for Japanese."""
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE / "index.html").exists():
        pytest.fail("site/ is not built: run `make test` (or `make build` before pytest)")
    return SITE


def english_pages() -> list[str]:
    """Every page of the site, as a path relative to docs/en (Markdown pages and lessons)."""
    pages = [p.relative_to(DOCS / "en").as_posix() for p in (DOCS / "en").rglob("*.md")]
    pages += [f"lessons/{p.name}" for p in (LESSONS / "en").glob("*.ipynb")]
    return sorted(pages)


def page_url(src: str) -> str:
    """Directory URL of a page relative to a language root: 'c1/w2.md' -> 'c1/w2/'."""
    stem = src.rsplit(".", 1)[0]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"
