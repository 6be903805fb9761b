"""Shared fixtures for the dlspec tests.

Contract: every test that takes ``rng`` must pass for any seed, so the
fixture runs each such test with a few different seeds.
"""

import numpy as np
import pytest


@pytest.fixture(params=[0, 1, 2023])
def rng(request):
    """A fresh, seeded ``numpy.random.Generator``."""
    return np.random.default_rng(request.param)
