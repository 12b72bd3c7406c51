"""Compiling graphs into callable functions, and shared variables."""

from ..config import config
from . import debugmode, function_module, mode, ops, sharedvalue
from .debugmode import DebugMode
from .function import function, function_dump
from .function_module import Function, MissingInputError, UnusedInputError
from .io import In, Out
from .mode import FAST_COMPILE, FAST_RUN, Mode, get_default_mode, get_mode, predefined_modes
from .ops import DeepCopyOp, deep_copy_op
from .pfunc import pfunc  # the function: theano.compile.pfunc, as in Theano
from .sharedvalue import SharedVariable, shared

__all__ = [
    "DebugMode",
    "DeepCopyOp",
    "FAST_COMPILE",
    "FAST_RUN",
    "Function",
    "Mode",
    "config",
    "debugmode",
    "deep_copy_op",
    "get_default_mode",
    "get_mode",
    "In",
    "MissingInputError",
    "Out",
    "SharedVariable",
    "UnusedInputError",
    "function",
    "function_dump",
    "function_module",
    "mode",
    "ops",
    "pfunc",
    "predefined_modes",
    "sharedvalue",
    "shared",
]
