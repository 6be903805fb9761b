"""MkDocs hook: accessibility fixes to the rendered HTML of every page.

Kept apart from hooks/dlspec_site.py (which builds the content) because these are small
rewrites of what the renderers emit, all checked by tests/browser/test_accessibility.py:

1. Lessons: a code cell scrolls sideways in ``div.highlight-ipynb``, not in the
   ``div.jp-Cell-inputWrapper`` around it that nbconvert makes focusable. The scrolling element
   gets ``tabindex="0"`` (keyboard users can scroll it; axe-core: scrollable-region-focusable)
   and the wrapper loses its own, so a cell is one tab stop, not two. Output areas are already
   focusable (nbconvert).
2. Lessons: nbconvert names every plot "No description has been provided for this image", in
   English on every language. A plot is described by the text around it; its alt text now says
   what it is in the page's language.
3. Tables: an empty header cell (the top-left corner of a two-way table) is not a header; it
   becomes an empty ``<td>`` (axe-core: empty-table-header).
"""

from __future__ import annotations

import re

HTML_LANG = re.compile(r'<html lang="([a-z]{2})')
SCROLLER = re.compile(r'<div class="highlight-ipynb([^"]*)"(?![^>]*tabindex)')
INPUT_WRAPPER = re.compile(r'(<div class="jp-Cell-inputWrapper") tabindex="0"')
NO_DESCRIPTION = 'alt="No description has been provided for this image"'
EMPTY_HEADER = re.compile(r"<th(\s[^>]*)?>\s*</th>")

PLOT_ALT = {
    "en": "Plot drawn by the code above",
    "ja": "上のコードが描いたグラフ",
    "ko": "위 코드가 그린 그래프",
}


def accessible(html: str) -> str:
    """The page's HTML with the rewrites above applied."""
    lang_match = HTML_LANG.search(html)
    lang = lang_match.group(1) if lang_match else "en"
    if "jupyter-wrapper" in html:
        html = SCROLLER.sub(r'<div class="highlight-ipynb\1" tabindex="0"', html)
        html = INPUT_WRAPPER.sub(r"\1", html)
        html = html.replace(NO_DESCRIPTION, f'alt="{PLOT_ALT.get(lang, PLOT_ALT["en"])}"')
    return EMPTY_HEADER.sub(r"<td\1></td>", html)


def on_post_page(output, page, config):
    return accessible(output)
