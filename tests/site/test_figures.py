"""Figures drawn by code (scripts/figures.py) on the built site.

Every week page shows at least two figures in every language; each is inline SVG named by an
alt text in the page's language, with a caption; a figure loads nothing (no http, no //, no
file: its references are fragments of the page or data: URIs); no element id repeats on a page;
every figure in figures/ is shown somewhere; the week pages keep their weight budget.

The site is site/ (`make build`), or the folder named by DLSPEC_SITE_DIR, for a build made
elsewhere: `mkdocs build -d /tmp/figsite` then `DLSPEC_SITE_DIR=/tmp/figsite pytest ...`.
Run with -s to see what the figures weigh.
"""

from __future__ import annotations

import gzip
import os
import re
import sys
from collections import Counter
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitepaths import LANGUAGES, ROOT, english_pages, page_url, url_prefix
from test_page_weight import WEEK_BUDGET_KB, weight

sys.path.insert(0, str(ROOT / "scripts"))
import figures  # noqa: E402  (scripts/ is not a package)

pytestmark = pytest.mark.site

WEEKS = [p for p in english_pages() if re.fullmatch(r"c\d/w\d\.md", p)]
MIN_FIGURES = 2

# What the alt text and caption of a page's language must (and must not) contain.
KANA = re.compile(r"[\u3040-\u30ff]")  # hiragana and katakana: Japanese
HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")  # Korean
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3]")
LATIN = re.compile(r"[A-Za-z]")

# Attributes that make a browser fetch or point at something (href in HTML and SVG 2,
# xlink:href in SVG 1.1); url(...) may also appear in style attributes and <style>.
REFERENCE_ATTRIBUTES = ("href", "xlink:href", "src", "srcset", "data", "poster")
URL = re.compile(r"url\(\s*['\"]?([^'\")]*)")


@pytest.fixture(scope="module")
def site(request) -> Path:
    """The built site: DLSPEC_SITE_DIR if set (a build to another folder), else site/."""
    override = os.environ.get("DLSPEC_SITE_DIR")
    if not override:
        return request.getfixturevalue("site_dir")
    path = Path(override)
    if not (path / "index.html").exists():
        pytest.fail(f"DLSPEC_SITE_DIR={override} holds no built site (no index.html)")
    return path


