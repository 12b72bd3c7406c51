"""The `theano` MLIR dialect: registration and generated op builders.

from theano_mlir.dialect import new_context, theano
with new_context(), ir.Location.unknown():
    theano.add(x, y)
"""

from . import theano
from .build import build_function
from .registration import new_context, register_dialect

__all__ = ["build_function", "new_context", "register_dialect", "theano"]
