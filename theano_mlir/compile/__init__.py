"""Compiling graphs into callable functions."""
from .function import Function, MissingInputError, UnusedInputError, function

__all__ = ["Function", "MissingInputError", "UnusedInputError", "function"]
