"""The translation checker (scripts/i18n_check.py) on small fixture trees, and on the repo."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

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


# ---------------------------------------------------------------------------------------------
# Avoided variants: `avoid: {ja: [...]}` in data/glossary.yml (issue 13)
# ---------------------------------------------------------------------------------------------
AVOIDING = GLOSSARY + """- en: "deep learning"
  ja: "ディープラーニング"
  ko: "딥러닝"
  avoid: {ja: ["深層学習"], ko: ["심층 학습"]}
- en: "back propagation"
  ja: "誤差逆伝播法"
  ko: "역전파"
  avoid: {ja: ["逆伝播"]}
"""


@pytest.fixture()
def avoiding(tree):
    """The faithful tree, with a glossary that avoids 深層学習 and 逆伝播 in Japanese."""
    (tree / "data/glossary.yml").write_text(AVOIDING, encoding="utf-8")
    return tree


def avoided(root):
    return [f for f in i18n_check.check_tree(root, ("ja",)) if f.kind == "avoided"]


def test_a_faithful_translation_passes_with_avoided_variants_listed(avoiding):
    assert findings(avoiding) == []


@pytest.mark.parametrize(
    "sentence,variant",
    [
        ("深層学習の文章です。", "深層学習"),
        ("**深層**学習の文章です。", "深層学習"),  # emphasis does not hide a word
        ("[深層学習](notation.md)の文章です。", "深層学習"),  # nor does a link
        ("逆伝播の文章です。", "逆伝播"),
        ("誤差逆伝播法と逆伝播の文章です。", "逆伝播"),  # the bare one, beside the agreed term
    ],
)
def test_an_avoided_variant_in_a_page_is_an_error(avoiding, sentence, variant):
    edit(avoiding / "docs/ja/page.md", "ロジスティック回帰と学習率についての文章です。",
         "ロジスティック回帰と学習率について。" + sentence)
    edit(avoiding / "docs/ja/page.md", "[記法](notation.md)を参照してください。",
         "" if "notation.md" in sentence else "[記法](notation.md)を参照してください。")
    (finding,) = avoided(avoiding)
    assert (finding.level, finding.path) == ("error", "docs/ja/page.md")
    assert f"'{variant}' is a variant to avoid" in finding.message
    assert "line 6" in finding.message  # the page's own line, front matter included
    assert i18n_check.main(["--root", str(avoiding), "--lang", "ja"]) == 1


def test_an_avoided_variant_in_a_heading_is_found_and_counted(avoiding):
    edit(avoiding / "docs/ja/page.md", "## 節 { #section }", "## 深層学習 { #section }")
    edit(avoiding / "docs/ja/page.md", "についての文章です。", "についての文章です。深層学習。")
    (finding,) = avoided(avoiding)
    assert "2 times, first in line 6" in finding.message


@pytest.mark.parametrize(
    "sentence",
    [
        "誤差逆伝播法の文章です。",  # 逆伝播 inside the agreed term 誤差逆伝播法
        "`deep = \"深層学習\"` の文章です。",  # inline code
        "$\\text{深層学習}$ の文章です。",  # inline math
        "深層<br>学習の文章です。",  # inline HTML splits the words
    ],
)
def test_variants_in_agreed_terms_code_and_math_are_not_errors(avoiding, sentence):
    edit(avoiding / "docs/ja/page.md", "ロジスティック回帰と学習率についての文章です。",
         "ロジスティック回帰と学習率について。" + sentence)
    assert avoided(avoiding) == []


def test_variants_in_code_blocks_and_display_math_are_not_errors(avoiding):
    for language in ("en", "ja"):
        edit(avoiding / f"docs/{language}/page.md", "x = 1\nassert", "x = '深層学習'\nassert")
        edit(avoiding / f"docs/{language}/page.md", "\\sum_i L_i", "\\sum_i L_i \\text{逆伝播}")
    i18n_check.stamp(avoiding / "docs/ja/page.md", avoiding)
    assert findings(avoiding) == []


def test_another_languages_variants_are_not_checked(avoiding):
    edit(avoiding / "docs/ja/page.md", "についての文章です。", "についての文章です。심층 학습。")
    assert avoided(avoiding) == []


def test_an_avoided_variant_in_a_lesson_markdown_cell_is_an_error(avoiding):
    edit(avoiding / "lessons/ja/c1w2-x.ipynb", "# レッスン", "# 深層学習のレッスン")
    (finding,) = avoided(avoiding)
    assert finding.path == "lessons/ja/c1w2-x.ipynb" and "cell 1" in finding.message


def test_an_avoided_variant_in_a_lesson_code_cell_is_not_prose(avoiding):
    for language in ("en", "ja"):
        edit(avoiding / f"lessons/{language}/c1w2-x.ipynb", "print(1)", "print('深層学習')")
    assert avoided(avoiding) == []


@pytest.mark.parametrize(
    "avoid,message",
    [
        ('avoid: {ja: ["ディープラーニング"]}', "which is an agreed term"),
        ('avoid: {ja: ["学習率"]}', "which is an agreed term"),  # another entry's term
        ('avoid: ["深層学習"]', "not a mapping"),
        ('avoid: {ja: "深層学習"}', "not a list of non-empty strings"),
        ('avoid: {ja: [""]}', "not a list of non-empty strings"),
    ],
)
def test_an_avoid_list_the_check_cannot_use_is_an_error(avoiding, avoid, message):
    edit(avoiding / "data/glossary.yml", 'avoid: {ja: ["深層学習"], ko: ["심층 학습"]}', avoid)
    (finding,) = [f for f in i18n_check.check_tree(avoiding, ("ja",)) if f.kind == "glossary"]
    assert finding.path == "data/glossary.yml" and "entry 3 'deep learning'" in finding.message
    assert message in finding.message


def test_no_translation_in_the_repository_uses_an_avoided_variant():
    # One idea, one name: the site passes the check the fixtures fail (pages, lessons, figures).
    found = [str(f) for f in i18n_check.check_tree(ROOT) if f.kind == "avoided"]
    assert not found, "\n".join(found)


def test_the_repository_glossary_avoid_lists_are_usable():
    problems = i18n_check.load_avoided(ROOT, i18n_check.TRANSLATIONS)[2]
    assert not problems, "\n".join(map(str, problems))


def test_brackets_and_parentheses_in_math_are_not_links():
    # The course's notation $a^{[1](i)}$ looked like a link to "i" to the old regular expression.
    page = i18n_check.parse_page("The activation $a^{[1](i)}$, and\n\n$$\nz^{[2](i)}\n$$\n")
    assert page.links == []
    assert page.inline_math == ["a^{[1](i)}"] and page.math == ["z^{[2](i)}"]


# ---------------------------------------------------------------------------------------------
# Figures drawn by code: figures/NAME.py + figures/NAME.yml, shown by a marker on the page
# ---------------------------------------------------------------------------------------------
FIGURE_STRINGS = """en:
  alt: >-
    A line rising from 0 to 1.
  caption: A rising line.
  labels: {x: "input", y: "output"}
