"""The accessibility rewrites of hooks/dlspec_a11y.py and overrides/main.html, on every page.

The browser test (tests/browser/test_accessibility.py) runs axe-core on a sample of pages;
these read the HTML of every built page in every language, without a browser: the search
dialog is named in the page's language, every table header has words (not only a formula),
a lesson's code cells are focusable where they scroll, and no plot is described by
nbconvert's English placeholder.
"""

from __future__ import annotations

import re
import sys

import pytest

from sitepaths import LANGUAGES, ROOT, english_pages, page_url, url_prefix

sys.path.insert(0, str(ROOT / "hooks"))
import dlspec_a11y  # noqa: E402

SEARCH_NAME = {"en": "Search", "ja": "検索", "ko": "검색"}  # Material's own word in each language
HEADER = re.compile(r"<th(?:\s[^>]*)?>(.*?)</th>", re.S)
# A formula is drawn as glyphs, not text: a header that is only a formula reads as empty.
FORMULA = re.compile(r'<span class="arithmatex">.*?</span>|\$[^$]*\$|\\\(.*?\\\)', re.S)
TAG = re.compile(r"<[^>]+>")
PAGES = [(lang, src) for lang in LANGUAGES for src in english_pages()]


def built(site_dir, lang: str, src: str) -> str:
    return (site_dir / url_prefix(lang) / page_url(src) / "index.html").read_text(encoding="utf-8")


@pytest.mark.site
@pytest.mark.parametrize("lang,src", PAGES, ids=[f"{lang}:{src}" for lang, src in PAGES])
def test_page_is_marked_up_for_assistive_technology(site_dir, lang, src):
    html = built(site_dir, lang, src)
    dialog = re.search(r'<div class="md-search"[^>]*role="dialog"[^>]*>', html)
    assert dialog, "Material's search dialog is gone or changed its markup"
    assert f'aria-label="{SEARCH_NAME[lang]}"' in dialog.group(0), dialog.group(0)
    headers = [TAG.sub("", FORMULA.sub("", cell)).strip() for cell in HEADER.findall(html)]
    assert all(headers), f"a table header without words (a corner is an empty <td>): {headers}"
    assert "assets/stylesheets/a11y.css" in html and "assets/javascripts/a11y.js" in html
    if src.startswith("lessons/"):
        scrollers = re.findall(r'<div class="highlight-ipynb[^"]*"[^>]*>', html)
        assert scrollers and all('tabindex="0"' in tag for tag in scrollers), scrollers[:3]
        assert "No description has been provided" not in html
        alts = set(re.findall(r'<img alt="([^"]*)"', html))
        assert alts <= {dlspec_a11y.PLOT_ALT[lang]}, alts


def test_rewrites_on_a_hand_written_lesson_page():
    page = (
        '<html lang="ko"><body><div class="jupyter-wrapper">'
        '<div class="jp-Cell-inputWrapper" tabindex="0">'
        '<div class="highlight-ipynb hl-python"><pre>x = 1</pre></div></div>'
        '<img alt="No description has been provided for this image" src="data:,"/>'
        "<table><thead><tr><th></th><th>a</th></tr></thead>"
        '<tbody><tr><th style="text-align: left"> </th><td>1</td></tr></tbody></table>'
        "</div></body></html>"
    )
    expected = (
        '<html lang="ko"><body><div class="jupyter-wrapper">'
        '<div class="jp-Cell-inputWrapper">'
        '<div class="highlight-ipynb hl-python" tabindex="0"><pre>x = 1</pre></div></div>'
        '<img alt="위 코드가 그린 그래프" src="data:,"/>'
        "<table><thead><tr><td></td><th>a</th></tr></thead>"
        '<tbody><tr><td style="text-align: left"></td><td>1</td></tr></tbody></table>'
        "</div></body></html>"
    )
    assert dlspec_a11y.accessible(page) == expected
    assert dlspec_a11y.accessible(expected) == expected  # a second pass changes nothing
