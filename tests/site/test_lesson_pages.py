"""What the site hook adds to lesson pages and reference pages, checked on its own functions
(no built site needed) and, for the links between lessons and weeks, on the built site.

- Heading ids: English ids equal Python-Markdown's default slugs (pages link to them), so the
  move to Unicode slugs changed no English anchor; Japanese and Korean headings get ids.
- A notebook's table of contents is built from the same headings as their ids.
- Each lesson links its week page and the next lesson or week, in course order.
"""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser

import pytest
from markdown.extensions.toc import slugify as markdown_default_slugify

from sitepaths import DOCS, LANGUAGES, LESSONS, ROOT, url_prefix

sys.path.insert(0, str(ROOT / "hooks"))
import dlspec_site  # noqa: E402  (the hook decides what the site shows)

HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*$")
EXPLICIT = re.compile(r"\{\s*#[^}]*\}\s*$")


def _english_headings():
    """Every heading text without an explicit { #anchor } in the English pages and lessons."""
    found = []
    for page in sorted((DOCS / "en").rglob("*.md")):
        fenced = False
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.startswith("```"):
                fenced = not fenced
            match = HEADING.match(line)
            if match and not fenced and not EXPLICIT.search(match.group(1)):
                found.append(match.group(1))
    for lesson in sorted((LESSONS / "en").glob("*.ipynb")):
        nb = json.loads(lesson.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "markdown":
                for line in "".join(cell["source"]).splitlines():
                    match = HEADING.match(line)
                    if match:
                        found.append(match.group(1))
    return found


def test_unicode_slugs_keep_every_english_anchor():
    headings = _english_headings()
    assert len(headings) > 50
    changed = [
        (text, markdown_default_slugify(text, "-"), dlspec_site.slugify(text))
        for text in headings
        if markdown_default_slugify(text, "-") != dlspec_site.slugify(text)
    ]
    assert not changed


@pytest.mark.parametrize(
    "text,expected",
    [
        ("7. 覚えておきたいこと", "7-覚えておきたいこと"),
        ("기억할 점", "기억할-점"),
        ("5. He initialization, by hand and from dlspec", "5-he-initialization-by-hand-and-from-dlspec"),
    ],
)
def test_headings_in_any_script_get_ids(text, expected):
    assert dlspec_site.slugify(text) == expected


NOTEBOOK = (
    '<div><h1 id="">初期化<a class="anchor-link" href="#">¶</a></h1>\n'
    '<h2 id="5-he">5. He の初期化と <code>dlspec</code><a class="anchor-link" href="#5-he">¶</a></h2>\n'
    '<h2 id="">まとめ<a class="anchor-link" href="#">¶</a></h2>\n'
    '<h3 id="">まとめ<a class="anchor-link" href="#">¶</a></h3></div>'
)


def test_notebook_headings_and_their_table_of_contents_agree():
    html, tokens = dlspec_site.fix_notebook_headings(NOTEBOOK)
    ids = re.findall(r'<h\d id="([^"]*)"', html)
    assert ids == ["初期化", "5-he-の初期化と-dlspec", "まとめ", "まとめ_1"]
    # Each heading's own anchor link points at its id.
    assert re.findall(r'class="anchor-link" href="#([^"]*)"', html) == ids
    (h1,) = tokens
    assert h1["id"] == "初期化"
    assert [(t["id"], t["name"]) for t in h1["children"]] == [
        ("5-he-の初期化と-dlspec", "5. He の初期化と dlspec"),  # the code span's word kept
        ("まとめ", "まとめ"),
    ]
    assert [t["id"] for t in h1["children"][1]["children"]] == ["まとめ_1"]


def test_a_link_to_another_notebook_becomes_its_page():
    html = '<a href="c2w3-random-search.ipynb">x</a> <a href="c2w1-gradient-checking.ipynb#3-a">y</a>'
    rewritten = dlspec_site.NOTEBOOK_LINK.sub(
        lambda m: f'href="../{m.group(1)}/{m.group(2) or ""}"', html
    )
    assert 'href="../c2w3-random-search/"' in rewritten
    assert 'href="../c2w1-gradient-checking/#3-a"' in rewritten


def test_colab_and_edit_links_need_a_github_repository():
    repo = "https://github.com/someone/dlspec"
    assert dlspec_site.colab_url(repo, "edit/main/docs/", "ja", "c1w2-numpy-basics") == (
        "https://colab.research.google.com/github/someone/dlspec/blob/main/"
        "lessons/ja/c1w2-numpy-basics.ipynb"
    )
    assert dlspec_site.colab_url("https://gitlab.com/someone/dlspec", "", "en", "x") is None
    assert dlspec_site.colab_url("", "", "en", "x") is None
    assert dlspec_site.lesson_edit_url(repo, "edit/dev/docs/", "ko", "c1w2-numpy-basics") == (
        f"{repo}/edit/dev/lessons/ko/c1w2-numpy-basics.ipynb"
    )
    assert dlspec_site.lesson_edit_url("", "", "ko", "c1w2-numpy-basics") is None


def _course_order():
    """(lesson, its week page, what comes next) from data/courses.yml, for lessons that exist."""
    items = [
        (week["page"], name)
        for course in dlspec_site.load_yaml("courses.yml")
        for week in course["weeks"]
        for name in [None, *week.get("lessons", [])]
        if (DOCS / "en" / week["page"]).exists()
        and (name is None or (LESSONS / "en" / f"{name}.ipynb").exists())
    ]
    out = []
    for i, (page, name) in enumerate(items):
        if name is None:
            continue
        following = items[i + 1] if i + 1 < len(items) else None
        out.append((name, page, following))
    return out


def test_each_lesson_links_its_week_and_what_comes_next():
    order = _course_order()
    assert order
    for name, page, following in order:
        top, bottom = dlspec_site.lesson_links(name, "ja", "en", DOCS)
        assert f'href="../../{page[:-3]}/"' in top
        if following is None:
            assert bottom == ""
        elif following[1] is None:
            assert f'href="../../{following[0][:-3]}/"' in bottom and "次へ" in bottom
        else:
            assert f'href="../{following[1]}/"' in bottom and "次のレッスン" in bottom


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.nav: dict[str, list[str]] = {"top": [], "next": []}
        self._in = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "p" and "dlspec-lesson-top" in classes:
            self._in = "top"
        elif tag == "p" and "dlspec-lesson-next" in classes:
            self._in = "next"
        elif tag == "a" and self._in:
            self.nav[self._in].append(a.get("href", ""))

    def handle_endtag(self, tag):
        if tag == "p":
            self._in = None


@pytest.mark.site
@pytest.mark.parametrize("lang", LANGUAGES)
def test_built_lessons_link_their_week_and_the_next_page(site_dir, lang):
    for name, page, following in _course_order():
        path = site_dir / url_prefix(lang) / "lessons" / name / "index.html"
        links = _Links()
        links.feed(path.read_text(encoding="utf-8"))
        assert f"../../{page[:-3]}/" in links.nav["top"], (lang, name, links.nav)
        if following is not None:
            target = following[1] and f"../{following[1]}/" or f"../../{following[0][:-3]}/"
            assert links.nav["next"] == [target], (lang, name, links.nav)