ja:
  alt: >-
    0 から 1 へ上がる直線。
  caption: 上がる直線。
  labels: {x: "入力", y: "出力"}
ko:
  alt: >-
    0에서 1로 올라가는 직선.
  caption: 올라가는 직선.
  labels: {x: "입력", y: "출력"}
"""

FIGURE_CODE = "def draw(text):\n    raise NotImplementedError  # the check never draws\n"
MARKER = "<!-- dlspec:figure c1w2-line -->"


@pytest.fixture()
def figure_tree(tree):
    """The tree with a figure shown on the page and its translation, its strings stamped."""
    (tree / "figures").mkdir()
    (tree / "figures/c1w2-line.py").write_text(FIGURE_CODE, encoding="utf-8")
    (tree / "figures/c1w2-line.yml").write_text(FIGURE_STRINGS, encoding="utf-8")
    add_to_both(
        tree, f"The line:\n\n{MARKER}\n\nAfter it.\n", f"直線:\n\n{MARKER}\n\nその後。\n"
    )
    i18n_check.stamp(tree / "figures/c1w2-line.yml", tree)
    return tree


def test_a_figure_with_complete_stamped_strings_passes(figure_tree):
    assert findings(figure_tree) == []
    assert i18n_check.parse_page(MARKER + "\n").figures == ["c1w2-line"]


@pytest.mark.parametrize(
    "old,new,message",
    [
        pytest.param("ja:\n", "jp:\n", "has no 'ja' strings", id="language"),
        pytest.param(
            "  alt: >-\n    0 から 1 へ上がる直線。", '  alt: ""', "'ja' has no alt", id="alt"
        ),
        pytest.param(
            "caption: 上がる直線。", "caption: ' '", "'ja' has no caption", id="caption"
        ),
        pytest.param('y: "出力"', 'z: "出力"', "'ja' labels differ from English (missing ['y'],"
                     " extra ['z'])", id="label-keys"),
    ],
)
def test_incomplete_figure_strings_are_errors(figure_tree, old, new, message):
    # figures.problems() decides what is incomplete; the check reports each as an error.
    edit(figure_tree / "figures/c1w2-line.yml", old, new)
    (finding,) = [f for f in i18n_check.check_tree(figure_tree, ("ja",)) if f.level == "error"]
    assert (finding.kind, finding.path) == ("figure", "figures/c1w2-line.yml")
    assert message in finding.message
    assert i18n_check.main(["--root", str(figure_tree), "--lang", "ja"]) == 1


def test_figure_strings_of_a_language_not_checked_are_not_reported(figure_tree):
    edit(figure_tree / "figures/c1w2-line.yml", 'y: "출력"', 'z: "출력"')
    assert findings(figure_tree) == []  # ja only
    assert ("error", "figure", "figures/c1w2-line.yml") in [
        (f.level, f.kind, f.path) for f in i18n_check.check_tree(figure_tree, ("ko",))
    ]


@pytest.mark.parametrize(
    "page,message",
    [
        ("docs/ja/page.md", "figure markers differ from English (missing ['c1w2-line'], extra [])"),
        ("docs/en/page.md", "figure markers differ from English (missing [], extra ['c1w2-line'])"),
    ],
)
def test_a_figure_marker_on_one_side_only_is_an_error(figure_tree, page, message):
    edit(figure_tree / page, MARKER + "\n\n", "")
    i18n_check.stamp(figure_tree / "docs/ja/page.md", figure_tree)
    (finding,) = i18n_check.check_tree(figure_tree, ("ja",))
    assert (finding.level, finding.kind, finding.path) == ("error", "diverge", "docs/ja/page.md")
    assert message in finding.message


def test_figure_markers_in_another_order_are_an_error(figure_tree):
    other = "<!-- dlspec:figure c1w2-other -->"
    for suffix in (".py", ".yml"):
        (figure_tree / f"figures/c1w2-other{suffix}").write_bytes(
            (figure_tree / f"figures/c1w2-line{suffix}").read_bytes()
        )
    i18n_check.stamp(figure_tree / "figures/c1w2-other.yml", figure_tree)
    add_to_both(figure_tree, f"{other}\n\n{MARKER}\n", f"{MARKER}\n\n{other}\n")
    (finding,) = i18n_check.check_tree(figure_tree, ("ja",))
    assert (finding.level, finding.kind, finding.path) == ("error", "diverge", "docs/ja/page.md")
    assert "figure markers in another order than English" in finding.message


@pytest.mark.parametrize(
    "removed", [(".py",), (".yml",), (".py", ".yml")], ids=["code", "strings", "both"]
)
def test_a_marker_naming_a_figure_without_sources_is_an_error(figure_tree, removed):
    for suffix in removed:
        (figure_tree / f"figures/c1w2-line{suffix}").unlink()
    errors = [f for f in i18n_check.check_tree(figure_tree, ("ja",)) if f.path.startswith("docs/")]
    # Reported once, on the English page (the translation's markers are the English ones).
    assert [(f.level, f.kind, f.path) for f in errors] == [("error", "figure", "docs/en/page.md")]
    missing = " and ".join(f"figures/c1w2-line{suffix}" for suffix in removed)
    assert f"names a figure without sources ({missing} missing)" in errors[0].message


@pytest.mark.parametrize(
    "english",
    [
        pytest.param(f"Inline {MARKER} in a sentence.\n", id="in-a-paragraph"),
        pytest.param(f"A line right before\n{MARKER}\n", id="no-blank-line-before"),
        pytest.param(f"{MARKER}\nA line right after.\n", id="no-blank-line-after"),
    ],
)
def test_a_marker_not_on_a_line_of_its_own_is_an_error(figure_tree, english):
    add_to_both(figure_tree, english, english)
    errors = [f for f in i18n_check.check_tree(figure_tree, ("ja",)) if f.level == "error"]
    assert [(f.kind, f.path) for f in errors] == [
        ("figure", "docs/en/page.md"), ("figure", "docs/ja/page.md")
    ]
    assert "must be on a line of its own" in errors[0].message


def test_unstamped_figure_strings_are_stale(figure_tree):
    (figure_tree / "figures/c1w2-line.yml").write_text(FIGURE_STRINGS, encoding="utf-8")
    assert findings(figure_tree) == [("warning", "stale", "figures/c1w2-line.yml")]
    (stale,) = i18n_check.check_tree(figure_tree, ("ja",))
    assert "'ja' strings record no source_blob" in stale.message


def test_an_english_figure_change_makes_its_strings_stale_until_stamped(figure_tree):
    run = dict(cwd=figure_tree, check=True, capture_output=True)
    subprocess.run(["git", "init", "-q"], **run)
    subprocess.run(["git", "add", "-A"], **run)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "-"], **run)
    figure = figure_tree / "figures/c1w2-line.yml"
    # Re-wrapping the alt text or reordering the labels changes no string: still current.
    edit(figure, "  alt: >-\n    A line rising", "  alt: >-\n    A line\n    rising")
    edit(figure, '{x: "input", y: "output"}', '{y: "output", x: "input"}')
    assert findings(figure_tree) == []
    edit(figure, "caption: A rising line.", "caption: A line.")
    assert findings(figure_tree) == [("warning", "stale", "figures/c1w2-line.yml")]
    (stale,) = i18n_check.check_tree(figure_tree, ("ja",), with_diff=True)
    assert "'ja' strings follow older English strings" in stale.message
    assert "-caption: A rising line." in stale.message and "+caption: A line." in stale.message
    assert i18n_check.main(["--root", str(figure_tree), "--lang", "ja"]) == 0  # a warning
    # Stamping Japanese only leaves the Korean strings stale.
    assert i18n_check.main(["--root", str(figure_tree), "--lang", "ja",
                            "--stamp", str(figure)]) == 0
    assert findings(figure_tree) == []
    assert [
        (f.kind, f.message[:4])
        for f in i18n_check.figure_findings(figure_tree, ("ja", "ko"))
    ] == [("stale", "'ko'")]


def test_stamping_a_figure_adds_one_line_per_language_and_keeps_the_rest(figure_tree):
    figure = figure_tree / "figures/c1w2-line.yml"
    stamped = figure.read_text(encoding="utf-8")
    english = i18n_check.figure_english(yaml.safe_load(FIGURE_STRINGS)["en"])
    blob = i18n_check.blob_id(english.encode("utf-8"))
    assert stamped == FIGURE_STRINGS.replace("ja:\n", f"ja:\n  source_blob: {blob}\n").replace(
        "ko:\n", f"ko:\n  source_blob: {blob}\n"
    )
    i18n_check.stamp(figure, figure_tree)  # again: the line is replaced, not added
    assert figure.read_text(encoding="utf-8") == stamped
    # A block written on one line has no line to put source_blob on: say so, write nothing.
    start, end = FIGURE_STRINGS.index("ja:"), FIGURE_STRINGS.index("ko:")
    one_line = 'ja: {alt: "直線。", caption: "直線。", labels: {x: "入力", y: "出力"}}\n'
    figure.write_text(FIGURE_STRINGS[:start] + one_line + FIGURE_STRINGS[end:], encoding="utf-8")
    with pytest.raises(ValueError, match="no 'ja:' block"):
        i18n_check.stamp(figure, figure_tree)
    assert "source_blob" not in figure.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "old,new,where",
    [
        pytest.param("0 から 1 へ上がる直線。", "深層学習で 0 から 1 へ上がる直線。", "alt", id="alt"),
        pytest.param("caption: 上がる直線。", "caption: 逆伝播の直線。", "caption", id="caption"),
        pytest.param('y: "出力"', 'y: "深層学習の出力"', "label y", id="label"),
    ],
)
def test_an_avoided_variant_in_figure_strings_is_an_error(figure_tree, old, new, where):
    # The alt text, caption and labels are prose a reader meets: the same rules as a page's.
    (figure_tree / "data/glossary.yml").write_text(AVOIDING, encoding="utf-8")
    edit(figure_tree / "figures/c1w2-line.yml", old, new)
    (finding,) = [f for f in i18n_check.check_tree(figure_tree, ("ja",)) if f.level == "error"]
    assert (finding.kind, finding.path) == ("avoided", "figures/c1w2-line.yml")
    assert "is a variant to avoid" in finding.message and f"in {where}: «" in finding.message
    assert i18n_check.main(["--root", str(figure_tree), "--lang", "ja"]) == 1


def test_figure_strings_with_agreed_terms_or_other_languages_variants_pass(figure_tree):
    (figure_tree / "data/glossary.yml").write_text(AVOIDING, encoding="utf-8")
    figure = figure_tree / "figures/c1w2-line.yml"
    edit(figure, "caption: 上がる直線。", "caption: 誤差逆伝播法で上がる直線。")  # agreed term
    edit(figure, "caption: 올라가는 직선.", "caption: 深層学習 직선.")  # not a ko variant
    assert findings(figure_tree) == []
    assert [f for f in i18n_check.check_tree(figure_tree, ("ko",)) if f.kind == "avoided"] == []
