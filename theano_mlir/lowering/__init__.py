"""Lowering `theano` IR to executables: the named pipelines, and compiling
to shared objects that the runtime loads."""

from . import pipelines
from .compiler import CompiledFunction, lower

__all__ = ["CompiledFunction", "lower", "pipelines"]
