"""Check the Japanese and Korean pages and lessons against the English ones.

    python scripts/i18n_check.py            # report; exit 1 on any error
    python scripts/i18n_check.py --diff     # also print the English changes behind stale pages
    python scripts/i18n_check.py --stamp docs/ja/c1/w2.md   # mark a translation as up to date
    python scripts/i18n_check.py --stamp figures/c1w3-activations.yml   # the same for a figure's
                                                                        # ja and ko strings

A translation is compared with its English source for:

* missing       the English page or lesson has no translation in a language (error);
* stale         the translation's front matter records the git blob id of the English file it
                was translated from (``source_blob``); the English file has changed since
                (warning);
* diverge       code blocks (fenced or indented, with the ``<!--pytest-codeblocks:...-->``
                comment in front of them), display equations, heading count and levels, heading
                anchors, link and image targets (inline or reference-style), or (lessons) code
                cells differ from English, or an inline ``$...$`` formula of the English is not
                in the translation (error);
* front-matter  a page's front matter is there but MkDocs cannot read it, so the site would
                show it as text and the check could not see ``source_blob`` (error);
* glossary      an English glossary term occurs in the English page but the agreed translation
                from data/glossary.yml does not occur in the translation (warning); an entry of
                data/glossary.yml that the check cannot use, for example one whose ' / '
                separated terms do not pair up between languages, or whose ``avoid`` list is
                not a list of words per language or names an agreed term (error);
* avoided       the prose of a translated page or of a lesson's Markdown cells uses a variant
                that data/glossary.yml lists under ``avoid`` for that language, e.g.
                ``avoid: {ja: ["深層学習"]}`` beside ``ja: "ディープラーニング"`` (error). Prose is
                the text of paragraphs, headings, lists, tables and alt texts: code, inline code
                and math are not searched. Variants match as written (case-sensitive, anywhere
                in a word, since Japanese and Korean have no spaces to find words by); an
                occurrence that lies inside an agreed term of any glossary entry of the same
                language is not reported. So avoiding 逆伝播 would not flag the 逆伝播 inside an
                agreed 誤差逆伝播法, and avoiding 精度 would not flag 倍精度 once 倍精度 is an
                agreed term: to allow a longer word that contains an avoided variant, give it a
                glossary entry of its own. A figure's ja/ko alt text, caption and labels (in
                figures/NAME.yml) are checked the same way.

Figures drawn by code (scripts/figures.py: ``figures/NAME.py`` draws, ``figures/NAME.yml`` holds
alt text, caption and labels in every language) are checked too:

* figure        what ``figures.problems(NAME)`` finds in a figure's strings (a language missing,
                an empty alt text or caption, label keys that differ from English); a figure
                marker ``<!-- dlspec:figure NAME -->`` that names a figure without both source
                files, or that is not on a line of its own between blank lines (errors);
* diverge       the figure markers of a translated page differ from the English page's, in
                name, number or order (error);
* stale         a figure's ja/ko strings record (``source_blob`` in their block of NAME.yml) the
                blob id of the English strings they were translated from: the English alt text,
                caption and labels written as one YAML text (``figure_english``). Changed
                English strings, or none recorded, give a warning; ``--stamp figures/NAME.yml``
                records the current English for the languages of ``--lang`` (default ja and ko).
                With ``--diff`` the old English strings are looked up in the git history of
                NAME.yml.

Pages are read the way the site reads them: the front matter with MkDocs' own meta parser
(``mkdocs.utils.meta``), the Markdown with markdown-it-py and the mdit-py-plugins that match the
site's Markdown extensions (admonitions, footnotes, definition lists, ``$`` math). The checks
look at the parsed tokens, so a ``$$`` or a ``[x](y)`` inside a code block is code, not an
equation or a link.

The functions are importable (tests/i18n/ runs them on fixture trees).
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mkdocs.utils import meta as mkdocs_meta

import figures  # scripts/figures.py, beside this file: the figure pipeline and its marker

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ("ja", "ko")
GLOSSARY = Path("data") / "glossary.yml"

# The attribute list at the end of a heading's text (attr_list): `## Title { #anchor .class }`.
HEADING_ATTRIBUTES = re.compile(r"\{:?\s*([^{}]*)\}\s*$")
ANCHOR = re.compile(r"(?:^|\s)#([\w-]+)")
# The comment pytest-codeblocks reads in front of a code block (skip, expected-output, ...).
CODEBLOCKS_COMMENT = re.compile(r"\s*<!--\s*pytest-codeblocks:")


# ---------------------------------------------------------------------------------------------
# Reading a Markdown page
# ---------------------------------------------------------------------------------------------
def markdown_parser() -> MarkdownIt:
    """A CommonMark parser extended like the site's Markdown (markdown_extensions in mkdocs.yml).

    Each plugin stands for an extension whose syntax would otherwise be misread:

    * admonition, pymdownx.details -> admon: the indented body of ``!!! note`` / ``??? note`` is
      Markdown, not an indented code block;
    * footnotes -> footnote: ``[^1]: ...`` is a footnote, not a link reference definition;
    * def_list -> deflist, tables -> table;
    * pymdownx.arithmatex -> dollarmath: ``$$ ... $$`` (display) and ``$...$`` (inline) math,
      also a ``$$ ... $$`` that runs on in a paragraph (``double_inline``); as in arithmatex,
      inline math has no space just inside its dollars, so "$5 and $10" is not math.
    """
    md = MarkdownIt("commonmark").enable("table")
    admon_plugin(md)
    deflist_plugin(md)
    footnote_plugin(md)
    dollarmath_plugin(md, allow_labels=False, allow_space=False, double_inline=True)
    return md


MARKDOWN = markdown_parser()


@dataclass
class Page:
    """What the check compares of one Markdown page, in the order it appears on the page."""

    meta: dict  # the front matter, as MkDocs reads it
    code: list[str] = field(default_factory=list)  # fenced and indented code blocks
    math: list[str] = field(default_factory=list)  # display equations, $$ ... $$
    inline_math: list[str] = field(default_factory=list)  # $...$
    headings: list[tuple[int, str | None]] = field(default_factory=list)  # (level, anchor)
    links: list[str] = field(default_factory=list)  # link and image targets
    prose: str = ""  # the text of paragraphs, headings, list items and tables (for the glossary)
    # The same text without code or math, one piece per block, with the page line it starts on
    # (for the avoided variants).
    text: list[tuple[int, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # why MkDocs cannot read the page as meant
    figures: list[str] = field(default_factory=list)  # names in <!-- dlspec:figure NAME --> markers
    figure_problems: list[str] = field(default_factory=list)  # markers the site cannot show as meant


def split_front_matter(text: str) -> tuple[dict, str]:
    """(front matter, Markdown body) of a page, as MkDocs reads them.

    This is MkDocs' own parser: a YAML block between ``---`` lines (closed by ``---`` or
    ``...``), or MultiMarkdown ``Key: value`` lines. Front matter MkDocs cannot read gives ``{}``
    and the whole text as body, as it does on the site; front_matter_problem() says why.
    """
    body, data = mkdocs_meta.get_data(text)
    return data, body


def front_matter_problem(text: str) -> str | None:
    """Why MkDocs ignores the YAML front matter at the top of `text`; None if it reads it."""
    block = mkdocs_meta.YAML_RE.match(text)
    if block is None:
        return None  # no YAML front matter at all: nothing to read wrongly
    try:
        data = yaml.load(block.group(1), Loader=mkdocs_meta.SafeLoader)
    except yaml.YAMLError as error:
        reason = str(error).splitlines()[0]
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2} of the page)" if mark else ""  # +1: the opening ---
        return (
            f"MkDocs cannot read the front matter: {reason}{where}; a value that holds ': '"
            " must be quoted, e.g. title: \"Week 2: basics\""
        )
    if not isinstance(data, dict):
        return "the front matter is not 'key: value' lines, so MkDocs shows it as text"
    return None


def _code_block(token: Token, previous: Token | None) -> str:
    """A code block as it must reappear in a translation, byte for byte.

    A fenced block keeps its info string (language, attributes) as a first line; the
    pytest-codeblocks comment right in front of a block is part of it, since it decides how
    the tests run the block.
    """
    text = f"```{token.info}\n{token.content}" if token.type == "fence" else token.content
    if previous is not None and previous.type == "html_block":
        if CODEBLOCKS_COMMENT.match(previous.content):
            text = previous.content.strip() + "\n" + text
    return text


def _tex(content: str) -> str:
    """A display equation's TeX, without the indentation its place on the page adds.

    The parser keeps the indentation of an equation inside an admonition or a list; TeX
    ignores it, so each line is compared without surrounding white space.
    """
    return "\n".join(line.strip() for line in content.strip().splitlines())


def _heading_anchor(inline: Token) -> str | None:
    """The explicit anchor of a heading, `x` in ``## Title { #x }``, or None."""
    attributes = HEADING_ATTRIBUTES.search(inline.content)
    if attributes is None:
        return None
    anchor = ANCHOR.search(attributes.group(1))
    return anchor.group(1) if anchor else None


