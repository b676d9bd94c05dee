"""nn-tui: a terminal trainer for neural networks."""

__version__ = "0.1.0"
