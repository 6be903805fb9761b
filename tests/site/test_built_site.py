"""The built site: every page in every language, rendered lessons, MathJax local, no CDN."""

from __future__ import annotations

import json
import os
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

from sitepaths import ROOT, DOCS, LANGUAGES, english_pages, page_url, url_prefix

sys.path.insert(0, str(ROOT / "hooks"))
import dlspec_site  # noqa: E402  (the hook decides what the site shows)

pytestmark = pytest.mark.site

PAGES = english_pages()
LESSON_PAGES = [p for p in PAGES if p.startswith("lessons/")]


class _Resources(HTMLParser):
    """Collects every URL a page makes the browser load (not the ones it merely links to)."""

    def __init__(self):
        super().__init__()
        self.loads: list[str] = []
        self.alternates: dict[str, str] = {}
        self.html_lang: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and a.get("src"):
            self.loads.append(a["src"])
        if tag == "link" and a.get("href"):
            rel = (a.get("rel") or "").split()
            if {"stylesheet", "icon", "preload", "modulepreload", "manifest"} & set(rel):
                self.loads.append(a["href"])
        if tag == "a" and a.get("hreflang") and "md-select__link" in (a.get("class") or ""):
            self.alternates[a["hreflang"]] = a["href"]


def parse(path: Path) -> _Resources:
    parser = _Resources()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_path(site: Path, lang: str, src: str) -> Path:
    return site / url_prefix(lang) / page_url(src) / "index.html"


def resolve_href(site: Path, page: Path, href: str) -> Path:
    """The file a link points at. Absolute links (the switcher's on home pages) start with the
    path of site_url, which `make test` leaves at its default '/'."""
    href = unquote(urlparse(href).path)
    if href.startswith("/"):
        base = urlparse(os.environ.get("SITE_URL", "http://127.0.0.1:8000/")).path
        assert href.startswith(base), f"{href} is outside the site's path {base}"
        return (site / href[len(base):]).resolve()
    return (page.parent / href).resolve()


def is_rendered_lesson(html: str) -> bool:
    """A lesson page is HTML with notebook cells, not the notebook's JSON pasted as a page."""
    stripped = html.lstrip()
    if stripped.startswith("{") or '"nbformat"' in html[:2000]:
        return False
    return "jp-Notebook" in html and "jp-CodeCell" in html


def test_raw_notebook_json_is_not_a_rendered_lesson():
    raw = '{\n "cells": [{"cell_type": "code", "source": []}],\n "nbformat": 4\n}'
    assert not is_rendered_lesson(raw)


def test_the_site_has_pages_and_lessons():
    assert "index.md" in PAGES and "c1/w2.md" in PAGES
    assert len(LESSON_PAGES) >= 2


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("src", PAGES)
def test_page_exists_in_every_language(site_dir, lang, src):
    path = html_path(site_dir, lang, src)
    assert path.exists(), f"{src} was not built for {lang} (expected {path})"
    html = path.read_text(encoding="utf-8")
    assert "<article" in html
    assert parse(path).html_lang == lang


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("src", LESSON_PAGES)
def test_lesson_is_rendered_with_a_plot(site_dir, lang, src):
    path = html_path(site_dir, lang, src)
    html = path.read_text(encoding="utf-8")
    assert is_rendered_lesson(html), f"{path} is not a rendered notebook"
    assert re.search(r'<img[^>]+src="data:image/png;base64,', html), f"{path} shows no plot"
    assert "jp-OutputArea-output" in html
    # The notebook itself is published next to the page for download.
    name = Path(src).name
    assert (path.parent / name).exists()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("src", PAGES)
def test_language_switcher_points_at_the_same_page(site_dir, lang, src):
    path = html_path(site_dir, lang, src)
    alternates = parse(path).alternates
    assert set(alternates) == set(LANGUAGES)
    for other, href in alternates.items():
        target = resolve_href(site_dir, path, href)
        expected = html_path(site_dir, other, src).parent.resolve()
        assert target == expected, f"{lang}:{src} switcher to {other} goes to {href}"


