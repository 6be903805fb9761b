"""dlspec: the algorithms of the Deep Learning Specialization in plain NumPy.

Each concept lives in its own small module, written to be read top to
bottom. Import from the submodules, for example::

    from dlspec.activations import sigmoid
    from dlspec.logistic_regression import fit_logistic_regression

Conventions used everywhere: examples are the columns of a matrix (``X`` has
shape ``(n_x, m)``, labels ``Y`` have shape ``(1, m)``), float64 by default
with float32 preserved, and randomness only through an explicit
``rng: numpy.random.Generator`` argument.
"""

__version__ = "0.1.0"
