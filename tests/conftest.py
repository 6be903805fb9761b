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
    """The built site: site/, or the folder DLSPEC_SITE_DIR names (a build made elsewhere with
    `mkdocs build -d DIR`, so a check does not disturb site/ while others work in the tree)."""
    override = os.environ.get("DLSPEC_SITE_DIR")
    if override:
        if not (Path(override) / "index.html").exists():
            pytest.fail(f"DLSPEC_SITE_DIR={override} holds no built site (no index.html)")
        return Path(override)
    if not (SITE / "index.html").exists():
        pytest.fail("site/ is not built: run `make test` (or `make build` before pytest)")
    return SITE