def _read_inline(children: Iterable[Token], page: Page) -> None:
    """Collect link and image targets and math from the inline tokens of one block.

    Reference-style links arrive already resolved by the parser's reference map, so
    ``[text][ref]`` gives the URL of its ``[ref]: url`` definition. Targets are compared
    percent-decoded, as written on the page.
    """
    for token in children:
        if token.type == "link_open":
            page.links.append(unquote(token.attrGet("href") or ""))
        elif token.type == "image":
            page.links.append(unquote(token.attrGet("src") or ""))
        elif token.type == "math_inline_double":
            page.math.append(_tex(token.content))
        elif token.type == "math_inline":
            page.inline_math.append(token.content.strip())


def prose_text(children: Iterable[Token]) -> str:
    """The words of one block's inline tokens, as a reader sees them, without code or math.

    Emphasis and link markup vanish (``**逆**伝播`` reads 逆伝播); inline code, math and HTML
    become a NUL character, so that no word is found across them; a line break stays a line
    break; an image gives its alt text.
    """
    parts = []
    for token in children:
        if token.type == "text":
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif token.type == "image":
            parts.append("\0" + prose_text(token.children or []) + "\0")
        elif not token.type.endswith(("_open", "_close")):
            parts.append("\0")
    return "".join(parts)


