"""theano.function: compiles a graph into a callable (Theano's
theano.compile.function)."""

import pickle
import sys

from ..graph import Variable
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


def function_dump(
    filename,
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
    extra_tag_to_remove=None,
):
    """Pickles, into `filename`, the arguments of a `function` call (the
    graphs, shared variables with their values), without compiling:
    `theano.function(**pickle.load(open(filename, "rb")))` compiles it
    again (Theano's function_dump, to reproduce a compilation).
    `extra_tag_to_remove` names tag entries to leave out of the pickle,
    as Theano's StripPickler."""
    if not isinstance(filename, str):
        raise TypeError(f"function_dump's filename must be a string, got {filename!r}")
    arguments = dict(
        inputs=inputs,
        outputs=outputs,
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
    with open(filename, "wb") as file:
        _StripPickler(file, protocol=-1, extra_tag_to_remove=extra_tag_to_remove).dump(arguments)


class _StripPickler(pickle.Pickler):
    """A pickler that leaves out of each variable's tag its `trace` and the
    entries named in `extra_tag_to_remove` (Theano's StripPickler)."""

    def __init__(self, file, protocol=-1, extra_tag_to_remove=None):
        super().__init__(file, protocol)
        self.tag_to_remove = ["trace", "test_value"] + list(extra_tag_to_remove or [])

    def reducer_override(self, obj):
        tag = getattr(obj, "tag", None) if isinstance(obj, Variable) else None
        if tag is not None:
            for key in self.tag_to_remove:
                if key in getattr(tag, "__dict__", {}):
                    delattr(tag, key)
        return NotImplemented
