"""The errors of compiling a function, where Theano 1.0 has them
(`theano.compile.function_module`). Both derive from Exception directly,
as Theano's do: code that catches ValueError around `function` must not
catch them."""


class UnusedInputError(Exception):
    """An input that the outputs do not depend on (on_unused_input='raise')."""


class MissingInputError(Exception):
    """The outputs depend on a variable that is neither an input nor a constant."""


def __getattr__(name):
    # Theano's function_module also holds the Function class; it lives in
    # function.py, which imports this module.
    if name == "Function":
        from .function import Function

        return Function
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