def parse_page(text: str) -> Page:
    """Parse a page (front matter and Markdown) into what the check compares."""
    meta, body = split_front_matter(text)
    page = Page(meta=meta)
    problem = front_matter_problem(text)
    if problem:
        page.problems.append(problem)
    # Line numbers of the page, not of the body after the front matter.
    offset = text[: len(text) - len(body)].count("\n") if text.endswith(body) else 0
    tokens = MARKDOWN.parse(body)
    prose: list[str] = []
    previous: Token | None = None
    line = 1
    for index, token in enumerate(tokens):
        if token.map:
            line = token.map[0] + 1 + offset
        if token.type in ("fence", "code_block"):
            page.code.append(_code_block(token, previous))
        elif token.type == "math_block":
            page.math.append(_tex(token.content))
        elif token.type == "heading_open":
            page.headings.append((int(token.tag[1:]), _heading_anchor(tokens[index + 1])))
        elif token.type == "inline":
            prose.append(token.content)
            page.text.append((line, prose_text(token.children or [])))
            _read_inline(token.children or [], page)
        previous = token
    page.prose = "\n".join(prose)
    # The site's hook replaces every marker in the Markdown text (not in parsed tokens), so the
    # markers are read from the text the same way.
    page.figures = [match.group(1) for match in figures.MARKER.finditer(body)]
    page.figure_problems = marker_placement(text)
    return page


def marker_placement(text: str) -> list[str]:
    """Figure markers not on a line of their own between blank lines, as sentences.

    The hook puts a multi-line ``<figure>`` where the marker is; Markdown reads it as a block of
    HTML only when it stands alone, so a marker inside a paragraph would break the page.
    """
    lines = text.splitlines()
    found = []
    for number, line in enumerate(lines, start=1):
        for match in figures.MARKER.finditer(line):
            alone = line.strip() == match.group(0)
            before = number == 1 or not lines[number - 2].strip()
            after = number == len(lines) or not lines[number].strip()
            if not (alone and before and after):
                found.append(
                    f"line {number}: the figure marker {match.group(0)!r} must be on a line of"
                    " its own, with a blank line before and after it"
                )
    return found


# ---------------------------------------------------------------------------------------------
# Fingerprints
# ---------------------------------------------------------------------------------------------
def blob_id(data: bytes) -> str:
    """The id git gives a file's content (`git hash-object`), computed without git."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def english_at(blob: str, root: Path) -> str | None:
    """The English text a translation was made from, if git still has that blob."""
    try:
        out = subprocess.run(
            ["git", "cat-file", "-p", blob], cwd=root, capture_output=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.decode("utf-8")


# ---------------------------------------------------------------------------------------------
# Comparisons
# ---------------------------------------------------------------------------------------------
@dataclass
class Finding:
    level: str  # "error" or "warning"
    kind: str  # missing, stale, diverge, front-matter, glossary, avoided, figure
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.kind}: {self.path}: {self.message}"


def _first_difference(a: list[str], b: list[str], what: str) -> str | None:
    """How the translation's list `b` first differs from the English list `a`, or None."""
    if len(a) != len(b):
        return f"{len(b)} {what} where English has {len(a)}"
    for number, (x, y) in enumerate(zip(a, b), start=1):
        if x != y:
            first = next(
                (f"{p!r} vs {q!r}" for p, q in zip(x.splitlines(), y.splitlines()) if p != q),
                "lengths differ",
            )
            return f"{what} #{number} differs from English ({first})"
    return None


def _missing_items(english: list[str], translated: list[str], what: str) -> str | None:
    """The English items that do not occur in the translation, ignoring order and repeats.

    For inline math: a translation may reorder a sentence's formulas, repeat a symbol or name
    one English leaves implicit, but every formula of the English must be there, unchanged.
    """
    missing = sorted(set(english) - set(translated))
    if not missing:
        return None
    return f"{what} of the English missing or changed: {missing}"


