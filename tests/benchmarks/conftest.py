"""What the benchmark tests share: ``bench``, the script behind ``make bench``, as a module."""

import importlib
import sys

import pytest

from sitepaths import ROOT


@pytest.fixture(scope="module")
def bench():
    # bench.py imports its case modules from its own folder, as `python benchmarks/bench.py` does.
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        return importlib.import_module("bench")
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
