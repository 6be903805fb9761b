"""Figures drawn by code: one source per figure, its strings in every language.

A figure is two files in ``figures/``:

* ``NAME.py`` defines ``draw(text)``, which returns a matplotlib Figure. ``text`` maps the
  label keys of the figure to strings in one language (``text["x"]``); the drawing code has
  no words of its own, so a translator never edits it.
* ``NAME.yml`` holds, for ``en``, ``ja`` and ``ko``: ``alt`` (what the figure shows, for
  readers who cannot see it), ``caption`` and ``labels`` (the keys ``draw`` uses).

A page shows a figure with the marker ``<!-- dlspec:figure NAME -->`` on a line of its own.
The site's hook replaces it by the figure as inline SVG, with text kept as text, so the
browser draws Japanese and Korean labels with the page's fonts. Rendered SVGs are cached in
``.cache/dlspec-figures``, keyed by the figure's two files and the dlspec source.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import warnings
from collections import Counter
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "figures"
CACHE = ROOT / ".cache" / "dlspec-figures"
LANGUAGES = ("en", "ja", "ko")
MARKER = re.compile(r"<!-- dlspec:figure ([a-z0-9-]+) -->")
CJK_FONT = {"en": "Noto Sans CJK JP", "ja": "Noto Sans CJK JP", "ko": "Noto Sans CJK KR"}


def names():
    """Every figure name, from the ``figures/*.py`` sources."""
    return sorted(p.stem for p in SOURCES.glob("*.py") if not p.name.startswith("_"))


def strings(name):
    """The ``NAME.yml`` strings of a figure: ``{lang: {"alt", "caption", "labels"}}``."""
    return yaml.safe_load((SOURCES / f"{name}.yml").read_text(encoding="utf-8"))


def problems(name):
    """What is missing or inconsistent in a figure's strings, as sentences (empty if none)."""
    path = SOURCES / f"{name}.yml"
    if not path.exists():
        return [f"figures/{name}.yml is missing"]
    text = strings(name) or {}
    found = []
    english = set((text.get("en") or {}).get("labels") or {})
    for lang in LANGUAGES:
        entry = text.get(lang)
        if not isinstance(entry, dict):
            found.append(f"figures/{name}.yml has no '{lang}' strings")
            continue
        for key in ("alt", "caption"):
            if not str(entry.get(key) or "").strip():
                found.append(f"figures/{name}.yml: '{lang}' has no {key}")
        keys = set(entry.get("labels") or {})
        if keys != english:
            missing, extra = sorted(english - keys), sorted(keys - english)
            found.append(f"figures/{name}.yml: '{lang}' labels differ from English "
                         f"(missing {missing}, extra {extra})")
    return found


@lru_cache(maxsize=1)
def package_digest():
    """Changes whenever dlspec's source does: figures and lessons computed with it depend on it."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "src" / "dlspec").rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _key(name, lang):
    digest = hashlib.sha256(package_digest().encode())
    for suffix in (".py", ".yml"):
        digest.update((SOURCES / f"{name}{suffix}").read_bytes())
    digest.update(lang.encode())
    return digest.hexdigest()[:20]


def _draw_svg(name, lang):
    """Run ``NAME.py``'s ``draw`` with the strings of ``lang``; return the SVG text."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    namespace = {"__name__": f"figure_{name.replace('-', '_')}"}
    source = SOURCES / f"{name}.py"
    exec(compile(source.read_text(encoding="utf-8"), str(source), "exec"), namespace)  # noqa: S102
    style = {
        "svg.fonttype": "none",  # text stays text: the browser draws it with the page's fonts
        "svg.hashsalt": "dlspec",  # the same ids on every build
        "font.family": "sans-serif",
        # Japanese and Korean glyphs come from Noto CJK where it is installed: matplotlib
        # then measures those labels right when it lays the figure out.
        "font.sans-serif": ["DejaVu Sans", CJK_FONT[lang], "sans-serif"],
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
    with plt.rc_context(style), warnings.catch_warnings():
        # Without Noto CJK, matplotlib cannot measure CJK glyphs and says so; the browser
        # still draws them, since the text stays text.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        warnings.filterwarnings("ignore", message="findfont: Font family")
        fig = namespace["draw"](strings(name)[lang]["labels"] or {})
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
        plt.close(fig)
    return buffer.getvalue()


def svg(name, lang):
    """The figure as SVG text in ``lang``, drawn once and then read from the cache."""
    path = CACHE / f"{name}.{lang}.{_key(name, lang)}.svg"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        for old in CACHE.glob(f"{name}.{lang}.*.svg"):
            old.unlink()
        path.write_text(_draw_svg(name, lang), encoding="utf-8")
    return path.read_text(encoding="utf-8")


def html_figure(name, lang):
    """The ``<figure>`` a page shows: inline SVG named by its alt text, and the caption."""
    text = strings(name)[lang]
    body = svg(name, lang)
    body = body[body.index("<svg"):]  # drop the XML declaration and DOCTYPE
    # Several figures share a page: give their ids (clip paths, glyphs) the figure's name.
    body = re.sub(r'(id="|url\(#|href="#)([^")]+)', rf"\g<1>{name}-\g<2>", body)
    # matplotlib names an image by a hash of its pixels, so two identical panels share an id;
    # ids must be unique on a page. A repeat is renamed; a reference keeps pointing at the
    # first, which has the same content.
    seen = Counter()

    def unique(match):
        seen[match.group(1)] += 1
        n = seen[match.group(1)]
        return f'id="{match.group(1)}"' if n == 1 else f'id="{match.group(1)}-{n}"'

    body = re.sub(r'id="([^"]+)"', unique, body)
    # One line, so Markdown takes the whole figure as one block of raw HTML.
    body = " ".join(line.strip() for line in body.splitlines())
    alt = html.escape(text["alt"].strip(), quote=True)
    body = body.replace("<svg ", f'<svg role="img" aria-label="{alt}" ', 1)
    caption = html.escape(text["caption"].strip())
    return (
        f'<figure class="dlspec-figure" id="figure-{name}">\n{body}\n'
        f"<figcaption>{caption}</figcaption>\n</figure>"
    )


def replace_markers(markdown, lang):
    """Replace every figure marker of a page's Markdown by its figure in ``lang``."""
    return MARKER.sub(lambda match: html_figure(match.group(1), lang), markdown)
