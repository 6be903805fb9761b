"""dlspec's module list, its lazy heavy imports, and which private names modules may share."""

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import dlspec

#: Every module of dlspec, one concept each (see the package docstring).
MODULES = [
    "_validate", "activations", "augmentation", "blocks", "conv", "data", "gradcheck", "initializers",
    "layers", "logistic_regression", "losses", "metrics", "network", "normalization", "optimizers",
    "planar_data", "plotting", "pooling", "regularization", "residual", "shallow_network", "strategy",
    "training", "tuning",
    "feature_net", "siamese", "style_transfer",  # Course 4, Week 4
    "gru", "language_model", "lstm", "recurrent", "wordlists",  # Course 5, Week 1
    "debiasing", "embeddings", "glove", "word2vec",  # Course 5, Week 2
    "detection", "transpose_conv", "yolo",  # Course 4, Week 3
    "attention", "audio", "beam_search", "bleu", "seq2seq",  # Course 5, Week 3
    "layer_norm", "self_attention", "transformer",  # Course 5, Week 4
]
#: Modules the one-convention refactoring removed or renamed.
GONE = ["deep_network", "softmax_regression", "minibatch", "batchnorm"]
SOURCE = Path(dlspec.__file__).parent

CODE = f"""
import sys
import dlspec
for name in {MODULES!r}:
    __import__("dlspec." + name)
heavy = sorted(m for m in ("sklearn", "matplotlib") if m in sys.modules)
print(",".join(heavy))
"""


def test_version():
    assert dlspec.__version__ == "0.1.0"


def test_the_module_list_is_complete():
    assert sorted(m.name for m in pkgutil.iter_modules(dlspec.__path__)) == sorted(MODULES)


@pytest.mark.parametrize("name", GONE)
def test_removed_modules_are_gone(name):
    with pytest.raises(ModuleNotFoundError, match=f"No module named 'dlspec.{name}'"):
        importlib.import_module(f"dlspec.{name}")


def test_importing_every_module_loads_neither_sklearn_nor_matplotlib():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# --- private names stay private, except dlspec._validate --------------------------------------


def _dotted(node):
    """``dlspec.layers._helper`` for an Attribute chain of Names, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([node.id, *reversed(parts)])


def _private(name):
    return name.startswith("_") and not name.startswith("__")


def private_imports(source):
    """Where ``source`` reaches for an underscore name of a dlspec module other than _validate."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            module = ("dlspec." if node.level else "") + (node.module or "")
            module = module.rstrip(".")
            if module != "dlspec" and not module.startswith("dlspec."):
                continue
            for alias in node.names:
                target = f"{module}.{alias.name}"
                if target == "dlspec._validate" or module == "dlspec._validate":
                    continue
                if any(_private(p) for p in target.split(".")[1:]):
                    found.append(f"from {module} import {alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "dlspec" and alias.name != "dlspec._validate":
                    if any(_private(p) for p in parts[1:]):
                        found.append(f"import {alias.name}")
        elif isinstance(node, ast.Attribute) and _private(node.attr):
            chain = _dotted(node)
            if chain and chain.startswith("dlspec.") and not chain.startswith("dlspec._validate."):
                found.append(chain)
    return found


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from dlspec._validate import check_shape, as_float_array", []),
        ("from dlspec import _validate", []),
        ("import dlspec._validate", []),
        ("from dlspec.layers import linear_forward", []),
        ("def _mine():\n    return 1", []),
        ("from numpy import _private", []),
        ("from dlspec.losses import _softmax_cost", ["from dlspec.losses import _softmax_cost"]),
        ("from .losses import _logistic_cost", ["from dlspec.losses import _logistic_cost"]),
        ("def f():\n    from dlspec.activations import _relu_backward",
         ["from dlspec.activations import _relu_backward"]),
        ("from dlspec import _helpers", ["from dlspec import _helpers"]),
        (
            "import dlspec.losses\ndlspec.losses._softmax_cost(1, 2)",
            ["dlspec.losses._softmax_cost"],
        ),
    ],
)
def test_the_private_import_finder(source, expected):
    assert private_imports(source) == expected


@pytest.mark.parametrize("path", sorted(SOURCE.glob("*.py")), ids=lambda p: p.name)
def test_no_module_imports_another_modules_private_names(path):
    """Only dlspec._validate is shared private code; any other underscore name is a module's own."""
    assert private_imports(path.read_text(encoding="utf-8")) == []