def compare_pages(english: Page, translated: Page, path: str) -> list[Finding]:
    """The divergences of a translated page from its English page (errors)."""
    findings = []

    def diverge(message):
        findings.append(Finding("error", "diverge", path, message))

    for problem in (
        _first_difference(english.code, translated.code, "code blocks"),
        _first_difference(english.math, translated.math, "display equations"),
        _missing_items(english.inline_math, translated.inline_math, "inline math"),
    ):
        if problem:
            diverge(problem)
    if len(english.headings) != len(translated.headings):
        diverge(f"{len(translated.headings)} headings where English has {len(english.headings)}")
    else:
        for (level_en, anchor_en), (level_tr, anchor_tr) in zip(
            english.headings, translated.headings
        ):
            if level_en != level_tr:
                diverge(f"heading level {level_tr} where English has {level_en}")
            elif anchor_en and anchor_tr != anchor_en:
                diverge(f"heading must keep the English anchor {{ #{anchor_en} }}")
    if english.links != translated.links:
        missing = [x for x in english.links if x not in translated.links]
        extra = [x for x in translated.links if x not in english.links]
        diverge(f"links differ from English (missing {missing}, extra {extra})")
    if english.figures != translated.figures:
        missing = sorted((Counter(english.figures) - Counter(translated.figures)).elements())
        extra = sorted((Counter(translated.figures) - Counter(english.figures)).elements())
        if missing or extra:
            diverge(f"figure markers differ from English (missing {missing}, extra {extra})")
        else:
            diverge(f"figure markers in another order than English ({translated.figures} where"
                    f" English has {english.figures})")
    return findings


class GlossaryError(ValueError):
    """A glossary entry the check cannot use for a language."""


def _english_terms(entry: str) -> list[str]:
    """'cost / loss function' -> ['cost function', 'loss function']; parentheses dropped."""
    parts = [p.strip() for p in re.sub(r"\s*\(.*?\)", "", entry).split(" / ")]
    last = parts[-1].split()
    if len(last) > 1 and all(len(p.split()) == 1 for p in parts[:-1]):
        suffix = " ".join(last[1:])
        parts = [f"{p} {suffix}" for p in parts[:-1]] + [parts[-1]]
    return parts


def glossary_pairs(entry: dict, lang: str) -> list[tuple[str, str]]:
    """(English term, agreed translation) pairs of one glossary entry.

    The ' / ' separated terms pair up by position, so an entry must hold as many terms in
    `lang` as in English; otherwise (or when a language is missing) it raises GlossaryError
    rather than quietly giving no pairs, which would switch the check off for the entry.
    """
    if not isinstance(entry, dict):
        raise GlossaryError(f"is not an 'en:'/'{lang}:' mapping")
    for key in ("en", lang):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise GlossaryError(f"has no '{key}' term")
    translated = [t.strip() for t in re.sub(r"\s*[(（].*?[)）]", "", entry[lang]).split(" / ")]
    english = _english_terms(entry["en"])
    if len(english) != len(translated):
        raise GlossaryError(
            f"pairs {len(english)} English terms ({', '.join(english)}) with {len(translated)}"
            f" '{lang}' terms ({', '.join(translated)}); ' / ' must separate as many terms in"
            " every language"
        )
    return list(zip(english, translated))


def glossary_avoided(entry: dict, lang: str) -> list[str]:
    """The variants of one glossary entry that a `lang` page or lesson must not use.

    They are the entry's ``avoid: {ja: [...], ko: [...]}`` (optional; issue 13). Raises
    GlossaryError when ``avoid`` is not a mapping of languages to lists of non-empty strings.
    """
    avoid = entry.get("avoid") if isinstance(entry, dict) else None
    if avoid is None:
        return []
    if not isinstance(avoid, dict):
        raise GlossaryError("has an 'avoid' that is not a mapping such as {ja: [...], ko: [...]}")
    variants = avoid.get(lang, [])
    if not isinstance(variants, list) or not all(isinstance(v, str) and v.strip() for v in variants):
        raise GlossaryError(f"has an 'avoid' for '{lang}' that is not a list of non-empty strings")
    return [v.strip() for v in variants]


@dataclass(frozen=True)
class Avoided:
    """A variant a translation must not use, and the agreed term(s) of its glossary entry."""

    variant: str
    term: str  # the entry's agreed terms in the language, as written ("順伝播 / 逆伝播")


