"""theano_mlir.printing: Theano's debugprint.

`debugprint(variable)` prints the graph under a variable (or a list of
them) as Theano does, one node a line, children indented under `|`.
`debugprint(f)` of a compiled function prints what it was compiled into:
the optimized `theano` IR and the lowered IR (buffers and loops, before
LLVM), from its own compiler stages.
"""

import io
import string
import sys
import warnings

from .compile.function_module import Function
from .graph import Apply, Constant, Op, Variable
from .tensor.conversion import as_tensor_variable as _as_tensor_variable

#: The stages of a compiled function that debugprint shows, with headings.
_FUNCTION_STAGES = (("optimize", "optimized theano IR"), ("deallocate", "lowered IR"))


def _ids():
    """A, B, ..., Z, BA, BB, ... as Theano numbers nodes (ids='CHAR')."""
    count = 0
    while True:
        digits, n = "", count
        while True:
            digits = string.ascii_uppercase[n % 26] + digits
            n //= 26
            if not n:
                break
        yield digits
        count += 1


def _print_variable(variable, out, prefix, prefix_child, depth, names, next_id, print_type):
    """One line for `variable` after `prefix`, then its inputs' lines, each
    after `prefix_child` and a bar (Theano's layout)."""
    key = id(variable.owner) if variable.owner is not None else id(variable)
    seen = key in names
    if not seen:
        names[key] = next(next_id)
    suffix = f" <{variable.type}>" if print_type else ""
    if variable.owner is None:
        label = (
            str(variable.data) if isinstance(variable, Constant) and variable.name is None else str(variable)
        )
        out.write(f"{prefix}{label} [id {names[key]}]{suffix}\n")
        return
    output = f".{variable.index}" if len(variable.owner.outputs) > 1 else ""
    name = variable.name or ""
    out.write(f"{prefix}{variable.owner.op}{output} [id {names[key]}] '{name}'{suffix}\n")
    if seen or depth == 0:
        return
    inputs = variable.owner.inputs
    for index, child in enumerate(inputs):
        last = index == len(inputs) - 1
        _print_variable(
            child,
            out,
            prefix_child + " |",
            prefix_child + ("  " if last else " |"),
            depth - 1,
            names,
            next_id,
            print_type,
        )


def debugprint(obj, depth=-1, print_type=False, file=None, **_theano_options):
    """Prints `obj` (a variable, a list of them, or a compiled function) to
    `file` (sys.stdout by default); `file='str'` returns the text instead.
    Theano's other keywords (ids, stop_on_name, ...) are accepted."""
    out = io.StringIO()
    if isinstance(obj, Function):
        stages = obj.lowering_stages()
        for stage, heading in _FUNCTION_STAGES:
            out.write(
                f"// {heading} of {obj.name} (mode: {sorted(obj.mode.optimizations)})\n"
                if stage == "optimize"
                else f"// {heading}\n"
            )
            out.write(stages[stage])
            out.write("\n")
    else:
        variables = obj if isinstance(obj, (list, tuple)) else [obj]
        names, next_id = {}, _ids()
        for variable in variables:
            if not isinstance(variable, Variable):
                raise TypeError(
                    f"debugprint cannot print {type(variable).__name__}: "
                    "pass a variable, a list of variables or a compiled function"
                )
            _print_variable(variable, out, "", "", depth, names, next_id, print_type)
    text = out.getvalue()
    if file == "str":
        return text
    target = sys.stdout if file is None else file
    target.write(text)
    return target


class Print(Op):
    """Theano's Print op: `Print(message)(x)` is `x`, and gradients flow
    through it. Theano prints `message` and the value's `attrs` each time a
    function computes it; a compiled function here has no hook to run
    Python while it runs, so this Print is the identity only (a warning
    says so once per Print)."""

    __props__ = ("message", "attrs")

    def __init__(self, message="", attrs=("__str__",), global_fn=None):
        self.message = message
        self.attrs = tuple(attrs)
        self.global_fn = global_fn
        warnings.warn(
            f"theano_mlir's Print({message!r}) does not print at run time: it is the identity",
            stacklevel=2,
        )

    def __str__(self):
        return f"Print{{message={self.message},attrs={self.attrs}}}"

    def make_node(self, x):
        x = x if isinstance(x, Variable) else _as_tensor_variable(x)
        return Apply(self, [x], [x.type()])

    def emit(self, emitter, node, inputs):
        return [inputs[0]]
