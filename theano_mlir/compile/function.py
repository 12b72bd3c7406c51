"""theano.function: compiles a graph into a callable (Theano's
theano.compile.function)."""

import sys

from .pfunc import pfunc


def function(
    inputs,
    outputs=None,
    mode=None,
    updates=None,
    givens=None,
    no_default_updates=False,
    accept_inplace=False,
    name=None,
    rebuild_strict=True,
    allow_input_downcast=None,
    profile=None,
    on_unused_input=None,
):
    """Compiles `outputs` as a function of `inputs` (Theano's signature).

    `updates` (pairs, a dict, or the single pair `(shared, expression)`)
    replace shared values after each call, all computed from the old values.
    `givens` (pairs, a dict, or one flat pair `[variable, replacement]`)
    substitute variables before compiling.
    """
    if name is None:  # where it was called from, as Theano names it
        caller = sys._getframe(1)
        name = f"{caller.f_code.co_filename}:{caller.f_lineno}"
    return pfunc(
        inputs,
        outputs,
        mode=mode,
        updates=updates,
        givens=givens,
        no_default_updates=no_default_updates,
        accept_inplace=accept_inplace,
        name=name,
        rebuild_strict=rebuild_strict,
        allow_input_downcast=allow_input_downcast,
        profile=profile,
        on_unused_input=on_unused_input,
    )
