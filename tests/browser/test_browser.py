"""The built site in a real browser (Debian's Chromium driven by playwright).

Checks what only a browser can: MathJax really typesets (and the glyphs are not blank), no raw
TeX is left, the language switch keeps the page, lesson plots show, CJK search finds pages,
and no request leaves 127.0.0.1. Screenshots land in test-results/ for a human to look at.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from sitepaths import ROOT

pytestmark = [pytest.mark.site, pytest.mark.browser]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = ROOT / "test-results"


@pytest.fixture(scope="module")
def base_url(site_dir):
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("DLSPEC_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside: list[str] = []

    def watch(request):
        host = urlparse(request.url).hostname
        if request.url.startswith(("data:", "blob:")):
            return
        if host not in ("127.0.0.1",):
            outside.append(request.url)

    page.on("request", watch)
    page.outside_requests = outside
    yield page
    context.close()
    assert not outside, f"requests left the site: {outside[:5]}"


def open_page(page, base_url, path):
    page.goto(base_url + path, wait_until="load")
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
    page.evaluate("() => MathJax.startup.promise")
    page.evaluate("() => document.fonts.ready.then(() => true)")


RAW_TEX = """() => {
  const article = document.querySelector('article').cloneNode(true);
  article.querySelectorAll('pre, code, mjx-container, script').forEach(e => e.remove());
  return article.innerText;
}"""

GLYPHS = """() => {
  // U+2061-U+2064 (function application, invisible times/separator/plus) draw nothing
  // on purpose: MathJax puts them after \\log and the like.
  const invisible = /^mjx-c(206[1-4]|200B)$/;
  const chars = Array.from(document.querySelectorAll('mjx-container mjx-c'))
    .filter(c => !invisible.test(c.className)).slice(0, 200);
  const drawn = chars.filter(c => {
    const before = getComputedStyle(c, '::before').content;
    return before && before !== 'none' && before !== '""' && before !== 'normal';
  });
  const widths = Array.from(document.querySelectorAll('mjx-container'))
    .map(c => c.getBoundingClientRect().width);
  return {chars: chars.length, drawn: drawn.length, wide: widths.filter(w => w > 2).length,
          containers: widths.length};
}"""


@pytest.mark.parametrize(
    "path",
    [
        "c1/w2/",
        "ja/c1/w2/",
        "ko/c1/w2/",
        "notation/",
        "ja/notation/",
        "ko/notation/",
        "ja/c1/w4/",
        "ko/c2/w1/",
        "c2/w3/",
        "ja/c3/w1/",
        "ko/performance/",
    ],
)
def test_equations_are_typeset_and_visible(page, base_url, path):
    open_page(page, base_url, path)
    glyphs = page.evaluate(GLYPHS)
    assert glyphs["containers"] >= 5, glyphs
    assert glyphs["wide"] == glyphs["containers"], glyphs
    assert glyphs["chars"] > 0 and glyphs["drawn"] == glyphs["chars"], glyphs
    text = page.evaluate(RAW_TEX)
    assert "$$" not in text and "\\(" not in text and "\\[" not in text
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / (path.strip("/").replace("/", "_") + ".png")))


@pytest.mark.parametrize(
    "start,lang,expected",
    [
        ("c1/w2/", "ja", "ja/c1/w2/"),
        ("ja/c1/w2/", "ko", "ko/c1/w2/"),
        ("ko/lessons/c1w2-logistic-regression/", "en", "lessons/c1w2-logistic-regression/"),
        ("lessons/c1w2-numpy-basics/", "ja", "ja/lessons/c1w2-numpy-basics/"),
    ],
)
def test_language_switch_keeps_the_page(page, base_url, start, lang, expected):
    page.goto(base_url + start, wait_until="load")
    page.locator(f"a.md-select__link[hreflang={lang}]").first.evaluate("a => a.click()")
    page.wait_for_url(base_url + expected)
    assert page.evaluate("() => document.documentElement.lang") == lang


@pytest.mark.parametrize(
    "path",
    [
        "lessons/c1w2-logistic-regression/",
        "ja/lessons/c1w2-logistic-regression/",
        "ko/lessons/c1w2-numpy-basics/",
        "ja/lessons/c2w2-optimization/",
        "ko/lessons/c3w2-ml-strategy/",
    ],
)
def test_lesson_page_shows_its_plots(page, base_url, path):
    open_page(page, base_url, path)
    sizes = page.evaluate(
        """() => Array.from(document.querySelectorAll('.jp-OutputArea-output img'))
                 .map(img => [img.naturalWidth, img.getBoundingClientRect().width])"""
    )
    assert sizes and all(natural > 100 and shown > 100 for natural, shown in sizes), sizes
    assert page.evaluate(RAW_TEX).count("$$") == 0
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / (path.strip("/").replace("/", "_") + ".png")))


@pytest.mark.parametrize(
    "lang,term,expected",
    [
        ("ja", "ロジスティック回帰", "ja/c1/w2/"),
        ("ja", "勾配降下法", "ja/c1/w2/"),
        ("ja", "ベクトル化", "ja/c1/w2/"),
        ("ko", "로지스틱 회귀", "ko/c1/w2/"),
        ("ko", "경사 하강법", "ko/c1/w2/"),
        ("ko", "브로드캐스팅", "ko/c1/w2/"),
    ],
)
def test_cjk_search_finds_the_week(page, base_url, lang, term, expected):
    page.goto(base_url + f"{lang}/", wait_until="load")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(term)
    box.press("End")
    results = page.locator(".md-search-result__link")
    results.first.wait_for(timeout=10_000)
    hrefs = results.evaluate_all("links => links.map(a => a.href)")
    assert any(expected in href for href in hrefs), hrefs


FIGURE_TEXT = """(pattern) => {
  // The SVG <text> of the figures (matplotlib writes text as text): the first one in the
  // page's script is marked so the test can ask Chromium which font drew it.
  const script = new RegExp(pattern, 'u');
  const texts = Array.from(document.querySelectorAll('figure.dlspec-figure svg text'));
  const found = texts.filter(t => script.test(t.textContent));
  if (found.length) found[0].setAttribute('data-dlspec-probe', '');
  return {texts: texts.length, found: found.length,
          words: found.slice(0, 5).map(t => t.textContent),
          width: found.length ? found[0].getBBox().width : 0,
          family: found.length ? getComputedStyle(found[0]).fontFamily : ''};
}"""


@pytest.mark.parametrize(
    "path,script",
    [
        ("ja/c1/w3/", r"[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]"),
        ("ko/c1/w3/", r"\p{Script=Hangul}"),
    ],
)
def test_figure_labels_are_drawn_in_a_cjk_font(page, base_url, path, script):
    # Figures keep their words as SVG text so the browser draws Japanese and Korean labels;
    # without a CJK font they would be empty boxes (tofu) of the right width, so the font
    # Chromium actually used for the label is asked for too, not only its width.
    open_page(page, base_url, path)
    probe = page.evaluate(FIGURE_TEXT, script)
    assert probe["texts"] > 0, f"{path} has no figure with SVG text"
    assert probe["found"] > 0, f"no figure label on {path} is in the page's language: {probe}"
    assert probe["width"] > 0, f"the label {probe['words'][0]!r} is drawn zero wide"
    assert "Noto Sans CJK" in probe["family"], probe["family"]
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "[data-dlspec-probe]"})
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    used = {font["familyName"]: font["glyphCount"] for font in fonts}
    assert any("CJK" in name and count > 0 for name, count in used.items()), (
        f"the label {probe['words'][0]!r} on {path} was drawn with {used}"
    )
    SHOTS.mkdir(exist_ok=True)
    figure = page.locator("figure.dlspec-figure", has=page.locator("[data-dlspec-probe]"))
    figure.screenshot(path=str(SHOTS / (path.strip("/").replace("/", "_") + "_figure.png")))
