"""The `theano` MLIR dialect: registration and generated op builders.

    from theano_mlir.dialect import new_context, theano
    with new_context(), ir.Location.unknown():
        theano.add(x, y)
"""
from .registration import new_context, register_dialect
from . import theano

__all__ = ["new_context", "register_dialect", "theano"]