def _all_html(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_loads_only_files_of_the_site(site_dir):
    offenders = []
    for path in _all_html(site_dir):
        for url in parse(path).loads:
            parsed = urlparse(url)
            if url.startswith("data:"):
                continue
            if parsed.scheme or url.startswith("//"):
                offenders.append(f"{path.relative_to(site_dir)}: {url}")
                continue
            if not resolve_href(site_dir, path, url).exists():
                offenders.append(f"{path.relative_to(site_dir)}: {url} (missing)")
    assert not offenders, "\n".join(offenders[:20])


def test_stylesheets_import_nothing_from_outside(site_dir):
    external = re.compile(r"""(@import\s+(url\()?\s*["']?(https?:)?//|url\(\s*["']?(https?:)?//)""")
    offenders = [
        str(css.relative_to(site_dir))
        for css in site_dir.rglob("*.css")
        if external.search(css.read_text(encoding="utf-8", errors="replace"))
    ]
    assert not offenders


def test_mathjax_is_served_by_the_site(site_dir):
    mathjax = site_dir / "assets" / "mathjax"
    assert (mathjax / "tex-chtml.js").stat().st_size > 500_000
    assert list((mathjax / "output" / "chtml" / "fonts" / "woff-v2").glob("*.woff"))
    week = parse(html_path(site_dir, "ja", "c1/w2.md"))
    assert any(url.endswith("assets/mathjax/tex-chtml.js") for url in week.loads)
    # MathJax is copied once for the whole site, not once per language.
    assert not (site_dir / "ja" / "assets" / "mathjax").exists()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_math_reaches_the_page_for_mathjax(site_dir, lang):
    html = html_path(site_dir, lang, "c1/w2.md").read_text(encoding="utf-8")
    assert html.count('class="arithmatex"') >= 10


@pytest.mark.parametrize("lang", ("ja", "ko"))
def test_fallback_notice_iff_page_is_not_translated(site_dir, lang):
    for src in PAGES:
        html = html_path(site_dir, lang, src).read_text(encoding="utf-8")
        translated = (DOCS / lang / src).exists()
        assert ("dlspec-untranslated" in html) != translated, f"{lang}:{src}"
        stale = translated and dlspec_site.translation_state(lang, src) == "stale"
        assert ("dlspec-stale" in html) == stale, f"{lang}:{src}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_course_map_links_written_weeks_only(site_dir, lang):
    html = html_path(site_dir, lang, "index.md").read_text(encoding="utf-8")
    for course in ("c1", "c2", "c3", "c4", "c5"):
        assert f'id="{course}"' in html
    written = {p[:-3] for p in PAGES if re.fullmatch(r"c\d/w\d\.md", p)}
    linked = set(re.findall(r'href="(c\d/w\d)/"', html))
    assert linked == written
    weeks = sum(len(course["weeks"]) for course in dlspec_site.load_yaml("courses.yml"))
    assert weeks == 17
    assert html.count('class="dlspec-unwritten"') == weeks - len(written)
    # The sentence above the map counts the written weeks (hand-counted: 17 weeks in all).
    if len(written) == weeks:
        assert {"en": "All 17 weeks", "ja": "全 17 週が執筆済み", "ko": "17개 주차를 모두"}[lang] in html
    else:
        assert f"{len(written)} " in html and "17" in html


def test_search_index_holds_every_language(site_dir):
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert set(index["config"]["lang"]) == set(LANGUAGES)
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    for lang in LANGUAGES:
        for src in PAGES:
            if (DOCS / lang / src).exists():
                assert url_prefix(lang) + page_url(src) in locations, (lang, src)


def test_no_page_is_notebook_json(site_dir):
    for path in _all_html(site_dir):
        head = path.read_text(encoding="utf-8")[:200].lstrip()
        assert not head.startswith("{"), path