class _Page(HTMLParser):
    """The figures of a page, every element id on it and every fragment it refers to."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.figures: list[dict] = []
        self.ids: list[str] = []
        self.fragments: list[str] = []  # '#x' references anywhere in a figure
        self._figure: dict | None = None
        self._caption = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        if tag == "figure" and "dlspec-figure" in (a.get("class") or "").split():
            self._figure = {"id": a.get("id"), "svgs": [], "caption": "", "refs": []}
            self.figures.append(self._figure)
            return
        figure = self._figure
        if figure is None:
            return
        if tag == "svg":
            figure["svgs"].append(a)
        elif tag == "figcaption":
            self._caption = True
        for name, value in attrs:
            if value is None:
                continue
            if name in REFERENCE_ATTRIBUTES:
                self._reference(value.strip())
            for url in URL.findall(value):
                self._reference(url.strip())

    def handle_endtag(self, tag):
        if tag == "figure":
            self._figure = None
        elif tag == "figcaption":
            self._caption = False

    def handle_data(self, data):
        if self._figure is None:
            return
        if self._caption:
            self._figure["caption"] += data
        for url in URL.findall(data):  # <style> inside the SVG
            self._reference(url.strip())

    def _reference(self, target):
        if target.startswith("#"):
            self.fragments.append(target[1:])
        elif not target.startswith("data:"):
            self._figure["refs"].append(target)


def html_path(site: Path, lang: str, src: str) -> Path:
    return site / url_prefix(lang) / page_url(src) / "index.html"


@lru_cache(maxsize=None)
def read(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def language_problem(text: str, lang: str) -> str | None:
    """Why `text` does not read as written in `lang`, or None."""
    if lang == "ja" and not KANA.search(text):
        return "has no kana, so it is not Japanese"
    if lang == "ko" and not HANGUL.search(text):
        return "has no Hangul, so it is not Korean"
    if lang == "ja" and HANGUL.search(text):
        return "has Hangul on a Japanese page"
    if lang == "ko" and KANA.search(text):
        return "has kana on a Korean page"
    if lang == "en" and (CJK.search(text) or not LATIN.search(text)):
        return "is not English"
    return None


def test_the_language_test_tells_the_languages_apart():
    assert language_problem("Four plots over z.", "en") is None
    assert language_problem("z が -4 から 4 までのグラフ。", "ja") is None
    assert language_problem("z가 -4부터 4까지인 그래프.", "ko") is None
    assert language_problem("Four plots over z.", "ja") and language_problem("グラフ", "ko")
    assert language_problem("그래프", "ja") and language_problem("活性化関数", "en")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("src", WEEKS)
def test_week_page_shows_figures_named_in_its_language(site, lang, src):
    page = read(html_path(site, lang, src))
    where = f"{lang}:{src}"
    assert len(page.figures) >= MIN_FIGURES, (
        f"{where} shows {len(page.figures)} figures, fewer than {MIN_FIGURES}"
    )
    for figure in page.figures:
        name = f"{where} {figure['id']}"
        assert figure["svgs"], f"{name} has no inline <svg>"
        svg = figure["svgs"][0]
        label = (svg.get("aria-label") or "").strip()
        assert svg.get("role") == "img" and label, f"{name}: the <svg> has no role=img aria-label"
        problem = language_problem(label, lang)
        assert problem is None, f"{name}: the alt text {problem}: {label[:80]!r}"
        caption = figure["caption"].strip()
        assert caption, f"{name} has no caption"
        problem = language_problem(caption, lang)
        assert problem is None, f"{name}: the caption {problem}: {caption!r}"


def _pages_with_figures(site):
    for lang in LANGUAGES:
        for src in english_pages():
            path = html_path(site, lang, src)
            if path.exists() and read(path).figures:
                yield f"{lang}:{src}", read(path)


def test_figures_refer_to_nothing_outside_the_page(site):
    offenders = []
    for where, page in _pages_with_figures(site):
        ids = set(page.ids)
        for figure in page.figures:
            offenders += [f"{where} {figure['id']}: {ref}" for ref in figure["refs"]]
        offenders += [f"{where}: #{x} is no id of the page" for x in page.fragments if x not in ids]
    assert not offenders, "\n".join(offenders[:20])


def test_no_element_id_repeats_on_a_page_with_figures(site):
    repeated = []
    for where, page in _pages_with_figures(site):
        twice = sorted(k for k, n in Counter(page.ids).items() if n > 1)
        if twice:
            repeated.append(f"{where}: {twice[:10]}")
    assert not repeated, "\n".join(repeated)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_figure_is_shown_on_some_page(site, lang):
    shown = {
        figure["id"]
        for src in english_pages()
        if html_path(site, lang, src).exists()
        for figure in read(html_path(site, lang, src)).figures
    }
    unused = [name for name in figures.names() if f"figure-{name}" not in shown]
    assert not unused, f"figures/ holds figures no {lang} page shows: {unused}"


FIGURE_HTML = re.compile(r'<figure class="dlspec-figure".*?</figure>', re.S)


def test_week_pages_keep_their_budget_with_figures(site):
    """The budget of test_page_weight, on this site; prints what the figures weigh."""
    total_raw = total_gzip = count = 0
    heavy = []
    for lang in LANGUAGES:
        for src in WEEKS:
            html = html_path(site, lang, src).read_text(encoding="utf-8")
            shown = FIGURE_HTML.findall(html)
            raw = sum(len(f.encode("utf-8")) for f in shown)
            packed = sum(len(gzip.compress(f.encode("utf-8"), compresslevel=6)) for f in shown)
            total_raw, total_gzip, count = total_raw + raw, total_gzip + packed, count + len(shown)
            page_raw, page_packed = weight(site, src, lang)
            print(f"{lang}:{src} {len(shown)} figures, {raw / 1024:.0f} KB raw, {packed / 1024:.1f}"
                  f" KB gzip; page with CSS/JS {page_packed:.0f} KB gzip")
            if page_packed >= WEEK_BUDGET_KB:
                heavy.append(f"{lang}:{src} transfers {page_packed:.0f} KB")
    print(f"all figures on week pages: {count} figures, {total_raw} bytes raw,"
          f" {total_gzip} bytes gzip (each figure compressed on its own)")
    assert not heavy, "\n".join(heavy)
