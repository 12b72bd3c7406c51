"""Lowering `theano` IR to executables: the named pipelines and the CPU JIT."""
from . import pipelines
from .jit import Kernel, lower

__all__ = ["Kernel", "lower", "pipelines"]
