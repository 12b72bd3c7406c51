"""theano_mlir.compile.mode: which optimizations a compiled function gets.

As in Theano: `function(..., mode='FAST_COMPILE')`, or a `Mode` built with
`.including(...)` / `.excluding(...)` naming optimizations (our pass names,
e.g. "theano-fuse-elementwise", or Theano's tags: "fusion", "gemm",
"inplace", "canonicalize", "stabilize", "merge"). The flags
`optimizer_excluding` / `optimizer_including` ("name:name") apply to every
mode, as Theano's do. Names of graph rewrites (rewrites.py: e.g.
"local_shape_to_shape_i", "ShapeOpt", "local_view_op") select those too.
"""

from ..config import config
from ..lowering import pipelines
from . import rewrites

#: LLVM's optimization level for each mode's code.
_OPT_LEVELS = {"FAST_RUN": 2, "FAST_COMPILE": 0}


def _resolve(names) -> frozenset:
    """The pass names and graph rewrite names that `names` stand for; a name
    of graph rewrites only is not an unknown pass."""
    names = list(names)
    graph = rewrites.resolve(names)
    passes = [
        n
        for n in names
        if not rewrites.resolve([n])
        or any(n == o.name or n in o.tags for o in pipelines.OPTIMIZATIONS.values())
    ]
    return pipelines.resolve(passes) | graph


class Mode:
    """A set of optimizations: those of `optimizer` ("fast_run",
    "fast_compile", or None for none), with `including` added and
    `excluding` removed. `linker` is accepted for Theano's signature; there
    is one linker: MLIR, compiling to shared objects that the runtime calls."""

    def __init__(self, linker=None, optimizer="fast_run", including=(), excluding=()):
        key = "FAST_COMPILE" if optimizer in (None, "None", "fast_compile") else "FAST_RUN"
        if optimizer not in (None, "None", "fast_compile", "fast_run", "o4"):
            raise ValueError(f"unknown optimizer {optimizer!r}: use 'fast_run', 'fast_compile' or None")
        self.linker, self.optimizer = linker, optimizer
        self.opt_level = _OPT_LEVELS[key]
        self._base = pipelines.MODES[key]
        self._rewrites_base = rewrites.MODES[None if optimizer in (None, "None") else key]
        self._including = _resolve(including)
        self._excluding = _resolve(excluding)

    @property
    def optimizations(self) -> frozenset:
        """The pass names of the optional passes that run."""
        return (self._base | self._including) - self._excluding - rewrites.REWRITES.keys()

    @property
    def rewrites(self) -> frozenset:
        """The names of the graph rewrites that run (rewrites.py)."""
        return ((self._rewrites_base | self._including) & rewrites.REWRITES.keys()) - self._excluding

    def including(self, *names) -> "Mode":
        added = _resolve(names)
        return Mode(self.linker, self.optimizer, self._including | added, self._excluding - added)

    def excluding(self, *names) -> "Mode":
        removed = _resolve(names)
        return Mode(self.linker, self.optimizer, self._including - removed, self._excluding | removed)

    def __repr__(self):
        return f"Mode(optimizer={self.optimizer!r}, optimizations={sorted(self.optimizations)})"


class DebugMode(Mode):
    """Theano's DebugMode, by its signature: a function compiled with it runs
    as with a plain Mode of the same `optimizer` (the default mode's
    optimizations, FAST_RUN's), WITHOUT DebugMode's checks. Theano's
    DebugMode runs each op's Python and C implementations and compares
    them, with the graph before and after each optimization; theano_mlir
    compiles the whole graph into one kernel, so there is nothing separate
    to compare. The check_* arguments are kept and ignored."""

    def __init__(
        self,
        optimizer="fast_run",
        stability_patience=None,
        check_c_code=None,
        check_py_code=None,
        check_isfinite=None,
        check_preallocated_output=None,
        require_matching_strides=None,
        linker=None,
    ):
        if linker is not None:
            raise Exception("DebugMode can only use its own linker! You should not provide one.", linker)
        super().__init__(optimizer=optimizer)
        self.stability_patience = stability_patience
        self.check_c_code = True if check_c_code is None else check_c_code
        self.check_py_code = True if check_py_code is None else check_py_code
        self.check_isfinite = True if check_isfinite is None else check_isfinite
        self.check_preallocated_output = list(check_preallocated_output or [])
        self.require_matching_strides = require_matching_strides or 0
        if not (self.check_c_code or self.check_py_code):
            raise ValueError("DebugMode has to check at least one of c and py code")

    def __repr__(self):
        return f"DebugMode(optimizer={self.optimizer!r})"


FAST_RUN = Mode(optimizer="fast_run")
FAST_COMPILE = Mode(optimizer="fast_compile")
DEBUG_MODE = DebugMode()
predefined_modes = {
    "FAST_RUN": FAST_RUN,
    "FAST_COMPILE": FAST_COMPILE,
    "Mode": FAST_RUN,
    "DebugMode": DEBUG_MODE,
    "DEBUG_MODE": DEBUG_MODE,
}


def _names(flag: str):
    return [name for name in flag.split(":") if name]


def get_mode(mode=None) -> Mode:
    """`mode` (a Mode, a predefined mode's name, or None for config.mode)
    with the flags optimizer_including / optimizer_excluding applied."""
    if mode is None:
        mode = config.mode
    if isinstance(mode, str):
        if mode not in predefined_modes:
            raise ValueError(f"unknown mode {mode!r}: use one of {sorted(predefined_modes)} or a Mode")
        mode = predefined_modes[mode]
    if not isinstance(mode, Mode):
        raise TypeError(f"mode must be a Mode or a mode's name, got {type(mode).__name__}")
    if config.optimizer_including:
        mode = mode.including(*_names(config.optimizer_including))
    if config.optimizer_excluding:
        mode = mode.excluding(*_names(config.optimizer_excluding))
    return mode


def get_default_mode() -> Mode:
    """The mode a function gets without `mode=` (Theano's name)."""
    return get_mode(None)