def load_avoided(
    root: Path, languages
) -> tuple[dict[str, list[Avoided]], dict[str, list[str]], list[Finding]]:
    """The avoided variants per language, the agreed terms per language, and the problems.

    An avoided variant that is itself an agreed term of some entry (in the same language) is an
    error: a page could not then use the agreed term. Problems of a malformed entry are left to
    load_glossary, which reports them once.
    """
    path, shown = root / GLOSSARY, GLOSSARY.as_posix()
    avoided: dict[str, list[Avoided]] = {lang: [] for lang in languages}
    agreed: dict[str, list[str]] = {lang: [] for lang in languages}
    if not path.exists():
        return avoided, agreed, []
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError:
        return avoided, agreed, []  # load_glossary reports it
    if not isinstance(entries, list):
        return avoided, agreed, []
    findings = []
    for lang in languages:
        for entry in entries:
            try:
                agreed[lang] += [term for _, term in glossary_pairs(entry, lang)]
            except GlossaryError:
                continue
        for number, entry in enumerate(entries, start=1):
            label = repr(entry.get("en")) if isinstance(entry, dict) else repr(entry)
            try:
                variants = glossary_avoided(entry, lang)
            except GlossaryError as error:
                findings.append(Finding("error", "glossary", shown, f"entry {number} {label} {error}"))
                continue
            for variant in variants:
                if variant in agreed[lang]:
                    message = (f"entry {number} {label} avoids '{variant}' in '{lang}', which is an"
                               " agreed term of the glossary")
                    findings.append(Finding("error", "glossary", shown, message))
                else:
                    avoided[lang].append(Avoided(variant, entry[lang].strip()))
    return avoided, agreed, findings


def avoided_findings(texts, path: str, avoided: list[Avoided], agreed: list[str]) -> list[Finding]:
    """Errors for the avoided variants in a translation's prose, one per variant and file.

    `texts` holds (where, text) pieces, e.g. ("line 12", ...) or ("cell 3", ...). An occurrence
    inside an occurrence of a longer agreed term that contains the variant is not reported.
    """
    findings = []
    for item in avoided:
        shields = [term for term in agreed if item.variant in term and term != item.variant]
        hits = []
        for where, text in texts:
            covered = [
                (m.start(), m.start() + len(term))
                for term in shields
                for m in re.finditer(re.escape(term), text)
            ]
            for m in re.finditer(re.escape(item.variant), text):
                if not any(start <= m.start() and m.end() <= end for start, end in covered):
                    excerpt = text[max(0, m.start() - 12): m.end() + 12].replace("\0", "…")
                    hits.append(f"{where}: «{' '.join(excerpt.split())}»")
        if hits:
            times = f"{len(hits)} times, first in " if len(hits) > 1 else "in "
            findings.append(Finding(
                "error", "avoided", path,
                f"'{item.variant}' is a variant to avoid; the glossary says '{item.term}'"
                f" ({times}{hits[0]})",
            ))
    return findings


