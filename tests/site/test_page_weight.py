"""Page weight. Budget: a week page, with the CSS and JS it loads (MathJax excluded: it is
cached once for the whole site), transfers under 300 KB on a first visit. GitHub Pages serves
gzip, so the budget is on gzip-compressed bytes; the raw figures are printed beside them
(run with -s to see them)."""

from __future__ import annotations

import gzip
from functools import lru_cache

import pytest

from sitepaths import LANGUAGES, english_pages, page_url, url_prefix
from test_built_site import parse, resolve_href

pytestmark = pytest.mark.site

WEEK_BUDGET_KB = 300
LESSON_BUDGET_KB = 1024


@lru_cache(maxsize=None)
def _sizes(path):
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=6))


def weight(site_dir, src, lang):
    """(raw KB, gzip KB) of a page and everything it loads except MathJax and data: URIs."""
    page = site_dir / url_prefix(lang) / page_url(src) / "index.html"
    files = [page] + [
        resolve_href(site_dir, page, url)
        for url in parse(page).loads
        if not url.startswith("data:") and "/mathjax/" not in url
    ]
    raw = sum(_sizes(f)[0] for f in files) / 1024
    packed = sum(_sizes(f)[1] for f in files) / 1024
    return raw, packed


@pytest.mark.parametrize("lang", LANGUAGES)
def test_week_pages_fit_the_budget(site_dir, lang):
    weeks = [p for p in english_pages() if p.startswith("c")]
    assert weeks
    for src in weeks:
        raw, packed = weight(site_dir, src, lang)
        print(f"{lang}:{src} raw {raw:.0f} KB, gzip {packed:.0f} KB")
        assert packed < WEEK_BUDGET_KB, f"{lang}:{src} transfers {packed:.0f} KB"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lesson_pages_fit_their_budget(site_dir, lang):
    for src in [p for p in english_pages() if p.startswith("lessons/")]:
        raw, packed = weight(site_dir, src, lang)
        print(f"{lang}:{src} raw {raw:.0f} KB, gzip {packed:.0f} KB")
        assert packed < LESSON_BUDGET_KB, f"{lang}:{src} transfers {packed:.0f} KB"
