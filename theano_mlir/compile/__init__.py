"""Compiling graphs into callable functions, and shared variables."""

from .function import function
from .function_module import Function, MissingInputError, UnusedInputError
from .io import In, Out
from .mode import FAST_COMPILE, FAST_RUN, Mode, get_mode
from .sharedvalue import SharedVariable, shared

__all__ = [
    "FAST_COMPILE",
    "FAST_RUN",
    "Function",
    "Mode",
    "get_mode",
    "In",
    "MissingInputError",
    "Out",
    "SharedVariable",
    "UnusedInputError",
    "function",
    "shared",
]
