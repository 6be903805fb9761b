"""Every link inside the built site resolves, in every language: the file and the #anchor.

For each `<a href>` of every HTML page of the site, a link that stays on the site must name a
file that was built (a folder means its index.html) and, when it has a fragment, an element
of that page with that id. Heading ids must not be empty (a Japanese or Korean heading used to
get `id=""`, and its table-of-contents entry pointed nowhere). Links that leave the site
(another host, mailto:) are not followed: the site is checked offline.

The site is site/ (`make build`), or the folder named by DLSPEC_SITE_DIR (tests/sitepaths.py).
A small planted site (a dead page link and a dead anchor) shows the check can fail.
"""

from __future__ import annotations

import os
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from sitepaths import LANGUAGES, url_prefix

pytestmark = pytest.mark.site

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000/")
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _Page(HTMLParser):
    """The ids of a page (and <a name>), its links, and its headings without an id."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.empty_headings = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        if tag == "a" and a.get("href") is not None:
            self.links.append(a["href"])
        if tag in HEADINGS and "id" in a and not a["id"]:
            self.empty_headings += 1


@lru_cache(maxsize=None)
def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    return page


def _target(site: Path, page: Path, href: str, site_url: str) -> tuple[Path, str] | None:
    """(file, fragment) a link points at on the site, or None when it leaves the site."""
    parts = urlsplit(href)
    base = urlsplit(site_url)
    if parts.scheme in ("mailto", "tel", "javascript", "data"):
        return None
    if parts.scheme or parts.netloc:
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            return None  # another host: not checked offline
        path = parts.path
    else:
        path = parts.path
    fragment = unquote(parts.fragment)
    if path.startswith("/"):
        root = base.path or "/"
        if not path.startswith(root):
            return (site / "__outside_site_url__" / path.lstrip("/"), fragment)
        file = site / unquote(path[len(root):])
    elif path == "":
        file = page
    else:
        file = page.parent / unquote(path)
    if path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file.resolve(), fragment


def check_site(site: Path, site_url: str = SITE_URL) -> list[str]:
    """Every problem with the links of the site at `site`, one line each."""
    site = site.resolve()
    problems = []
    for page in sorted(site.rglob("*.html")):
        parsed = _parse(page)
        where = page.relative_to(site).as_posix()
        if parsed.empty_headings:
            problems.append(f"{where}: {parsed.empty_headings} heading(s) with an empty id")
        for href in sorted(set(parsed.links)):
            target = _target(site, page, href, site_url)
            if target is None:
                continue
            file, fragment = target
            if not file.exists():
                problems.append(f"{where}: {href} -> no such file")
            elif fragment and file.suffix == ".html" and fragment not in _parse(file).ids:
                problems.append(f"{where}: {href} -> no id {fragment!r} on that page")
    return problems


def test_every_link_and_anchor_of_the_site_resolves(site_dir):
    problems = check_site(site_dir)
    assert not problems, f"{len(problems)} dead links or anchors:\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lesson_table_of_contents_points_at_headings(site_dir, lang):
    # The check above would pass on a site without lessons; make sure it looked at them.
    lessons = sorted((site_dir / url_prefix(lang) / "lessons").glob("*/index.html"))
    assert len(lessons) >= 2
    for path in lessons:
        page = _parse(path)
        toc = [h for h in page.links if h.startswith("#") and len(h) > 1]
        assert len(toc) >= 3, f"{path} has no table of contents"
        assert all(unquote(h[1:]) in page.ids for h in toc), path


# --- The check itself, on a planted site ------------------------------------------------------
PAGE = """<!doctype html><html><body>
<h1 id="title">Title</h1><h2 id="zweite">Zweite</h2><h2 id="第1週-基礎">第1週</h2>
{links}
</body></html>"""


def _plant(tmp_path: Path, links: str) -> Path:
    site = tmp_path / "site"
    (site / "ja" / "c1" / "w2").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "assets" / "x.css").write_text("")
    (site / "ja" / "c1" / "w2" / "index.html").write_text(PAGE.format(links=""), "utf-8")
    (site / "ja" / "index.html").write_text(PAGE.format(links=""), "utf-8")
    (site / "index.html").write_text(PAGE.format(links=links), "utf-8")
    return site


GOOD = (
    '<a href="ja/c1/w2/">w</a> <a href="ja/c1/w2/#zweite">a</a> <a href="#title">t</a>'
    ' <a href="ja/c1/w2/#%E7%AC%AC1%E9%80%B1-%E5%9F%BA%E7%A4%8E">encoded</a>'
    ' <a href="./ja/c1/w2/index.html#第1週-基礎">raw</a> <a href="assets/x.css">f</a>'
    ' <a href="https://example.org/nowhere/">outside</a> <a href="mailto:a@b.c">m</a>'
    ' <a href="http://127.0.0.1:8000/ja/c1/w2/">absolute</a> <a href="/ja/">root</a>'
)


def test_check_passes_a_planted_site_whose_links_all_resolve(tmp_path):
    assert check_site(_plant(tmp_path, GOOD), "http://127.0.0.1:8000/") == []


@pytest.mark.parametrize(
    "dead,expected",
    [
        ('<a href="ja/c1/w3/">page</a>', "ja/c1/w3/ -> no such file"),
        ('<a href="ja/c1/w2/#nowhere">anchor</a>', "no id 'nowhere'"),
        ('<a href="#_1">empty slug</a>', "no id '_1'"),
        ('<a href="lessons/c2w3-random-search.ipynb">nb</a>', "no such file"),
        ('<a href="/ko/">root</a>', "/ko/ -> no such file"),
        ('<h2 id="">見出し</h2>', "heading(s) with an empty id"),
    ],
)
def test_check_fails_on_a_planted_dead_link_or_anchor(tmp_path, dead, expected):
    problems = check_site(_plant(tmp_path, GOOD + dead), "http://127.0.0.1:8000/")
    assert len(problems) == 1 and expected in problems[0], problems