def notebook_text(path: Path) -> list[tuple[str, str]]:
    """(\"cell N\", prose) for the Markdown cells of a notebook, read like a page's Markdown."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    pieces = []
    for number, cell in enumerate(nb["cells"], start=1):
        if cell["cell_type"] != "markdown":
            continue
        for token in MARKDOWN.parse("".join(cell["source"])):
            if token.type == "inline":
                pieces.append((f"cell {number}", prose_text(token.children or [])))
    return pieces


def load_glossary(root: Path, languages) -> tuple[dict[str, list[tuple[str, str]]], list[Finding]]:
    """The glossary's (English term, translation) pairs per language, and its problems.

    An entry that cannot be used is an error finding, so a mistake in data/glossary.yml
    fails the check instead of silently leaving the entry's terms unchecked.
    """
    path, shown = root / GLOSSARY, GLOSSARY.as_posix()
    pairs: dict[str, list[tuple[str, str]]] = {lang: [] for lang in languages}
    if not path.exists():
        return pairs, []
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as error:
        return pairs, [Finding("error", "glossary", shown, f"not valid YAML: {error}")]
    if not isinstance(entries, list):
        return pairs, [Finding("error", "glossary", shown, "must be a list of entries")]
    findings = []
    for number, entry in enumerate(entries, start=1):
        label = repr(entry.get("en")) if isinstance(entry, dict) else repr(entry)
        for lang in languages:
            try:
                pairs[lang] += glossary_pairs(entry, lang)
            except GlossaryError as error:
                message = f"entry {number} {label} {error}"
                findings.append(Finding("error", "glossary", shown, message))
    return pairs, findings


def glossary_findings(english: Page, translated: Page, path: str, pairs) -> list[Finding]:
    """Warnings for English glossary terms on the page whose agreed translation is not used."""
    findings = []
    text_en = english.prose.lower()
    for term_en, term_tr in pairs:
        if re.search(rf"\b{re.escape(term_en.lower())}\b", text_en) and term_tr not in (
            translated.prose
        ):
            findings.append(
                Finding("warning", "glossary", path, f"'{term_en}' should read '{term_tr}'")
            )
    return findings


def notebook_code(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def notebook_meta(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("dlspec", {})


# ---------------------------------------------------------------------------------------------
# The whole tree
# ---------------------------------------------------------------------------------------------
def check_tree(root: Path, languages=TRANSLATIONS, with_diff: bool = False) -> list[Finding]:
    """Every finding for the translations of `root`'s pages and lessons in `languages`."""
    docs, lessons = root / "docs", root / "lessons"
    glossary, findings = load_glossary(root, languages)
    avoided, agreed, problems = load_avoided(root, languages)
    findings += problems
    pages = sorted(p.relative_to(docs / "en") for p in (docs / "en").rglob("*.md"))
    notebooks = sorted(p.name for p in (lessons / "en").glob("*.ipynb")) if lessons.exists() else []

    findings += _english_front_matter(docs, pages)
    findings += _english_figure_markers(root, docs, pages)
    for lang in languages:
        for rel in pages:
            src, dst = docs / "en" / rel, docs / lang / rel
            shown = f"docs/{lang}/{rel.as_posix()}"
            if not dst.exists():
                findings.append(Finding("error", "missing", shown, f"no translation of docs/en/{rel.as_posix()}"))
                continue
            english_text = src.read_text(encoding="utf-8")
            english, translated = parse_page(english_text), parse_page(dst.read_text(encoding="utf-8"))
            findings += [Finding("error", "front-matter", shown, p) for p in translated.problems]
            findings += [Finding("error", "figure", shown, p) for p in translated.figure_problems]
            findings += compare_pages(english, translated, shown)
            findings += glossary_findings(english, translated, shown, glossary[lang])
            findings += avoided_findings(
                [(f"line {line}", text) for line, text in translated.text], shown,
                avoided[lang], agreed[lang],
            )
            findings += stale_findings(
                translated.meta.get("source_blob"), english_text, shown, root, with_diff
            )
        for name in notebooks:
            src, dst = lessons / "en" / name, lessons / lang / name
            shown = f"lessons/{lang}/{name}"
            if not dst.exists():
                findings.append(Finding("error", "missing", shown, f"no translation of lessons/en/{name}"))
                continue
            problem = _first_difference(notebook_code(src), notebook_code(dst), "code cells")
            if problem:
                findings.append(Finding("error", "diverge", shown, problem))
            findings += avoided_findings(notebook_text(dst), shown, avoided[lang], agreed[lang])
            findings += stale_findings(
                notebook_meta(dst).get("source_blob"), src.read_text(encoding="utf-8"), shown, root, with_diff
            )
    findings += figure_findings(root, languages, with_diff)
    return findings


def _english_front_matter(docs: Path, pages) -> list[Finding]:
    """Errors for English pages whose front matter MkDocs cannot read (once, not per language)."""
    findings = []
    for rel in pages:
        problem = front_matter_problem((docs / "en" / rel).read_text(encoding="utf-8"))
        if problem:
            findings.append(Finding("error", "front-matter", f"docs/en/{rel.as_posix()}", problem))
    return findings


def _english_figure_markers(root: Path, docs: Path, pages) -> list[Finding]:
    """Errors for English pages whose figure markers the site cannot show (once, not per language).

    A translation's markers must equal the English page's (compare_pages), so a marker naming a
    figure without sources is reported on the English page only.
    """
    findings = []
    for rel in pages:
        shown = f"docs/en/{rel.as_posix()}"
        page = parse_page((docs / "en" / rel).read_text(encoding="utf-8"))
        findings += [Finding("error", "figure", shown, p) for p in page.figure_problems]
        for name in dict.fromkeys(page.figures):
            absent = [f"figures/{name}{suffix}" for suffix in (".py", ".yml")
                      if not (root / "figures" / f"{name}{suffix}").exists()]
            if absent:
                findings.append(Finding(
                    "error", "figure", shown,
                    f"the marker of figure '{name}' names a figure without sources"
                    f" ({' and '.join(absent)} missing)",
                ))
    return findings


@contextmanager
def _figures_of(root: Path):
    """scripts/figures.py reading the figures of `root` (a fixture tree in the tests)."""
    saved = figures.SOURCES
    figures.SOURCES = root / "figures"
    try:
        yield
    finally:
        figures.SOURCES = saved


def figure_english(entry) -> str:
    """The English strings of a figure as one text: what its translations follow.

    The alt text, caption and labels as YAML with sorted keys, so re-wrapping a folded line or
    reordering the labels in NAME.yml does not make the translations stale; changing a word does.
    """
    entry = entry if isinstance(entry, dict) else {}
    part = {key: entry.get(key) for key in ("alt", "caption", "labels")}
    return yaml.safe_dump(part, allow_unicode=True, sort_keys=True, width=100)


