"""Nothing is clipped, on a desktop (1280 px) and a phone (390 px), in every language.

A display equation or a code block wider than the text must scroll inside its own block: its
nearest ancestor that hides overflow must be a scroll box (overflow-x auto/scroll) that fits
on the screen, not a box that cuts it off, and the page itself must not pan sideways. On a
phone a lesson's code starts near the left edge (the "In [n]:" prompt column is hidden).
"""

from __future__ import annotations

import pytest

from sitepaths import LANGUAGES, url_prefix
from test_browser import SHOTS, base_url, browser, open_page  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.site, pytest.mark.browser]

# The pages with the widest equations and code: the X and Y matrices (c1/w2, notation), the
# vectorised cost and gradients of a lesson, and a long lesson with code and plots.
PAGES = ["c1/w2/", "notation/", "lessons/c1w2-logistic-regression/", "c2/w3/"]
WIDTHS = [1280, 390]

CLIPPED = """() => {
  const scrolls = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const hides = el => ['hidden', 'clip'].includes(getComputedStyle(el).overflowX);
  const screen = window.innerWidth;
  const found = {equations: 0, code: 0, clipped: []};
  const items = [
    ...Array.from(document.querySelectorAll('article mjx-container[display="true"]'))
      .map(el => ['equation', el, (el.querySelector('mjx-math') || el).getBoundingClientRect().width]),
    ...Array.from(document.querySelectorAll('article pre'))
      .map(el => ['code', el.querySelector(':scope > code') || el, el.scrollWidth]),
  ];
  for (const [kind, item, need] of items) {
    if (!item.getClientRects().length) continue;
    found[kind === 'equation' ? 'equations' : 'code']++;
    let verdict = null;
    for (let el = item; el; el = el.parentElement) {
      if (scrolls(el)) {
        const box = el.getBoundingClientRect();
        if (box.left < -1 || box.right > screen + 1) verdict = 'its scroll box is wider than the screen';
        break;
      }
      if (hides(el) && el.clientWidth + 1 < need) { verdict = 'cut off by ' + el.className; break; }
      if (el.tagName === 'ARTICLE') {
        if (item.getBoundingClientRect().right > screen + 1) verdict = 'runs off the screen';
        break;
      }
    }
    if (verdict) found.clipped.push(`${kind} ${Math.round(need)} px: ${verdict}: ` +
                                    item.textContent.trim().slice(0, 50));
  }
  found.pans = document.documentElement.scrollWidth - screen;
  return found;
}"""


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def sized_page(request, browser, base_url):  # noqa: F811  (fixtures imported above)
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    page = context.new_page()
    page.width = request.param
    yield page
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", PAGES)
def test_no_display_equation_or_code_is_clipped(sized_page, base_url, lang, path):  # noqa: F811
    open_page(sized_page, base_url, url_prefix(lang) + path)
    found = sized_page.evaluate(CLIPPED)
    assert found["equations"] >= 1, found
    assert not found["clipped"], "\n".join(found["clipped"])
    assert found["pans"] <= 0, f"the page pans {found['pans']} px sideways"
    if sized_page.width < 500:
        SHOTS.mkdir(exist_ok=True)
        name = (url_prefix(lang) + path).strip("/").replace("/", "_")
        sized_page.screenshot(path=str(SHOTS / f"{name}_{sized_page.width}px.png"))


PROMPT = """() => {
  const cell = document.querySelector('.jp-CodeCell .jp-InputArea-editor');
  const article = document.querySelector('article');
  return cell.getBoundingClientRect().left - article.getBoundingClientRect().left;
}"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lesson_code_uses_the_width_of_a_phone(browser, base_url, lang):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    open_page(page, base_url, url_prefix(lang) + "lessons/c2w1-initialization/")
    # With the prompt column, code began ~85 px in on a 358 px wide text column.
    assert page.evaluate(PROMPT) < 30
    context.close()
