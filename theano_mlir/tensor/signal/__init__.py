"""theano.tensor.signal: pooling (pool)."""

from . import pool

__all__ = ["pool"]