def figure_findings(root: Path, languages, with_diff: bool = False) -> list[Finding]:
    """Errors for figures whose strings are incomplete or use an avoided variant (figure_text);
    warnings for stale translated strings."""
    findings = []
    if not (root / "figures").is_dir():
        return findings
    languages = tuple(languages)
    avoided, agreed, _ = load_avoided(root, languages)  # its problems: check_tree reports them
    with _figures_of(root):
        for name in figures.names():
            shown = f"figures/{name}.yml"
            try:
                problems = figures.problems(name)
                text = figures.strings(name) if (root / shown).exists() else None
            except yaml.YAMLError as error:
                findings.append(Finding("error", "figure", shown, f"not valid YAML: {error}"))
                continue
            except (AttributeError, TypeError):
                message = "must map en, ja and ko to their alt, caption and labels"
                findings.append(Finding("error", "figure", shown, message))
                continue
            for problem in problems:
                quoted = re.search(r"'(en|ja|ko)'", problem)
                if quoted and quoted.group(1) not in ("en", *languages):
                    continue  # a language this run does not check
                message = problem.removeprefix(f"{shown}: ")
                findings.append(Finding("error", "figure", shown, message))
            if not isinstance(text, dict) or not isinstance(text.get("en"), dict):
                continue
            english = figure_english(text["en"])
            for lang in languages:
                if isinstance(text.get(lang), dict):
                    findings += avoided_findings(
                        figure_text(text[lang]), shown, avoided[lang], agreed[lang]
                    )
                    findings += _figure_stale(
                        text[lang].get("source_blob"), english, lang, shown, root, with_diff
                    )
    return findings


def figure_text(entry: dict) -> list[tuple[str, str]]:
    """(\"alt\" / \"caption\" / \"label KEY\", text) for one language's strings of a figure.

    The strings are plain text (the site escapes them; matplotlib draws the labels), so they are
    searched as written.
    """
    pieces = [(key, str(entry.get(key) or "")) for key in ("alt", "caption")]
    labels = entry.get("labels") if isinstance(entry.get("labels"), dict) else {}
    return pieces + [(f"label {key}", str(value)) for key, value in labels.items()]


def _figure_stale(recorded, english, lang, shown, root, with_diff) -> list[Finding]:
    """A warning when a figure's strings in `lang` record no English revision or an older one."""
    current = blob_id(english.encode("utf-8"))
    if not recorded:
        return [Finding("warning", "stale", shown,
                        f"'{lang}' strings record no source_blob (run with --stamp {shown})")]
    if recorded == current:
        return []
    message = f"'{lang}' strings follow older English strings ({recorded[:10]} -> {current[:10]})"
    if with_diff:
        old = figure_english_at(recorded, root, shown)
        if old is None:
            message += "; the old English strings are not in the git history of " + shown
        else:
            diff = difflib.unified_diff(
                old.splitlines(), english.splitlines(), "English then", "English now", lineterm=""
            )
            message += "\n" + "\n".join(diff)
    return [Finding("warning", "stale", shown, message)]


def figure_english_at(blob: str, root: Path, shown: str) -> str | None:
    """The English strings a figure's translation was made from, found in the git history of
    its NAME.yml (the staged version first, then every commit that changed the file)."""
    try:
        log = subprocess.run(
            ["git", "log", "--format=%H", "--", shown], cwd=root, capture_output=True, check=True
        ).stdout.decode().split()
    except (OSError, subprocess.CalledProcessError):
        log = []
    for revision in ["", *log]:
        try:
            out = subprocess.run(
                ["git", "show", f"{revision}:{shown}"], cwd=root, capture_output=True, check=True
            )
            english = figure_english((yaml.safe_load(out.stdout.decode("utf-8")) or {}).get("en"))
        except (OSError, subprocess.CalledProcessError, yaml.YAMLError, AttributeError):
            continue
        if blob_id(english.encode("utf-8")) == blob:
            return english
    return None


def stale_findings(recorded, english_text, shown, root, with_diff):
    """A warning when the translation records no English revision or an older one."""
    current = blob_id(english_text.encode("utf-8"))
    if not recorded:
        return [Finding("warning", "stale", shown, "records no source_blob (run with --stamp)")]
    if recorded == current:
        return []
    message = f"English changed since translation ({recorded[:10]} -> {current[:10]})"
    if with_diff:
        old = english_at(recorded, root)
        if old is None:
            message += "; the old English text is not in git"
        else:
            diff = difflib.unified_diff(
                old.splitlines(), english_text.splitlines(), "English then", "English now", lineterm=""
            )
            message += "\n" + "\n".join(diff)
    return [Finding("warning", "stale", shown, message)]


