"""theano_mlir: Theano's API, compiled through MLIR.

    import theano_mlir as theano
    import theano_mlir.tensor as T
"""
from . import tensor
from .compile import Function, function
from .config import config
from .frontend.graph import clone_replace

__version__ = "0.1.0"


def clone(output, replace=None, **kwargs):
    """Copies `output` (a variable or list) with `replace` substituted."""
    single = not isinstance(output, (list, tuple))
    result = clone_replace([output] if single else list(output), replace)
    return result[0] if single else result


__all__ = ["Function", "clone", "config", "function", "tensor"]
