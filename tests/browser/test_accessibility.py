"""axe-core on the built site: no serious or critical accessibility violation.

axe-core (the WCAG rule engine behind the browsers' own audits) runs in Chromium on the home
page, a week page, a lesson, the glossary and the notation page, in English, Japanese and
Korean, 1280 and 390 px wide, in Material's light and slate palettes: 60 runs in one browser
and one page. A serious or critical violation fails the run, naming the rule, the elements and
the page; moderate and minor ones are listed in test-results/accessibility.json (and the
summary printed at the end) without failing. axe-core comes inside axe-playwright-python:
nothing is downloaded.

A page with a planted low-contrast span must fail the same check, so a checker that stopped
seeing anything would not pass silently.

The site is site/ or DLSPEC_SITE_DIR (see conftest.py); the browser fixtures are the ones of
test_browser.py, so Chromium missing skips this module (fails with DLSPEC_REQUIRE_BROWSER=1).
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlparse

import pytest

import test_browser
from sitepaths import LANGUAGES, ROOT, url_prefix

pytestmark = [pytest.mark.site, pytest.mark.browser]

# The same Chromium (skipped when missing, a failure with DLSPEC_REQUIRE_BROWSER=1) and the
# same static server of the built site as test_browser.py.
browser = test_browser.browser
base_url = test_browser.base_url

PAGES = ["", "c1/w2/", "lessons/c1w2-numpy-basics/", "glossary/", "notation/"]
WIDTHS = [1280, 390]
PALETTES = ["default", "slate"]  # Material's light and dark schemes (the toggle in mkdocs.yml)
FAILING_IMPACTS = ("serious", "critical")
REPORT = ROOT / "test-results" / "accessibility.json"

# One run per (palette, width, language, page); palette and width change least often.
RUNS = [
    (palette, width, url_prefix(lang) + page)
    for palette in PALETTES
    for width in WIDTHS
    for lang in LANGUAGES
    for page in PAGES
]


def _run_id(run):
    palette, width, path = run
    return f"{palette}-{width}-{path.strip('/') or 'home'}"


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture(scope="module")
def results(request):
    """Every run's violations and timings; written to test-results/ and summarised at the end."""
    found: dict = {"runs": {}, "seconds": {"total": 0.0, "load": 0.0, "axe": 0.0}}
    yield found
    found["seconds"] = {key: round(value, 1) for key, value in found["seconds"].items()}
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(found, indent=1, ensure_ascii=False), encoding="utf-8")
    plugins = request.config.pluginmanager
    reporter = plugins.get_plugin("terminalreporter")
    capture = plugins.get_plugin("capturemanager")
    if reporter and capture and found["runs"]:
        seconds = found["seconds"]
        impacts = {v["id"]: v["impact"] for run in found["runs"].values() for v in run}
        serious = sorted(rule for rule, impact in impacts.items() if impact in FAILING_IMPACTS)
        other = sorted(rule for rule, impact in impacts.items() if impact not in FAILING_IMPACTS)
        with capture.global_and_fixture_disabled():
            reporter.write_line(
                f"\naxe-core: {len(found['runs'])} runs in {seconds['total']:.0f} s "
                f"(page loads {seconds['load']:.0f} s, axe {seconds['axe']:.0f} s); "
                f"serious/critical rules: {', '.join(serious) or 'none'}; "
                f"moderate/minor: {', '.join(other) or 'none'}; report: {REPORT}"
            )


@pytest.fixture(scope="module")
def axe_page(browser, base_url):
    """One page for every run: palette and viewport are switched, not the browser."""
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900})
    page = context.new_page()
    outside: list[str] = []

    def watch(request):
        if request.url.startswith(("data:", "blob:")):
            return
        if urlparse(request.url).hostname != "127.0.0.1":
            outside.append(request.url)

    page.on("request", watch)
    page.goto(base_url, wait_until="load")
    yield page
    context.close()
    assert not outside, f"requests left the site: {outside[:5]}"


def use_palette(page, base_url, scheme: str) -> None:
    """Choose Material's palette the way its toggle does: remembered in localStorage under the
    site's scope (the site root), read by every page on load."""
    index = PALETTES.index(scheme)
    key = urlparse(base_url).path + ".__palette"
    color = {"media": "", "scheme": scheme, "primary": "indigo", "accent": "indigo"}
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, JSON.stringify(value))",
        [key, {"index": index, "color": color}],
    )


def open_page(page, url):
    page.goto(url, wait_until="load")
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
    page.evaluate("() => MathJax.startup.promise")
    page.evaluate("() => document.fonts.ready.then(() => true)")


