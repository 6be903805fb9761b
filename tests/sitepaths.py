"""Paths and page lists of the project, shared by the tests (import with `from sitepaths import ...`)."""

from __future__ import annotations

import os
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
LESSONS = ROOT / "lessons"
# The built site: site/ (`make build`), or a build in another folder named by DLSPEC_SITE_DIR
# (`mkdocs build -d /tmp/x` then `DLSPEC_SITE_DIR=/tmp/x pytest tests/site`).
SITE = Path(os.environ.get("DLSPEC_SITE_DIR") or ROOT / "site")
LANGUAGES = ("en", "ja", "ko")
DEFAULT_LANGUAGE = "en"


def url_prefix(lang: str) -> str:
    """Where a language's pages live in the built site: '' for English, 'ja/' for Japanese."""
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


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
