"""theano_mlir: Theano's API, compiled through MLIR.

    import theano_mlir as theano
    import theano_mlir.tensor as T

Names that need the compiler (function, tensor, ...) load on first use, so
that `theano_mlir.runtime` stays usable where MLIR is not installed.
"""

import importlib

from . import compat, configdefaults, misc
from .config import config
from .graph import Apply, Constant, Op, Variable, clone_replace, graph_inputs
from .misc.safe_asarray import _asarray

#: Theano's theano.change_flags
change_flags = config.change_flags

__version__ = "0.1.0"

_LAZY = {
    "function": ("theano_mlir.compile", "function"),
    "function_dump": ("theano_mlir.compile", "function_dump"),
    "Function": ("theano_mlir.compile", "Function"),
    "tensor": ("theano_mlir.tensor", None),
    "gradient": ("theano_mlir.gradient", None),
    "grad": ("theano_mlir.gradient", "grad"),
    "subgraph_grad": ("theano_mlir.gradient", "subgraph_grad"),
    "shared": ("theano_mlir.compile", "shared"),
    "In": ("theano_mlir.compile", "In"),
    "Out": ("theano_mlir.compile", "Out"),
    "SharedVariable": ("theano_mlir.compile", "SharedVariable"),
    "Mode": ("theano_mlir.compile", "Mode"),
    "printing": ("theano_mlir.printing", None),
    "gof": ("theano_mlir.gof", None),
    "compile": ("theano_mlir.compile", None),
    "scalar": ("theano_mlir.scalar", None),
    "ifelse": ("theano_mlir.ifelse", None),
    "gpuarray": ("theano_mlir.gpuarray", None),
    "scan_module": ("theano_mlir.scan_module", None),
    "scan": ("theano_mlir.scan_module", "scan"),
    "map": ("theano_mlir.scan_module", "map"),
    "reduce": ("theano_mlir.scan_module", "reduce"),
    "foldl": ("theano_mlir.scan_module", "foldl"),
    "foldr": ("theano_mlir.scan_module", "foldr"),
    "pfunc": ("theano_mlir.compile", "pfunc"),
    "FunctionGraph": ("theano_mlir.gof", "FunctionGraph"),
    "ProfileStats": ("theano_mlir.compile.profiling", "ProfileStats"),
    "dot": ("theano_mlir.tensor", "dot"),
}


def __getattr__(name):
    if name not in _LAZY:
        raise AttributeError(f"module 'theano_mlir' has no attribute {name!r}")
    module_name, attribute = _LAZY[name]
    module = importlib.import_module(module_name)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value
    return value


def clone(output, replace=None, strict=True, share_inputs=True, copy_inputs=None):
    """Copies `output` (a variable or list) with `replace` (a dict or pairs)
    substituted; with share_inputs=False, the graph's inputs are copies too
    (constants stay). `strict` (whether a replacement keeps the type) is
    Theano's; the rebuilt nodes take their inputs' types either way."""
    if copy_inputs is not None:  # Theano's deprecated name
        share_inputs = copy_inputs
    single = not isinstance(output, (list, tuple))
    outputs = [output] if single else list(output)
    pairs = list(replace.items()) if isinstance(replace, dict) else list(replace or ())
    result = clone_replace(outputs, dict(pairs)) if pairs else list(outputs)
    if not share_inputs:  # the new graph's inputs, replacements included
        copies = {v: v.clone() for v in graph_inputs(result) if not isinstance(v, Constant)}
        result = clone_replace(result, copies)
    return result[0] if single else result


__all__ = [
    "Apply",
    "Constant",
    "Function",
    "FunctionGraph",
    "Op",
    "compat",
    "compile",
    "configdefaults",
    "misc",
    "pfunc",
    "scalar",
    "In",
    "Out",
    "SharedVariable",
    "Variable",
    "change_flags",
    "clone",
    "config",
    "dot",
    "function",
    "function_dump",
    "gof",
    "grad",
    "gradient",
    "shared",
    "subgraph_grad",
    "tensor",
]
