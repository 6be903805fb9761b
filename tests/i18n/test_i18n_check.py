"""The translation checker (scripts/i18n_check.py) on small fixture trees, and on the repo."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sitepaths import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import i18n_check  # noqa: E402

ENGLISH = """# Title { #title }

Text about logistic regression and the learning rate, see [notation](notation.md).

## Section { #section }

$$
J = \\frac{1}{m} \\sum_i L_i
$$

```python
x = 1
assert x == 1
```
"""

JAPANESE = """# 題名 { #title }

ロジスティック回帰と学習率についての文章です。[記法](notation.md)を参照してください。

## 節 { #section }

$$
J = \\frac{1}{m} \\sum_i L_i
$$

```python
x = 1
assert x == 1
```
"""

GLOSSARY = """- en: "logistic regression"
  ja: "ロジスティック回帰"
  ko: "로지스틱 회귀"
- en: "learning rate"
  ja: "学習率"
  ko: "학습률"
"""


def notebook(cells):
    return json.dumps(
        {
            "cells": [
                {"cell_type": kind, "metadata": {}, "source": src}
                | ({"outputs": [], "execution_count": None} if kind == "code" else {})
                for kind, src in cells
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


@pytest.fixture()
def tree(tmp_path):
    """An English page and lesson with a correct, stamped Japanese translation."""
    for path, text in {
        "docs/en/page.md": ENGLISH,
        "docs/ja/page.md": JAPANESE,
        "data/glossary.yml": GLOSSARY,
        "lessons/en/c1w2-x.ipynb": notebook([("markdown", "# Lesson"), ("code", "print(1)")]),
        "lessons/ja/c1w2-x.ipynb": notebook([("markdown", "# レッスン"), ("code", "print(1)")]),
    }.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    i18n_check.stamp(tmp_path / "docs/ja/page.md", tmp_path)
    i18n_check.stamp(tmp_path / "lessons/ja/c1w2-x.ipynb", tmp_path)
    return tmp_path


def findings(root, **kwargs):
    return [(f.level, f.kind, f.path) for f in i18n_check.check_tree(root, ("ja",), **kwargs)]


def edit(path, old, new):
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def test_a_faithful_stamped_translation_passes(tree):
    assert findings(tree) == []


def test_a_missing_page_and_lesson_are_errors(tree):
    (tree / "docs/ja/page.md").unlink()
    (tree / "lessons/ja/c1w2-x.ipynb").unlink()
    assert findings(tree) == [
        ("error", "missing", "docs/ja/page.md"),
        ("error", "missing", "lessons/ja/c1w2-x.ipynb"),
    ]


def test_an_english_change_makes_the_translation_stale_with_a_diff(tree):
    subprocess.run(["git", "init", "-q"], cwd=tree, check=True)
    subprocess.run(["git", "add", "-A"], cwd=tree, check=True)
    edit(tree / "docs/en/page.md", "Text about", "A longer text about")
    assert findings(tree) == [("warning", "stale", "docs/ja/page.md")]
    (stale,) = i18n_check.check_tree(tree, ("ja",), with_diff=True)
    assert "-Text about logistic" in stale.message and "+A longer text about" in stale.message


def test_stamping_clears_the_stale_state(tree):
    edit(tree / "docs/en/page.md", "Text about", "A longer text about")
    i18n_check.stamp(tree / "docs/ja/page.md", tree)
    assert findings(tree) == []


@pytest.mark.parametrize(
    "old,new,message",
    [
        ("x = 1\nassert", "x = 2\nassert", "code blocks #1 differs"),
        ("\\sum_i L_i", "\\sum_{i} L_i", "display equations #1 differs"),
        ("## 節 { #section }", "## 節", "keep the English anchor { #section }"),
        ("## 節 { #section }", "### 節 { #section }", "heading level 3"),
        ("## 節 { #section }\n", "## 節 { #section }\n\n## 余分 { #extra }\n", "3 headings"),
        ("(notation.md)", "(glossary.md)", "links differ"),
    ],
)
def test_each_kind_of_divergence_is_an_error(tree, old, new, message):
    edit(tree / "docs/ja/page.md", old, new)
    (finding,) = i18n_check.check_tree(tree, ("ja",))
    assert (finding.level, finding.kind) == ("error", "diverge")
    assert message in finding.message


def test_a_changed_notebook_code_cell_is_an_error(tree):
    edit(tree / "lessons/ja/c1w2-x.ipynb", "print(1)", "print(2)")
    (finding,) = i18n_check.check_tree(tree, ("ja",))
    assert (finding.kind, finding.path) == ("diverge", "lessons/ja/c1w2-x.ipynb")
    assert "code cells #1 differs" in finding.message


def test_a_glossary_term_not_used_is_a_warning(tree):
    edit(tree / "docs/ja/page.md", "学習率", "ラーニングレート")
    i18n_check.stamp(tree / "docs/ja/page.md", tree)
    assert findings(tree) == [("warning", "glossary", "docs/ja/page.md")]


def test_paired_glossary_terms_are_split_into_whole_terms():
    entry = {"en": "cost / loss function", "ja": "コスト関数 / 損失関数", "ko": "x / y"}
    assert i18n_check.glossary_pairs(entry, "ja") == [
        ("cost function", "コスト関数"),
        ("loss function", "損失関数"),
    ]


def test_the_command_exits_nonzero_on_errors_only(tree):
    assert i18n_check.main(["--root", str(tree), "--lang", "ja"]) == 0
    edit(tree / "docs/en/page.md", "Text about", "A longer text about")
    assert i18n_check.main(["--root", str(tree), "--lang", "ja"]) == 0  # stale: a warning
    (tree / "docs/ja/page.md").unlink()
    assert i18n_check.main(["--root", str(tree), "--lang", "ja"]) == 1


def test_no_translation_in_the_repository_diverges():
    # Missing translations fall back to English with a notice and stale ones show a notice:
    # neither fails CI (make i18n reports them). A diverging translation does.
    errors = [str(f) for f in i18n_check.check_tree(ROOT) if f.kind == "diverge"]
    assert not errors, "\n".join(errors)


# ---------------------------------------------------------------------------------------------
# What the Markdown parser finds that lines and regular expressions did not
# ---------------------------------------------------------------------------------------------
def add_to_both(tree, english, japanese):
    """Append a passage to the English page and its translation; the translation stays current."""
    for path, text in (("docs/en/page.md", english), ("docs/ja/page.md", japanese)):
        page = tree / path
        page.write_text(page.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")
    i18n_check.stamp(tree / "docs/ja/page.md", tree)


@pytest.mark.parametrize(
    "english,japanese,message",
    [
        pytest.param(
            "See [the notes][notes].\n\n[notes]: notes.md\n",
            "[注][notes]を参照してください。\n\n[notes]: other.md\n",
            "links differ from English (missing ['notes.md'], extra ['other.md'])",
            id="reference-link-target",
        ),
        pytest.param(
            "$$E = m c^2$$\n", "$$E = m c^3$$\n",
            "display equations #2 differs from English ('E = m c^2' vs 'E = m c^3')",
            id="one-line-display-math",
        ),
        pytest.param(
            "Before the code.\n\n    y = 2\n    print(y)\n",
            "コードの前。\n\n    y = 3\n    print(y)\n",
            "code blocks #2 differs from English ('y = 2' vs 'y = 3')",
            id="indented-code",
        ),
        pytest.param(
            "<!--pytest-codeblocks:skip-->\n```python\nz = 1\n```\n",
            "```python\nz = 1\n```\n",
            "code blocks #2 differs from English",
            id="pytest-codeblocks-comment",
        ),
        pytest.param(
            "The rate $\\alpha$ is small.\n", "率 $\\beta$ は小さい。\n",
            "inline math of the English missing or changed: ['\\\\alpha']",
            id="inline-math",
        ),
    ],
)
def test_divergences_only_a_markdown_parser_sees_are_errors(tree, english, japanese, message):
    add_to_both(tree, english, japanese)
    (finding,) = i18n_check.check_tree(tree, ("ja",))
    assert (finding.level, finding.kind, finding.path) == ("error", "diverge", "docs/ja/page.md")
    assert message in finding.message


def test_equal_reference_links_and_one_line_math_pass(tree):
    add_to_both(
        tree,
        "See [the notes][notes] and $\\alpha$.\n\n$$E = m c^2$$\n\n[notes]: notes.md\n",
        "[注][notes]と $\\alpha$ を参照。\n\n$$E = m c^2$$\n\n[notes]: notes.md\n",
    )
    assert findings(tree) == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("```text\n$$\nx\n$$\n[x](y) and $$z$$\n```\n", id="fence"),
        pytest.param(
            "!!! example \"Markdown\"\n    ```text\n    $$\n    x\n    $$\n    [x](y)\n    ```\n",
            id="fence-in-admonition",
        ),
        pytest.param("> ```text\n> $$\n> x\n> $$\n> [x](y)\n> ```\n", id="fence-in-blockquote"),
        pytest.param("Text.\n\n    $$\n    x\n    $$\n    [x](y)\n", id="indented-code"),
    ],
)
def test_math_and_links_inside_code_blocks_are_code(text):
    page = i18n_check.parse_page(text)
    assert (page.math, page.links, len(page.code)) == ([], [], 1)
    assert "[x](y)" in page.code[0]


FRONT_MATTER = {
    "quoted-colon": (
        '---\ntitle: "Week 2: basics"\nsource_blob: abc\n---\n# T\n',
        {"title": "Week 2: basics", "source_blob": "abc"},
    ),
    "closed-by-dots": ("---\nsource_blob: abc\n...\n# T\n", {"source_blob": "abc"}),
    "blank-line-after": ("---\nsource_blob: abc\n---\n\n# T\n", {"source_blob": "abc"}),
}


@pytest.mark.parametrize("text,expected", FRONT_MATTER.values(), ids=FRONT_MATTER.keys())
def test_front_matter_is_read_by_the_mkdocs_meta_parser(text, expected):
    from mkdocs.utils import meta

    page = i18n_check.parse_page(text)
    assert page.meta == expected == meta.get_data(text)[1]
    assert page.headings == [(1, None)]


def test_front_matter_mkdocs_cannot_read_is_an_error(tree):
    # An unquoted ': ' inside a value is not YAML. MkDocs then shows the block as text (here a
    # rule and a heading), and the translation's source_blob is lost: say why, not only that.
    edit(tree / "docs/ja/page.md", "---\n", "---\ntitle: 第1週: 基礎\n")
    assert findings(tree) == [
        ("error", "front-matter", "docs/ja/page.md"),
        ("error", "diverge", "docs/ja/page.md"),
        ("warning", "stale", "docs/ja/page.md"),
    ]
    assert "must be quoted" in i18n_check.check_tree(tree, ("ja",))[0].message
    with pytest.raises(ValueError, match="front matter"):
        i18n_check.stamp(tree / "docs/ja/page.md", tree)


def test_stamping_keeps_a_front_matter_value_with_a_colon(tree):
    edit(tree / "docs/ja/page.md", "---\n", '---\ntitle: "第1週: 基礎"\n')
    i18n_check.stamp(tree / "docs/ja/page.md", tree)
    page = i18n_check.parse_page((tree / "docs/ja/page.md").read_text(encoding="utf-8"))
    assert page.meta["title"] == "第1週: 基礎"
    assert findings(tree) == []


def test_a_glossary_entry_whose_terms_do_not_pair_up_is_an_error(tree):
    (tree / "data/glossary.yml").write_text(
        GLOSSARY + '- en: "cost / loss function"\n  ja: "損失関数"\n  ko: "비용 함수 / 손실 함수"\n',
        encoding="utf-8",
    )
    (finding,) = i18n_check.check_tree(tree, ("ja",))
    assert (finding.level, finding.kind, finding.path) == ("error", "glossary", "data/glossary.yml")
    assert "entry 3 'cost / loss function'" in finding.message and "'ja'" in finding.message
    with pytest.raises(ValueError, match="2 English terms"):
        i18n_check.glossary_pairs({"en": "cost / loss function", "ja": "損失関数"}, "ja")
    assert i18n_check.main(["--root", str(tree), "--lang", "ja"]) == 1


def test_brackets_and_parentheses_in_math_are_not_links():
    # The course's notation $a^{[1](i)}$ looked like a link to "i" to the old regular expression.
    page = i18n_check.parse_page("The activation $a^{[1](i)}$, and\n\n$$\nz^{[2](i)}\n$$\n")
    assert page.links == []
    assert page.inline_math == ["a^{[1](i)}"] and page.math == ["z^{[2](i)}"]
