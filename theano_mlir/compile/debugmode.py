"""theano.compile.debugmode: DebugMode (which here runs as a plain Mode of
its optimizer; see DebugMode's doc) and the errors Theano's DebugMode
raises, for code that catches them."""

from .mode import DebugMode


class DebugModeError(Exception):
    """Generic Exception raised to indicate an internal theano problem."""


class BadThunkOutput(DebugModeError):
    """Two implementations of an op computed different values."""


class BadOptimization(DebugModeError):
    """An optimization replaced a variable by one of a different value."""


class BadDestroyMap(DebugModeError):
    """An op overwrote an input it did not declare in its destroy_map."""


class BadViewMap(DebugModeError):
    """An op's output aliases an input it did not declare in its view_map."""


class StochasticOrder(DebugModeError):
    """Compiling the same graph twice gave different orders of nodes."""


class InvalidValueError(DebugModeError):
    """An op computed a value that its output's type does not allow; `r` is
    the variable, `v` the value (or `r` alone, a ready message)."""

    def __init__(self, r, v=None, client_node=None, hint="none", specific_hint="none"):
        super().__init__()
        self.r, self.v, self.client_node = r, v, client_node
        self.hint, self.specific_hint = hint, specific_hint
        self.full_err = r if isinstance(r, str) else None

    def __str__(self):
        if self.full_err is not None:
            return self.full_err
        return (
            f"InvalidValueError\n    type(variable) = {type(self.r)}\n    variable = {self.r}\n"
            f"    type(value) = {type(self.v)}\n    hint = {self.hint}\n"
            f"    specific_hint = {self.specific_hint}"
        )


__all__ = [
    "BadDestroyMap",
    "BadOptimization",
    "BadThunkOutput",
    "BadViewMap",
    "DebugMode",
    "DebugModeError",
    "InvalidValueError",
    "StochasticOrder",
]
