"""The core must import with NumPy alone: scikit-learn and matplotlib stay lazy."""

import subprocess
import sys

import dlspec

CODE = """
import sys
import dlspec, dlspec.activations, dlspec.losses, dlspec.logistic_regression
import dlspec.gradcheck, dlspec.metrics, dlspec.data, dlspec.plotting
import dlspec.shallow_network, dlspec.layers, dlspec.deep_network, dlspec.planar_data
import dlspec.strategy, dlspec.initializers, dlspec.regularization, dlspec.optimizers
import dlspec.minibatch, dlspec.batchnorm, dlspec.softmax_regression, dlspec.tuning
heavy = sorted(m for m in ("sklearn", "matplotlib") if m in sys.modules)
print(",".join(heavy))
"""


def test_version():
    assert dlspec.__version__ == "0.1.0"


def test_importing_every_module_loads_neither_sklearn_nor_matplotlib():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
