"""MkDocs hook for the dlspec site.

Three jobs, each small:

1. Lessons survive the language plugin. mkdocs-jupyter turns ``*.ipynb`` files into pages in
   ``on_files``; mkdocs-static-i18n then (priority -100) rebuilds every file as a plain ``File``,
   which makes a notebook an *asset*: the raw JSON would be published as ``x/index.html`` and
   ``mkdocs build --strict`` would not complain. At priority -110 we turn those files back into
   documentation pages with a per-language destination (``/ja/lessons/x/``) and give them the
   language-switcher alternates static-i18n only computes for Markdown pages.
   Each lesson is also *executed once*, not once per language: the English notebook runs
   (nbclient, errors fail the build) and its outputs are copied into the translations, whose
   code cells are identical by rule. mkdocs-jupyter then renders these executed copies
   (``execute: false``); they live in ``.cache/dlspec-lessons`` keyed by the code.
2. ``<!-- dlspec:course-map -->`` and ``<!-- dlspec:glossary -->`` in a page are replaced by
   Markdown rendered from ``data/courses.yml`` and ``data/glossary.yml`` in the page's language,
   so the three home pages and glossaries come from one source.
3. Templates learn whether a page is a fallback (English text on a ja/ko URL) through the
   ``i18n_file_locale`` / ``i18n_page_locale`` variables static-i18n already exposes, and
   whether a translation is stale through ``page.meta.dlspec_stale`` set here: a translation
   records the git blob id of the English file it follows (``source_blob``, written by
   ``make i18n-stamp``); when the English file's id differs, the translation is stale.
   ``overrides/main.html`` shows both notices. ``<!-- dlspec:translation-status -->`` renders
   the status table of the translations (scripts/i18n_check.py does the comparing).

This leans on static-i18n 1.3.1 internals (``current_language``, ``default_language``,
``build_languages``, ``File.alternates`` / ``locale`` / ``norm_src_uri``); the version is
pinned and tests/site/test_built_site.py checks the result.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import sys
from functools import lru_cache
from pathlib import Path, PurePosixPath

import yaml
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
EXECUTED = ROOT / ".cache" / "dlspec-lessons"
LESSON_TIMEOUT = 300  # seconds per cell; a lesson is meant to take seconds in all

sys.path.insert(0, str(ROOT / "scripts"))
import figures  # noqa: E402  (scripts/ is not a package)
import i18n_check  # noqa: E402

COURSE_MAP_MARKER = "<!-- dlspec:course-map -->"
STATUS_MARKER = "<!-- dlspec:translation-status -->"
GLOSSARY_MARKER = "<!-- dlspec:glossary -->"

UI_TEXT = {
    "lesson": {"en": "Lesson", "ja": "レッスン", "ko": "레슨"},
    "not_written": {
        "en": "not written yet",
        "ja": "未執筆",
        "ko": "아직 작성되지 않음",
    },
    "status_head": {
        "en": ("Page", "Status"),
        "ja": ("ページ", "状態"),
        "ko": ("페이지", "상태"),
    },
    "status": {
        "translated": {"en": "translated", "ja": "翻訳済み", "ko": "번역됨"},
        "stale": {"en": "may be out of date", "ja": "古い可能性あり", "ko": "오래되었을 수 있음"},
        "missing": {"en": "not translated", "ja": "未翻訳", "ko": "번역 안 됨"},
    },
    "glossary_head": {
        "en": ("English", "Japanese", "Korean"),
        "ja": ("英語", "日本語", "韓国語"),
        "ko": ("영어", "일본어", "한국어"),
    },
}


# ---------------------------------------------------------------------------------------------
# 1. Notebook pages after i18n
# ---------------------------------------------------------------------------------------------
class LessonFile(File):
    """A notebook that MkDocs must treat as a documentation page (rendered by mkdocs-jupyter)."""

    def is_documentation_page(self) -> bool:
        return True


def _i18n(config):
    return config.plugins.get("i18n")


def _lang_prefix(lang: str, default: str) -> str:
    return "" if lang == default else f"{lang}/"


def _page_url(norm_src_uri: str, lang: str, default: str) -> str:
    stem = PurePosixPath(norm_src_uri).with_suffix("")
    return f"{_lang_prefix(lang, default)}{stem.as_posix()}/"


class _Alternate:
    """The only thing Material's switcher and static-i18n's sitemap read from an alternate."""

    def __init__(self, url: str, locale: str):
        self.url = url
        self.locale = locale


def _code_cells(nb: dict) -> list[dict]:
    return [cell for cell in nb["cells"] if cell["cell_type"] == "code"]


def _code_key(nb: dict) -> str:
    sources = ["".join(cell["source"]) for cell in _code_cells(nb)]
    payload = json.dumps([figures.package_digest(), sources]).encode("utf-8")
    return hashlib.sha256(payload).hexdigest()[:20]


def _execute(nb: dict, path: Path) -> dict:
    """Run a notebook top to bottom in a fresh kernel, in the lesson's folder."""
    import nbformat
    from nbclient import NotebookClient

    node = nbformat.reads(json.dumps(nb), as_version=4)
    NotebookClient(
        node,
        timeout=LESSON_TIMEOUT,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    return json.loads(nbformat.writes(node))


def _run(path: Path) -> tuple[dict, dict]:
    """The notebook at ``path`` and an executed notebook with the same code (run if needed)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    done = EXECUTED / "runs" / f"{_code_key(nb)}.ipynb"
    if done.exists():
        return nb, json.loads(done.read_text(encoding="utf-8"))
    ran = _execute(nb, path)
    done.parent.mkdir(parents=True, exist_ok=True)
    done.write_text(json.dumps(ran, ensure_ascii=False), encoding="utf-8")
    return nb, ran


def executed_copy(path: Path, lang: str) -> Path:
    """An executed copy of the lesson at ``path`` (any language), run at most once per code."""
    nb, ran = _run(path)
    for cell, result in zip(_code_cells(nb), _code_cells(ran), strict=True):
        cell["outputs"] = result.get("outputs", [])
        cell["execution_count"] = result.get("execution_count")
    out = EXECUTED / lang / path.name
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(nb, ensure_ascii=False, indent=1) + "\n"
    if not out.exists() or out.read_text(encoding="utf-8") != text:
        out.write_text(text, encoding="utf-8")
    return out


def _execute_all(paths: list[Path]) -> None:
    """Run the lessons whose code has no executed copy yet, two kernels at a time (2 cores)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(_run, paths))


