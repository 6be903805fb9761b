"""Check the Japanese and Korean pages and lessons against the English ones.

    python scripts/i18n_check.py            # report; exit 1 on any error
    python scripts/i18n_check.py --diff     # also print the English changes behind stale pages
    python scripts/i18n_check.py --stamp docs/ja/c1/w2.md   # mark a translation as up to date

A translation is compared with its English source for:

* missing   the English page or lesson has no translation in a language (error);
* stale     the translation's front matter records the git blob id of the English file it was
            translated from (``source_blob``); the English file has changed since (warning);
* diverge   code blocks, display equations, heading count, heading anchors, link and image
            targets, or (lessons) code cells differ from English (error);
* glossary  an English glossary term occurs in the English page but the agreed translation
            from data/glossary.yml does not occur in the translation (warning).

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
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ("ja", "ko")

FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
ANCHOR = re.compile(r"\{\s*#([\w-]+)\s*\}\s*$")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


# ---------------------------------------------------------------------------------------------
# Reading a Markdown page
# ---------------------------------------------------------------------------------------------
@dataclass
class Page:
    meta: dict
    code: list[str] = field(default_factory=list)
    math: list[str] = field(default_factory=list)
    headings: list[tuple[int, str | None]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    prose: str = ""


def split_front_matter(text: str) -> tuple[dict, str]:
    m = FRONT_MATTER.match(text)
    if not m:
        return {}, text
    return yaml.safe_load(m.group(1)) or {}, text[m.end():]


def parse_page(text: str) -> Page:
    meta, body = split_front_matter(text)
    page = Page(meta=meta)
    prose: list[str] = []
    lines = body.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = FENCE.match(line)
        if fence:
            ticks = fence.group(2)
            block = [line.strip()]
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(ticks):
                block.append(lines[i])
                i += 1
            page.code.append("\n".join(block))
        elif line.strip() == "$$":
            block = []
            i += 1
            while i < len(lines) and lines[i].strip() != "$$":
                block.append(lines[i])
                i += 1
            page.math.append("\n".join(block))
        else:
            heading = HEADING.match(line)
            if heading:
                anchor = ANCHOR.search(heading.group(2))
                page.headings.append((len(heading.group(1)), anchor.group(1) if anchor else None))
            page.links.extend(LINK.findall(line))
            prose.append(line)
        i += 1
    page.prose = "\n".join(prose)
    return page


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
    kind: str  # missing, stale, diverge, glossary
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.kind}: {self.path}: {self.message}"


def _first_difference(a: list[str], b: list[str], what: str) -> str | None:
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


def compare_pages(english: Page, translated: Page, path: str) -> list[Finding]:
    findings = []

    def diverge(message):
        findings.append(Finding("error", "diverge", path, message))

    for problem in (
        _first_difference(english.code, translated.code, "code blocks"),
        _first_difference(english.math, translated.math, "display equations"),
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
    return findings


def _english_terms(entry: str) -> list[str]:
    """'cost / loss function' -> ['cost function', 'loss function']; parentheses dropped."""
    parts = [p.strip() for p in re.sub(r"\s*\(.*?\)", "", entry).split(" / ")]
    last = parts[-1].split()
    if len(last) > 1 and all(len(p.split()) == 1 for p in parts[:-1]):
        suffix = " ".join(last[1:])
        parts = [f"{p} {suffix}" for p in parts[:-1]] + [parts[-1]]
    return parts


def glossary_pairs(entry: dict, lang: str) -> list[tuple[str, str]]:
    """(English term, agreed translation) pairs of one glossary entry."""
    translated = [t.strip() for t in re.sub(r"\s*[(（].*?[)）]", "", entry[lang]).split(" / ")]
    english = _english_terms(entry["en"])
    return list(zip(english, translated)) if len(english) == len(translated) else []


def glossary_findings(english: Page, translated: Page, lang: str, path: str, glossary):
    findings = []
    text_en = english.prose.lower()
    for entry in glossary:
        for term_en, term_tr in glossary_pairs(entry, lang):
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
    docs, lessons = root / "docs", root / "lessons"
    glossary_file = root / "data" / "glossary.yml"
    glossary = yaml.safe_load(glossary_file.read_text(encoding="utf-8")) if glossary_file.exists() else []
    findings: list[Finding] = []
    pages = sorted(p.relative_to(docs / "en") for p in (docs / "en").rglob("*.md"))
    notebooks = sorted(p.name for p in (lessons / "en").glob("*.ipynb")) if lessons.exists() else []

    for lang in languages:
        for rel in pages:
            src, dst = docs / "en" / rel, docs / lang / rel
            shown = f"docs/{lang}/{rel.as_posix()}"
            if not dst.exists():
                findings.append(Finding("error", "missing", shown, f"no translation of docs/en/{rel.as_posix()}"))
                continue
            english_text = src.read_text(encoding="utf-8")
            english, translated = parse_page(english_text), parse_page(dst.read_text(encoding="utf-8"))
            findings += compare_pages(english, translated, shown)
            findings += glossary_findings(english, translated, lang, shown, glossary)
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
            findings += stale_findings(
                notebook_meta(dst).get("source_blob"), src.read_text(encoding="utf-8"), shown, root, with_diff
            )
    return findings


def stale_findings(recorded, english_text, shown, root, with_diff):
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


def stamp(path: Path, root: Path = ROOT) -> str:
    """Record in a translation the blob id of the English file it now follows."""
    path = path.resolve()
    rel = path.relative_to(root)
    kind, lang, *rest = rel.parts
    english = root.joinpath(kind, "en", *rest)
    blob = blob_id(english.read_bytes())
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        nb.setdefault("metadata", {}).setdefault("dlspec", {})["source_blob"] = blob
        path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    else:
        meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        meta["source_blob"] = blob
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True)
        path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return blob


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--diff", action="store_true", help="print English changes of stale pages")
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--lang", nargs="+", default=list(TRANSLATIONS), choices=TRANSLATIONS)
    parser.add_argument("--stamp", nargs="+", type=Path, metavar="FILE",
                        help="mark these translations as following the current English file")
    args = parser.parse_args(argv)
    if args.stamp:
        for path in args.stamp:
            print(f"{path}: source_blob {stamp(path, args.root.resolve())[:10]}")
        return 0
    findings = check_tree(args.root, tuple(args.lang), with_diff=args.diff)
    for finding in findings:
        print(finding)
    errors = sum(f.level == "error" for f in findings)
    print(f"{errors} errors, {len(findings) - errors} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
