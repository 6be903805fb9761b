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
import html as html_lib
import json
import logging
import os
import posixpath
import re
import sys
import threading
import time
from functools import lru_cache
from pathlib import Path, PurePosixPath

import yaml
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
EXECUTED = ROOT / ".cache" / "dlspec-lessons"
LESSON_TIMEOUT = 300  # seconds per cell; a lesson is meant to take seconds in all
log = logging.getLogger("mkdocs.hooks.dlspec_site")

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
    "map_all_written": {
        "en": "All {total} weeks of the five courses are written: each links to its page and its lessons.",
        "ja": "5 つのコースの全 {total} 週が執筆済みです。各週からそのページとレッスンへ進めます。",
        "ko": "다섯 코스의 {total}개 주차를 모두 썼습니다. 각 주차에서 해당 페이지와 레슨으로 이동할 수 있습니다.",
    },
    "map_some_written": {
        "en": "{written} of the {total} weeks are written and link to their pages; the others have no page yet.",
        "ja": "全 {total} 週のうち {written} 週が執筆済みで、ページにリンクしています。残りの週にはまだページがありません。",
        "ko": "{total}개 주차 가운데 {written}개 주차를 썼고 각 페이지로 연결됩니다. 나머지 주차는 아직 페이지가 없습니다.",
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
    "see": {"en": "Explained in", "ja": "解説:", "ko": "설명:"},
    "guide": {
        "en": "How to translate a page or a lesson, step by step: {}.",
        "ja": "ページやレッスンを翻訳する手順: {}",
        "ko": "페이지나 레슨을 번역하는 방법: {}",
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
    if stem.name == "index":  # index.md is its folder's page
        folder = f"{stem.parent.as_posix()}/" if stem.parent.name else ""
        return _lang_prefix(lang, default) + folder
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


def _kernel_env() -> dict:
    """The lesson kernels' environment: one BLAS thread each (lessons use small matrices, and
    several kernels share the cores), unless the caller chose otherwise."""
    env = dict(os.environ)
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(name, "1")
    return env


def _execute(nb: dict, path: Path) -> dict:
    """Run a notebook top to bottom in a fresh kernel, in the lesson's folder.

    The kernel manager gives the kernel CurveZMQ keys (``transport_encryption``), so ipykernel
    does not warn, once per lesson, that its loopback TCP channel is unencrypted.
    """
    import nbformat
    from nbclient import NotebookClient
    from traitlets.config import Config

    config = Config()
    config.KernelManager.transport_encryption = "auto"
    node = nbformat.reads(json.dumps(nb), as_version=4)
    NotebookClient(
        node,
        timeout=LESSON_TIMEOUT,
        kernel_name="python3",
        allow_errors=False,
        config=config,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute(env=_kernel_env())
    return json.loads(nbformat.writes(node))


def _done_path(nb: dict) -> Path:
    return EXECUTED / "runs" / f"{_code_key(nb)}.ipynb"


def _run(path: Path) -> tuple[dict, dict]:
    """The notebook at ``path`` and an executed notebook with the same code (run if needed)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    done = _done_path(nb)
    if done.exists():
        return nb, json.loads(done.read_text(encoding="utf-8"))
    ran = _execute(nb, path)
    done.parent.mkdir(parents=True, exist_ok=True)
    tmp = done.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps(ran, ensure_ascii=False), encoding="utf-8")
    tmp.replace(done)  # atomic: a build interrupted mid-write leaves no half notebook
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


def lesson_jobs() -> int:
    """How many lessons run at once: DLSPEC_JOBS, else one per core this process may use."""
    if os.environ.get("DLSPEC_JOBS"):
        return max(1, int(os.environ["DLSPEC_JOBS"]))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _execute_all(paths: list[Path], lang: str) -> None:
    """Run the lessons whose code has no executed copy yet, one kernel per core, and say so.

    Every lesson gets a line as soon as it is known (``cached``) or done (its time), numbered
    over all lessons: ``lesson  3/16 c1w3-planar-data ... 8.2 s``. Translations share the
    English run (their code is identical), so after the first language everything is cached
    and nothing more is printed.
    """
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    unique: dict[str, Path] = {}
    for path in sorted(paths, key=lambda p: p.name):
        nb = json.loads(path.read_text(encoding="utf-8"))
        unique.setdefault(_code_key(nb), path)
    todo = [
        (key, path) for key, path in unique.items()
        if not (EXECUTED / "runs" / f"{key}.ipynb").exists()
    ]
    if not todo and _REPORTED:
        return
    _REPORTED.add(lang)
    total, width = len(unique), len(str(len(unique)))
    jobs = min(lesson_jobs(), len(todo)) or 1
    cached = total - len(todo)
    where = EXECUTED.relative_to(ROOT)
    if todo:
        log.info(
            "lessons: %d in the site, %d cached in %s, %d to execute (%d at a time)",
            total, cached, where, len(todo), jobs,
        )
    else:
        log.info("lessons: %d in the site, all cached in %s", total, where)
    count = 0
    to_run = {key for key, _ in todo}
    for key, path in unique.items():
        if key not in to_run:
            count += 1
            log.info("lesson %*d/%d %s ... cached", width, count, total, path.stem)
    if not todo:
        return

    def timed(path: Path) -> float:
        start = time.perf_counter()
        _run(path)
        return time.perf_counter() - start

    start = time.perf_counter()
    # Longest first (by the last measured time, else by size), so two cores finish together.
    timings = _load_timings()
    todo.sort(key=lambda item: -timings.get(item[1].stem, item[1].stat().st_size / 2000))
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        running = {pool.submit(timed, path): path for _, path in todo}
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                path = running.pop(future)
                try:
                    seconds = future.result()
                except Exception:
                    for other in running:
                        other.cancel()
                    log.error("lesson %s failed (its error is below)", path.name)
                    raise
                count += 1
                timings[path.stem] = round(seconds, 1)
                log.info("lesson %*d/%d %s ... %.1f s", width, count, total, path.stem, seconds)
    _save_timings(timings)
    log.info(
        "lessons: %d executed in %.1f s, %d at a time; later builds reuse them until their "
        "code or dlspec changes",
        len(todo), time.perf_counter() - start, jobs,
    )


_REPORTED: set[str] = set()
_BACKGROUND: dict = {}


def _draw_figures(languages: list[str]) -> int:
    """Draw (into figures' cache) every figure that is not cached yet, in ``languages``."""
    drawn = 0
    for lang in languages:
        for name in figures.names():
            figures.svg(name, lang)
            drawn += 1
    return drawn


def _figures_meanwhile(lang: str, others: list[str]) -> None:
    """While the first language renders on one core, a forked process draws the other
    languages' figures into the figure cache (a fresh clone draws each figure once per
    language); each later language waits for it first, so no figure is drawn by two processes
    at once. If the process fails, the language that needs a figure draws it (and reports)."""
    import multiprocessing

    if lang not in others:
        if "figures" not in _BACKGROUND and others:
            if "fork" not in multiprocessing.get_all_start_methods():
                return  # (Windows) each language draws its own figures as it renders
            process = multiprocessing.get_context("fork").Process(
                target=_draw_figures, args=(others,), daemon=True
            )
            process.start()
            _BACKGROUND["figures"] = process
        return
    process = _BACKGROUND.pop("figures", None)
    if process is not None:
        process.join()


TIMINGS = EXECUTED / "timings.json"


def _load_timings() -> dict:
    try:
        return json.loads(TIMINGS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _save_timings(timings: dict) -> None:
    TIMINGS.parent.mkdir(parents=True, exist_ok=True)
    TIMINGS.write_text(json.dumps(timings, indent=1, sort_keys=True) + "\n", encoding="utf-8")


@event_priority(-110)
def on_files(files, config):
    i18n = _i18n(config)
    if i18n is None:
        return files
    lang, default = i18n.current_language, i18n.default_language
    _execute_all([Path(f.abs_src_path) for f in files if f.src_uri.endswith(".ipynb")], lang)
    _figures_meanwhile(lang, [code for code in i18n.build_languages if code != default])
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
    courses = load_yaml("courses.yml")
    pages = [week["page"] for course in courses for week in course["weeks"]]
    written = sum((docs_dir / default / page).exists() for page in pages)
    key = "map_all_written" if written == len(pages) else "map_some_written"
    lines = [UI_TEXT[key][lang].format(written=written, total=len(pages)), ""]
    for course in courses:
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


def render_glossary(lang: str, docs_dir: Path | None = None) -> str:
    """The glossary as a definition list: each term in the page's language (its id is the
    English term's slug, the same in every language), the other two languages beside it, its
    one-line definition (``define``) and a link to the section that explains it (``see``).
    """
    docs_dir = docs_dir or ROOT / "docs"
    others = [code for code in ("en", "ja", "ko") if code != lang]
    lines = []
    for entry in load_yaml("glossary.yml"):
        ident = re.sub("-{2,}", "-", slugify(entry["en"]))
        aside = " · ".join(f'<span lang="{code}">{entry[code]}</span>' for code in others)
        lines.append(f"**{entry[lang]}**{{ #{ident} }} &nbsp; {aside}")
        definition = (entry.get("define") or {}).get(lang, "")
        see = entry.get("see")
        if see and see_exists(see, docs_dir):
            label = see_label(see, lang, docs_dir)
            definition += f" {UI_TEXT['see'][lang]} [{label}]({see})"
        if definition.strip():
            lines.append(f":   {definition.strip()}")
        lines.append("")
    return "\n".join(lines) + "\n"


def _heading_text(page: Path, anchor: str | None) -> str | None:
    """The H1 of a Markdown page (anchor None) or the heading that carries `{ #anchor }`."""
    if not page.exists():
        return None
    for line in page.read_text(encoding="utf-8").splitlines():
        match = re.match(r"(#{1,6})\s+(.*?)\s*(\{\s*#([^}\s]+)\s*\})?\s*$", line)
        if not match:
            continue
        if anchor is None and len(match.group(1)) == 1:
            return match.group(2)
        if anchor is not None and match.group(4) == anchor:
            return match.group(2)
    return None


def see_exists(see: str, docs_dir: Path) -> bool:
    """Whether a glossary entry's ``see`` page (and its ``{ #anchor }``) is on the site yet: a
    term of a week not written yet keeps its definition and gains its link when the page does."""
    page, _, anchor = see.partition("#")
    english = docs_dir / "en" / page
    if not english.exists():
        return False
    if page.endswith(".md") and anchor:
        return _heading_text(english, anchor) is not None
    return True


def see_label(see: str, lang: str, docs_dir: Path) -> str:
    """'第2週: ニューラルネットワークの基礎 › 勾配降下法' for 'c1/w2.md#gradient-descent'."""
    page, _, anchor = see.partition("#")
    if page.startswith("lessons/"):
        path = _lesson_path(docs_dir, lang, "en", PurePosixPath(page).stem)
        title = (notebook_title(path) if path else None) or page
        return f"{UI_TEXT['lesson'][lang]}: {title}"
    local = docs_dir / lang / page
    source = local if local.exists() else docs_dir / "en" / page
    title = _heading_text(source, None) or page
    section = _heading_text(source, anchor) if anchor else None
    return f"{title} › {section}" if section else title


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


def render_status(lang: str, default: str, files, repo_url: str = "", edit_uri: str = "") -> str:
    """A table of every page and lesson with its translation state (all languages on en).

    Each page links to itself in the page's language; on the English page each state links to
    that translation. Below the table, the contributor guide in the page's language (a link
    into the repository when REPO_URL is set, else its file name).
    """
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
        states = []
        for code in languages:
            state = UI_TEXT["status"][translation_state(code, norm)][lang]
            if lang == default and code != lang:
                # raw HTML: MkDocs would log every site URL in a Markdown link as unrecognized
                state = f'<a href="../{_page_url(norm, code, default)}">{state}</a>'
            states.append(state)
        lines.append(f"| [`{norm}`]({norm}) | " + " | ".join(states) + " |")
    guide = "CONTRIBUTING.md" if lang == default else f"CONTRIBUTING.{lang}.md"
    if repo_url:
        target = f"{repo_url.rstrip('/')}/blob/{_branch(edit_uri)}/{guide}"
        guide_link = f"[`{guide}`]({target})"
    else:
        guide_link = f"`{guide}`"
    lines += ["", UI_TEXT["guide"][lang].format(guide_link)]
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
        markdown = markdown.replace(STATUS_MARKER, render_status(lang, default, files, config.repo_url, config.edit_uri))
    if GLOSSARY_MARKER in markdown:
        markdown = markdown.replace(GLOSSARY_MARKER, render_glossary(lang, Path(config.docs_dir)))
    # Figures drawn by code (scripts/figures.py), in the page's language.
    return figures.replace_markers(markdown, lang)


# ---------------------------------------------------------------------------------------------
# 4. Lesson pages: heading ids, links between notebooks, the way to the week and the next
#    lesson, "Open in Colab", "edit this page"; quiet `make serve`
# ---------------------------------------------------------------------------------------------
LESSON_TEXT = {
    "week": {"en": "← Back to {}", "ja": "← 「{}」のページに戻る", "ko": "← {} 페이지로 돌아가기"},
    "next_lesson": {"en": "Next lesson: {} →", "ja": "次のレッスン: {} →", "ko": "다음 레슨: {} →"},
    "next_week": {"en": "Next: {} →", "ja": "次へ: {} →", "ko": "다음: {} →"},
    "colab": {"en": "Open in Colab", "ja": "Colab で開く", "ko": "Colab에서 열기"},
}
DEFAULT_EDIT_URI = "edit/main/docs/"
HEADING = re.compile(
    r'<h([1-6]) id="[^"]*">(.*?)<a class="anchor-link" href="#[^"]*">¶</a></h\1>', re.S
)
TAG = re.compile(r"<[^>]+>")
NOTEBOOK_LINK = re.compile(r'href="([a-z0-9][a-z0-9-]*)\.ipynb(#[^"]*)?"')


def slugify(text: str, sep: str = "-") -> str:
    """Heading ids for every page and lesson: pymdownx's Unicode slug, lower case.

    ASCII headings get the same ids as Python-Markdown's default (checked on every English
    heading of the site), and Japanese or Korean headings keep their letters instead of
    becoming empty. mkdocs.yml configures the same function for Markdown pages.
    """
    from pymdownx.slugs import slugify as configurable

    return configurable(case="lower")(text, sep)


def _unique(slug: str, seen: set[str]) -> str:
    """Python-Markdown's rule for repeated ids: x, x_1, x_2, ..."""
    base, n = slug, 0
    while slug in seen or not slug:
        n += 1
        slug = f"{base or 'section'}_{n}"
    seen.add(slug)
    return slug


def fix_notebook_headings(html: str) -> tuple[str, list[dict]]:
    """Give a rendered notebook's headings Unicode ids and build its table of contents from
    the same headings, so every TOC link has its target.

    mkdocs-jupyter takes heading ids from an ASCII-only slug of the rendered text (a heading
    in Japanese or Korean gets ``id=""``) but its TOC from a separate Markdown conversion
    (``#_1``, ``#_2``, ...; and ``code`` spans differ), so the two disagreed.
    """
    seen: set[str] = set()
    flat: list[dict] = []

    def replace(match):
        level, inner = int(match.group(1)), match.group(2).strip()
        label = TAG.sub("", inner).strip()
        ident = _unique(slugify(html_lib.unescape(label)), seen)
        flat.append({"level": level, "id": ident, "name": label, "children": []})
        return (
            f'<h{level} id="{ident}">{inner}<a class="anchor-link" href="#{ident}">¶</a>'
            f"</h{level}>"
        )

    html = HEADING.sub(replace, html)
    tokens: list[dict] = []
    stack: list[dict] = []
    for token in flat:
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else tokens).append(token)
        stack.append(token)
    return html, tokens


def _lessons_in_order() -> list[tuple[dict, str | None]]:
    """(week, lesson name or None for the week page itself), in course order."""
    order = []
    for course in load_yaml("courses.yml"):
        for week in course["weeks"]:
            order.append((week, None))
            order.extend((week, name) for name in week.get("lessons", []))
    return order


def _exists(week: dict, name: str | None, docs_dir: Path, default: str) -> bool:
    if name is None:
        return (docs_dir / default / week["page"]).exists()
    return (docs_dir / default / "lessons" / f"{name}.ipynb").exists()


def lesson_links(name: str, lang: str, default: str, docs_dir: Path) -> tuple[str, str]:
    """HTML for the top (its week page) and the bottom (next lesson or week) of a lesson."""
    order = [item for item in _lessons_in_order() if _exists(*item, docs_dir, default)]
    where = next((i for i, (_, n) in enumerate(order) if n == name), None)
    if where is None:
        return "", ""
    week = order[where][0]
    week_url = "../../" + week["page"][: -len(".md")] + "/"
    label = LESSON_TEXT["week"][lang].format(week["title"][lang])
    top = f'<a href="{week_url}">{html_lib.escape(label)}</a>'
    bottom = ""
    if where + 1 < len(order):
        next_week, next_name = order[where + 1]
        if next_name is None:
            url = "../../" + next_week["page"][: -len(".md")] + "/"
            label = LESSON_TEXT["next_week"][lang].format(next_week["title"][lang])
        else:
            url = f"../{next_name}/"
            path = _lesson_path(docs_dir, lang, default, next_name)
            title = (notebook_title(path) if path else None) or next_name
            label = LESSON_TEXT["next_lesson"][lang].format(title)
        bottom = f'<a href="{url}">{html_lib.escape(label)}</a>'
    return top, bottom


def colab_url(repo_url: str, edit_uri: str, lang: str, name: str) -> str | None:
    """Colab opens notebooks straight from a GitHub repository: lessons/<lang>/<name>.ipynb."""
    match = re.fullmatch(r"https://github\.com/([^/]+)/([^/]+?)(\.git)?/?", repo_url or "")
    if not match:
        return None
    branch = _branch(edit_uri)
    lesson_lang = lang if (ROOT / "lessons" / lang / f"{name}.ipynb").exists() else "en"
    return (
        f"https://colab.research.google.com/github/{match[1]}/{match[2]}/blob/{branch}/"
        f"lessons/{lesson_lang}/{name}.ipynb"
    )


def _branch(edit_uri: str) -> str:
    """'edit/main/docs/' -> 'main' (GitHub's edit/<branch>/<path> and blob/<branch>/<path>)."""
    parts = [p for p in (edit_uri or DEFAULT_EDIT_URI).split("/") if p]
    return parts[1] if len(parts) > 1 and parts[0] in ("edit", "blob", "tree") else "main"


def lesson_edit_url(repo_url: str, edit_uri: str, lang: str, name: str) -> str | None:
    """The lesson's own notebook in lessons/<lang>/ (docs/<lang>/lessons is a symlink)."""
    if not repo_url or not edit_uri:
        return None
    root = edit_uri.rstrip("/")
    root = root[: -len("docs")] if root.endswith("docs") else root + "/"
    lesson_lang = lang if (ROOT / "lessons" / lang / f"{name}.ipynb").exists() else "en"
    return f"{repo_url.rstrip('/')}/{root}lessons/{lesson_lang}/{name}.ipynb"


def on_config(config):
    # REPO_URL (and EDIT_URI) come from the environment like SITE_URL. With a repository and
    # no EDIT_URI, pages edit on the main branch; without one, no page shows an edit link
    # (mkdocs would warn about an edit_uri that is not a URL).
    if config.repo_url and not config.edit_uri:
        config.edit_uri = DEFAULT_EDIT_URI
    if not config.repo_url:
        config.edit_uri = ""
    return config


def on_page_content(html, page, config, files):
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    i18n = _i18n(config)
    lang = i18n.current_language if i18n else "en"
    default = i18n.default_language if i18n else "en"
    name = PurePosixPath(page.file.src_uri).stem
    html, tokens = fix_notebook_headings(html)
    from mkdocs.structure.toc import get_toc

    page.toc = get_toc(tokens)
    # A Markdown cell links another lesson as `other.ipynb` (right in Jupyter); on the site
    # that lesson is the page ../other/.
    html = NOTEBOOK_LINK.sub(lambda m: f'href="../{m.group(1)}/{m.group(2) or ""}"', html)
    top, bottom = lesson_links(name, lang, default, Path(config.docs_dir))
    colab = colab_url(config.repo_url, config.edit_uri, lang, name)
    if colab:
        top += (
            f' <span class="dlspec-sep">·</span> <a class="dlspec-colab" href="{colab}">'
            f'{LESSON_TEXT["colab"][lang]}</a>'
        )
    page.edit_url = lesson_edit_url(config.repo_url, config.edit_uri, lang, name)
    head = f'<p class="dlspec-lesson-nav dlspec-lesson-top">{top}</p>\n' if top else ""
    tail = f'\n<p class="dlspec-lesson-nav dlspec-lesson-next">{bottom}</p>' if bottom else ""
    return head + html + tail


class _NoSitemap404(logging.Filter):
    """Material asks for sitemap.xml under each <link rel=alternate>, which static-i18n makes
    per page (/ja/c1/w2/sitemap.xml): a harmless 404 on every page view that drowned the log
    of `make serve`. Only those lines are dropped."""

    def filter(self, record):
        message = record.getMessage()
        return not ("sitemap.xml" in message and "code 404" in message)


def on_startup(command, dirty):
    if command == "serve":
        server_log = logging.getLogger("mkdocs.livereload")
        if not any(type(f).__name__ == "_NoSitemap404" for f in server_log.filters):
            server_log.addFilter(_NoSitemap404())


@event_priority(100)  # before mkdocs-jupyter's own on_post_build prunes its cache
def on_post_build(config):
    """Keep every language's rendered lessons in mkdocs-jupyter's cache.

    mkdocs-jupyter deletes, after each build, every cached page that build did not use; with
    static-i18n each language is its own build, so English deleted the Japanese and Korean
    pages and every `make serve` or `make build` converted all lessons again (about half of
    a cached build). The pages of the current executed copies of every language count as used;
    those of changed lessons are pruned by the next build. Leans on mkdocs-jupyter 0.26.3's
    cache key (pinned; a changed key only costs the old speed).
    """
    plugin = config.plugins.get("mkdocs-jupyter")
    i18n = _i18n(config)
    if plugin is None or i18n is None or not plugin.config.get("cache"):
        return
    try:
        from mkdocs_jupyter.plugin import _compute_cache_key, _get_cache_path
    except ImportError:
        return
    for lang in i18n.build_languages:
        for path in (EXECUTED / lang).glob("*.ipynb"):
            key = _compute_cache_key(path, plugin.config, plugin.config["execute"])
            plugin._used_cache_paths.add(_get_cache_path(plugin.config["cache_dir"], key))