def violations(axe, page) -> list[dict]:
    """axe-core's violations on the page as it is now, one dict per rule."""
    found = axe.run(page).response["violations"]
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [" ".join(map(str, n["target"])) for n in v["nodes"]],
            # "Fix any of the following:" and then the first reason
            "summary": (v["nodes"][0].get("failureSummary") or "").splitlines()[1:2],
        }
        for v in found
    ]


def failing(found: list[dict]) -> list[dict]:
    return [v for v in found if v["impact"] in FAILING_IMPACTS]


def describe(found: list[dict], where: str) -> str:
    lines = [f"{len(found)} serious/critical axe-core violation(s) on {where}:"]
    for v in found:
        targets = v["targets"]
        more = f" (+{len(targets) - 5} more)" if len(targets) > 5 else ""
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        lines.append(f"    targets: {'; '.join(targets[:5])}{more}")
        if v["summary"]:
            lines.append(f"    {v['summary'][0].strip()}")
    return "\n".join(lines)


ASSISTIVE_MATHML = """() => {
  const containers = Array.from(document.querySelectorAll('mjx-container'));
  return {containers: containers.length,
          assistive: containers.filter(c => c.querySelector('mjx-assistive-mml math')).length};
}"""


@pytest.mark.parametrize("run", RUNS, ids=[_run_id(r) for r in RUNS])
def test_no_serious_accessibility_violation(axe, axe_page, base_url, results, run):
    palette, width, path = run
    page = axe_page
    started = time.perf_counter()
    if page.viewport_size["width"] != width:
        page.set_viewport_size({"width": width, "height": 900})
    use_palette(page, base_url, palette)
    open_page(page, base_url + path)
    loaded = time.perf_counter()
    scheme = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
    assert scheme == palette, f"{path}: palette {palette!r} asked for, page shows {scheme!r}"

    # Formulas stay readable to screen readers: MathJax's hidden MathML copy is beside each one.
    math = page.evaluate(ASSISTIVE_MATHML)
    assert math["assistive"] == math["containers"], f"{path}: formulas without MathML {math}"

    found = violations(axe, page)
    done = time.perf_counter()
    results["seconds"]["total"] += done - started
    results["seconds"]["load"] += loaded - started
    results["seconds"]["axe"] += done - loaded
    results["runs"][_run_id(run)] = found
    where = f"/{path} ({palette} palette, {width} px wide)"
    if failing(found):
        pytest.fail(describe(failing(found), where), pytrace=False)


LOW_CONTRAST = "#a0a0a0"  # on white: 2.6:1, far below AA's 4.5:1
FIXTURE_PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Planted contrast failure</title></head>
<body><main>
  <h1>Fixture</h1>
  <p>Readable text, <span id="planted" style="color: {LOW_CONTRAST}">and a faint span</span>.</p>
</main></body></html>
"""


def test_planted_low_contrast_span_fails_the_check(axe, axe_page, tmp_path):
    """A small page written to tmp_path with a grey-on-white span: the checker must fail it
    on that span and nothing else."""
    fixture = tmp_path / "planted.html"
    fixture.write_text(FIXTURE_PAGE, encoding="utf-8")
    axe_page.set_content(fixture.read_text(encoding="utf-8"), wait_until="load")
    found = failing(violations(axe, axe_page))
    assert [v["id"] for v in found] == ["color-contrast"], found
    assert found[0]["targets"] == ["#planted"], found
    assert "color-contrast" in describe(found, "the fixture page")


@pytest.mark.parametrize("palette", PALETTES)
def test_planted_span_on_a_site_page_fails_the_check(axe, axe_page, base_url, palette):
    """The same span injected into a built page, in each palette, is caught there too (the
    site's own CSS must not hide it from the checker)."""
    use_palette(axe_page, base_url, palette)
    open_page(axe_page, base_url + "ja/glossary/")
    background = "#ffffff" if palette == "default" else "#1e2129"
    colour = LOW_CONTRAST if palette == "default" else "#4a4f5c"  # 2.0:1 on slate's background
    axe_page.evaluate(
        """([fg, bg]) => {
             const p = document.createElement('p');
             const span = document.createElement('span');
             span.id = 'planted';
             span.style.color = fg;
             span.style.background = bg;
             span.textContent = '見えにくい文字';
             p.append(span);
             document.querySelector('article').prepend(p);
           }""",
        [colour, background],
    )
    found = failing(violations(axe, axe_page))
    contrast = [v for v in found if v["id"] == "color-contrast"]
    assert contrast and "#planted" in contrast[0]["targets"], found
