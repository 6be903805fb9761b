"""Shared fixtures. Paths and page lists live in sitepaths.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitepaths import SITE

# Plots from tests go nowhere; lessons run in their own kernels and are not affected.
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE / "index.html").exists():
        pytest.fail("site/ is not built: run `make test` (or `make build` before pytest)")
    return SITE