def stamp(path: Path, root: Path = ROOT, languages=TRANSLATIONS) -> str:
    """Record in a translation the blob id of the English file it now follows.

    For a figure's strings (``figures/NAME.yml``) the blob id of its English strings is recorded
    in the blocks of `languages` (stamp_figure).

    Raises ValueError for a page whose front matter MkDocs cannot read: rewriting it would
    put a second front matter in front of the broken one.
    """
    path = path.resolve()
    rel = path.relative_to(root)
    if rel.parts[0] == "figures":
        return stamp_figure(path, root, languages)
    kind, lang, *rest = rel.parts
    english = root.joinpath(kind, "en", *rest)
    blob = blob_id(english.read_bytes())
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        nb.setdefault("metadata", {}).setdefault("dlspec", {})["source_blob"] = blob
        path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        problem = front_matter_problem(text)
        if problem:
            raise ValueError(f"{rel.as_posix()}: {problem}")
        meta, body = split_front_matter(text)
        meta["source_blob"] = blob
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True)
        path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return blob


def stamp_figure(path: Path, root: Path = ROOT, languages=TRANSLATIONS) -> str:
    """Record in a figure's ja/ko blocks the blob id of its current English strings.

    The line ``source_blob: ...`` is written (or replaced) at the top of each language's block
    of NAME.yml; the rest of the file is kept as written (folded alt texts, one-line labels).
    Raises ValueError when the file has no English strings or a language has no block of its
    own (``ja:`` on a line by itself, its strings indented below).
    """
    shown = path.relative_to(root).as_posix()
    if path.suffix != ".yml":
        raise ValueError(f"{shown}: stamp the figure's strings, figures/NAME.yml")
    text = path.read_text(encoding="utf-8")
    before = yaml.safe_load(text)
    if not isinstance(before, dict) or not isinstance(before.get("en"), dict):
        raise ValueError(f"{shown}: no English strings ('en:') to follow")
    blob = blob_id(figure_english(before["en"]).encode("utf-8"))
    for lang in languages:
        text = _with_source_blob(text, lang, blob, shown)
    after = yaml.safe_load(text)
    for lang in languages:  # the file must read as before, with the new source_blob lines only
        recorded = after[lang].pop("source_blob", None) if isinstance(after[lang], dict) else None
        if isinstance(before[lang], dict):
            before[lang].pop("source_blob", None)
        if recorded != blob:
            raise ValueError(f"{shown}: could not record source_blob in the '{lang}:' block")
    if after != before:
        raise ValueError(f"{shown}: recording source_blob would change its strings; not written")
    path.write_text(text, encoding="utf-8")
    return blob


def _with_source_blob(text: str, lang: str, blob: str, shown: str) -> str:
    """`text` (a NAME.yml) with ``source_blob: blob`` at the top of the block of `lang`."""
    lines = text.splitlines(keepends=True)
    start = next(
        (i for i, line in enumerate(lines) if re.fullmatch(rf"{lang}:\s*(#.*)?", line.rstrip())),
        None,
    )
    if start is None:
        raise ValueError(
            f"{shown}: no '{lang}:' block (write '{lang}:' on a line of its own, its strings"
            " indented below it)"
        )
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].strip() and not lines[i][0].isspace()),
        len(lines),
    )
    for i in range(start + 1, end):
        recorded = re.fullmatch(r"(\s+)source_blob:.*", lines[i].rstrip("\n"))
        if recorded:
            lines[i] = f"{recorded.group(1)}source_blob: {blob}\n"
            return "".join(lines)
    body = [line for line in lines[start + 1:end] if line.strip()]
    if not body:
        raise ValueError(f"{shown}: the '{lang}:' block is empty")
    indent = body[0][: len(body[0]) - len(body[0].lstrip())]
    lines.insert(start + 1, f"{indent}source_blob: {blob}\n")
    return "".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--diff", action="store_true", help="print English changes of stale pages")
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--lang", nargs="+", default=list(TRANSLATIONS), choices=TRANSLATIONS)
    parser.add_argument("--stamp", nargs="+", type=Path, metavar="FILE",
                        help="mark these translations (or figures/NAME.yml: its strings in the"
                             " --lang languages) as following the current English")
    args = parser.parse_args(argv)
    if args.stamp:
        for path in args.stamp:
            try:
                blob = stamp(path, args.root.resolve(), tuple(args.lang))
                print(f"{path}: source_blob {blob[:10]}")
            except ValueError as error:
                print(f"error: {error}", file=sys.stderr)
                return 1
        return 0
    findings = check_tree(args.root, tuple(args.lang), with_diff=args.diff)
    for finding in findings:
        print(finding)
    errors = sum(f.level == "error" for f in findings)
    print(f"{errors} errors, {len(findings) - errors} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