@event_priority(-110)
def on_files(files, config):
    i18n = _i18n(config)
    if i18n is None:
        return files
    lang, default = i18n.current_language, i18n.default_language
    _execute_all([Path(f.abs_src_path) for f in files if f.src_uri.endswith(".ipynb")])
    for old in [f for f in files if f.src_uri.endswith(".ipynb")]:
        norm = getattr(old, "norm_src_uri", old.src_uri)
        dest_uri = _page_url(norm, lang, default) + "index.html"
        new = LessonFile(
            old.src_uri,
            config.docs_dir,
            config.site_dir,
            config.use_directory_urls,
            dest_uri=dest_uri,
        )
        new.abs_src_path = str(executed_copy(Path(old.abs_src_path), lang))
        new.norm_src_uri = norm
        new.locale = getattr(old, "locale", default)
        new.localization = getattr(old, "localization", None)
        new.locale_alternate_of = lang
        new.alternates = {
            other: _Alternate(_page_url(norm, other, default), other)
            for other in i18n.build_languages
        }
        new.alternates[lang] = new
        files.remove(old)
        files.append(new)
    return files


# ---------------------------------------------------------------------------------------------
# 2. Course map and glossary from data/
# ---------------------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def load_yaml(name: str):
    with open(DATA / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def notebook_title(path: Path) -> str | None:
    """The first Markdown H1 of a notebook, or None."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        for line in "".join(cell.get("source", "")).splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return None


def _lesson_path(docs_dir: Path, lang: str, default: str, name: str) -> Path | None:
    for candidate_lang in (lang, default):
        path = docs_dir / candidate_lang / "lessons" / f"{name}.ipynb"
        if path.exists():
            return path
    return None


def render_course_map(lang: str, default: str, docs_dir: Path, page_src_uri: str) -> str:
    """Markdown list of every course and week; links only where the page exists."""
    here = posixpath.dirname(PurePosixPath(page_src_uri).as_posix())
    lines = []
    for course in load_yaml("courses.yml"):
        lines.append(f"### {course['title'][lang]} {{ #{course['id']} }}")
        lines.append("")
        for week in course["weeks"]:
            title = week["title"][lang]
            if (docs_dir / default / week["page"]).exists():
                link = posixpath.relpath(week["page"], here or ".")
                lines.append(f"- [{title}]({link})")
                for name in week.get("lessons", []):
                    nb = _lesson_path(docs_dir, lang, default, name)
                    if nb is None:
                        continue
                    nb_title = notebook_title(nb) or name
                    nb_link = posixpath.relpath(f"lessons/{name}.ipynb", here or ".")
                    label = UI_TEXT["lesson"][lang]
                    lines.append(f"    - {label}: [{nb_title}]({nb_link})")
            else:
                note = UI_TEXT["not_written"][lang]
                lines.append(f'- {title} <small class="dlspec-unwritten">({note})</small>')
        lines.append("")
    return "\n".join(lines)


def render_glossary(lang: str) -> str:
    """A three-column table of the glossary, the current language's column first."""
    order = [lang] + [code for code in ("en", "ja", "ko") if code != lang]
    names = dict(zip(("en", "ja", "ko"), UI_TEXT["glossary_head"][lang]))
    lines = [
        "| " + " | ".join(names[code] for code in order) + " |",
        "|" + "---|" * len(order),
    ]
    for entry in load_yaml("glossary.yml"):
        lines.append("| " + " | ".join(entry[code] for code in order) + " |")
    return "\n".join(lines) + "\n"


def translation_state(lang: str, norm_src_uri: str) -> str:
    """'translated', 'stale' or 'missing' for a page or lesson in a translation language."""
    if norm_src_uri.startswith("lessons/"):
        english = ROOT / "lessons" / "en" / norm_src_uri[len("lessons/"):]
        translated = ROOT / "lessons" / lang / norm_src_uri[len("lessons/"):]
        if not translated.exists():
            return "missing"
        recorded = i18n_check.notebook_meta(translated).get("source_blob")
    else:
        english = ROOT / "docs" / "en" / norm_src_uri
        translated = ROOT / "docs" / lang / norm_src_uri
        if not translated.exists():
            return "missing"
        meta, _ = i18n_check.split_front_matter(translated.read_text(encoding="utf-8"))
        recorded = meta.get("source_blob")
    current = i18n_check.blob_id(english.read_bytes())
    return "translated" if recorded == current else "stale"


def render_status(lang: str, default: str, files) -> str:
    """A table of every page and lesson with its translation state (all languages on en)."""
    languages = [code for code in ("ja", "ko") if lang == default or code == lang]
    pages = sorted(
        {f.norm_src_uri for f in files.documentation_pages() if hasattr(f, "norm_src_uri")}
    )
    head_page, head_status = UI_TEXT["status_head"][lang]
    heads = [head_page] + [
        f"{head_status} ({code})" if len(languages) > 1 else head_status for code in languages
    ]
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    for norm in pages:
        states = [UI_TEXT["status"][translation_state(code, norm)][lang] for code in languages]
        lines.append(f"| `{norm}` | " + " | ".join(states) + " |")
    return "\n".join(lines) + "\n"


def on_page_context(context, page, config, nav):
    i18n = _i18n(config)
    if i18n is None or i18n.current_language == i18n.default_language:
        return context
    norm = getattr(page.file, "norm_src_uri", None)
    if norm and getattr(page.file, "locale", None) == i18n.current_language:
        page.meta["dlspec_stale"] = translation_state(i18n.current_language, norm) == "stale"
    return context


def on_page_markdown(markdown, page, config, files):
    i18n = _i18n(config)
    lang = i18n.current_language if i18n else "en"
    default = i18n.default_language if i18n else "en"
    norm = getattr(page.file, "norm_src_uri", page.file.src_uri)
    if COURSE_MAP_MARKER in markdown:
        markdown = markdown.replace(
            COURSE_MAP_MARKER,
            render_course_map(lang, default, Path(config.docs_dir), norm),
        )
    if STATUS_MARKER in markdown:
        markdown = markdown.replace(STATUS_MARKER, render_status(lang, default, files))
    if GLOSSARY_MARKER in markdown:
        markdown = markdown.replace(GLOSSARY_MARKER, render_glossary(lang))
    # Figures drawn by code (scripts/figures.py), in the page's language.
    return figures.replace_markers(markdown, lang)
