"""Compiling graphs into callable functions, and shared variables."""
from .function import Function, MissingInputError, UnusedInputError, function
from .io import In, Out
from .sharedvalue import SharedVariable, shared

__all__ = ["Function", "In", "MissingInputError", "Out", "SharedVariable", "UnusedInputError",
           "function", "shared"]
