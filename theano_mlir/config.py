"""theano_mlir.config: Theano's configuration flags that apply here.

Set from the environment with THEANO_FLAGS="floatX=float32,on_unused_input=warn"
(Theano's variable: flags theano_mlir does not have are skipped with a
warning) or THEANO_MLIR_FLAGS (the same syntax; unknown flags raise; it
wins over THEANO_FLAGS),
by assignment: `theano_mlir.config.floatX = "float32"`, or for a block or a
function with `theano_mlir.config.change_flags(floatX="float32")` (Theano's
`theano.config.change_flags`), which restores the previous values after it.

Flags of our own: `print_ir_after_all` (prints the IR after every pass of
every compile to stderr) and `dump_ir` (a directory: the IR after every
pass, one subdirectory per compiled function), `max_specializations` (kernels
compiled for the shapes calls see, per function), `background_compile`
(whether they compile while the general kernel serves), `openmp_threads` and
`compile_cache` (whether `compiledir` is used).
"""

import functools
import os


def _choice(*choices):
    def validate(name, value):
        if value not in choices:
            raise ValueError(f"config.{name} must be one of {choices}, got {value!r}")
        return value

    return validate


def _boolean(name, value):
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off", ""):
            return False
    elif isinstance(value, (bool, int)) and value in (0, 1):
        return bool(value)
    raise ValueError(f"config.{name} must be a boolean (True/False, 1/0), got {value!r}")


def _count(name, value):
    try:
        count = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"config.{name} must be a non-negative integer, got {value!r}") from None
    if count < 0 or isinstance(value, float) and value != count:
        raise ValueError(f"config.{name} must be a non-negative integer, got {value!r}")
    return count


def _text(name, value):
    if not isinstance(value, str):
        raise TypeError(f"config.{name} must be a string, got {type(value).__name__}")
    return value


def _seed(name, value):
    if value == "random":
        return value
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError(f"config.{name} must be an integer or 'random', got {value!r}") from None


#: name -> (default, validator returning the stored value); a dotted name
#: ("unittests.rseed") is read and set as config.unittests.rseed.
_FLAGS = {
    "floatX": ("float64", _choice("float16", "float32", "float64")),
    "on_unused_input": ("raise", _choice("raise", "warn", "ignore")),
    "device": ("cpu", _choice("cpu")),
    # Theano's default mode is "Mode", which is FAST_RUN.
    "mode": ("Mode", _choice("Mode", "FAST_RUN", "FAST_COMPILE")),
    # Optimizations (pass names or Theano's tags), separated by ":".
    "optimizer_excluding": ("", _text),
    "optimizer_including": ("", _text),
    "print_ir_after_all": (False, _boolean),
    "dump_ir": ("", _text),
    # Kernels compiled for the argument shapes of calls, per function (then
    # the general kernel runs for new shapes); 0: none.
    "max_specializations": (8, _count),
    # Whether those kernels compile in another process while the general
    # kernel serves the calls (False: the call that asks for one waits).
    "background_compile": (True, _boolean),
    # Threads of parallel kernels (Theano's flag); 0: OMP_NUM_THREADS, else
    # every core.
    "openmp_threads": (0, _count),
    # Theano's: where compiled code is kept between processes ("": the
    # default, $XDG_CACHE_HOME/theano_mlir or ~/.cache/theano_mlir).
    "compiledir": ("", _text),
    # Whether compiled kernels are looked up in and stored to compiledir.
    "compile_cache": (True, _boolean),
    # Theano's: every function profiles its calls (see compile/profiling.py).
    "profile": (False, _boolean),
    # Theano's, read by code written for it; theano_mlir has one optimizer
    # per mode and one linker (MLIR), so these only record the choice.
    "optimizer": ("fast_run", _choice("fast_run", "merge", "fast_compile", "None", "o4")),
    "linker": ("cvm", _choice("cvm", "c|py", "py", "c", "c|py_nogc", "vm", "vm_nogc", "cvm_nogc")),
    "cxx": ("", _text),
    "compute_test_value": ("off", _choice("off", "ignore", "warn", "raise", "pdb")),
    "compute_test_value_opt": ("off", _choice("off", "ignore", "warn", "raise", "pdb")),
    # Theano's: how much an error report says (theano_mlir's name the node)
    "exception_verbosity": ("low", _choice("low", "high")),
    "cycle_detection": ("regular", _choice("regular", "fast")),
    # Theano's unittests.rseed: the seed of theano.tests.unittest_tools
    # (an int, or "random").
    "unittests.rseed": (666, _seed),
    # Theano's: whether conv2d checks the shapes it is given against the
    # values (assert_shape); the kernels check the shapes they need anyway.
    "conv.assert_shape": (False, _boolean),
    # Theano's scan memory flags (the loop is compiled: no effect).
    "scan.allow_gc": (False, _boolean),
    "scan.allow_output_prealloc": (True, _boolean),
    "scan.debug": (False, _boolean),
    # Theano's upcasting of Python scalars and int division: theano_mlir
    # implements Theano's default ("custom"), not the numpy policies.
    "cast_policy": ("custom", _choice("custom")),
    # Theano's: what a failing graph optimization does (theano_mlir's graph
    # rewrites do not fail; its compiler errors are raised)
    "on_opt_error": ("warn", _choice("warn", "raise", "pdb", "ignore")),
    # Theano's OpenMP switches; theano_mlir decides threads per loop nest
    # (openmp_threads), so these only record the choice.
    "openmp": (False, _boolean),
    "openmp_elemwise_minsize": (200000, _count),
    # Theano's warnings about bugs of its past versions, off since 0.9 (the
    # default warn.ignore_bug_before); theano_mlir never had those bugs.
    "warn.ignore_bug_before": ("0.9", _text),
    **{
        f"warn.{bug}": (False, _boolean)
        for bug in (
            "argmax_pushdown_bug",
            "gpusum_01_011_0111_bug",
            "sum_sum_bug",
            "sum_div_dimshuffle_bug",
            "subtensor_merge_bug",
            "gpu_set_subtensor1",
            "vm_gc_bug",
            "signal_conv2d_interface",
            "reduce_join",
            "inc_set_subtensor1",
            "round",
            "inc_subtensor1_opt",
            "identify_1pexp_bug",
        )
    },
}


class UnknownFlagError(AttributeError, AssertionError):
    """A flag that theano_mlir.config does not have. An AttributeError, as
    for any attribute that is not there; also an AssertionError, which is
    what Theano 1.0's change_flags raises (it asserts the flag exists), so
    code written for Theano catches it too."""


class Config:
    """Flags with Theano's names and defaults; assignments are validated."""

    def __init__(self):
        object.__setattr__(self, "_values", {name: default for name, (default, _) in _FLAGS.items()})

    def __getattr__(self, name):
        try:
            return self._values[name]
        except KeyError:
            if any(flag.startswith(name + ".") for flag in _FLAGS):
                return _FlagSection(self, name)
            raise UnknownFlagError(f"theano_mlir.config has no flag {name!r}") from None

    def __setattr__(self, name, value):
        if name not in _FLAGS:
            raise UnknownFlagError(f"theano_mlir.config has no flag {name!r}")
        self._values[name] = _FLAGS[name][1](name, value)

    def values(self) -> dict:
        """Every flag's current value, by name (what change_flags takes)."""
        return dict(self._values)

    def change_flags(self, flags=(), /, **values) -> "FlagChange":
        """Theano's `config.change_flags`: sets flags for a `with` block or
        for the calls of a decorated function, then restores their previous
        values, also when an exception leaves. Flags are keywords by name,
        or a dict first (Theano's older form). An unknown name raises here
        (UnknownFlagError); a value is validated when the flags are set, and
        an invalid one leaves every flag as it was."""
        values = {**dict(flags), **values}
        # Theano's keyword spelling of a dotted flag: warn__round is warn.round
        values = {name.replace("__", "."): value for name, value in values.items()}
        unknown = sorted(name for name in values if name not in _FLAGS)
        if unknown:
            raise UnknownFlagError(f"theano_mlir.config has no flag {unknown[0]!r}")
        return FlagChange(self, values)

    def apply_flags(self, flags: str, source: str = "THEANO_MLIR_FLAGS", unknown_ok: bool = False) -> list:
        """Applies "name=value,name=value" (the THEANO_FLAGS syntax). With
        `unknown_ok`, flags this configuration does not have, or values it
        cannot take, are skipped and returned (Theano's own flags, like
        `cxx`, or `device=cuda`); otherwise they raise."""
        skipped = []
        for item in filter(None, (part.strip() for part in flags.split(","))):
            name, sep, value = item.partition("=")
            if not sep:
                raise ValueError(f"{source} entry {item!r} is not name=value")
            name = name.strip()
            if unknown_ok and name not in _FLAGS:
                skipped.append(name)
                continue
            if not unknown_ok:
                setattr(self, name, value.strip())
                continue
            try:
                setattr(self, name, value.strip())
            except ValueError:  # e.g. device=cuda before theano_mlir has one
                skipped.append(f"{name}={value.strip()}")
        return skipped


class _FlagSection:
    """The flags named `prefix.*`: config.unittests.rseed reads and sets the
    flag "unittests.rseed"."""

    def __init__(self, config, prefix):
        object.__setattr__(self, "_config", config)
        object.__setattr__(self, "_prefix", prefix)

    def __getattr__(self, name):
        return getattr(self._config, f"{self._prefix}.{name}")

    def __setattr__(self, name, value):
        setattr(self._config, f"{self._prefix}.{name}", value)


class FlagChange:
    """Flag values to set while a block or a call runs (see
    `Config.change_flags`); a context manager and a decorator."""

    def __init__(self, config, values):
        self._config, self._values = config, values
        # A stack, not one slot: the same change may be entered again while
        # it is active (a decorated function that calls itself).
        self._previous = []

    def __enter__(self) -> None:
        self._previous.append({name: getattr(self._config, name) for name in self._values})
        try:
            for name, value in self._values.items():
                setattr(self._config, name, value)
        except BaseException:
            self.__exit__(None, None, None)
            raise

    def __exit__(self, *exc_info) -> None:
        # the previous values were validated when they were set
        self._config._values.update(self._previous.pop())

    def __call__(self, function):
        @functools.wraps(function)
        def with_flags(*args, **kwargs):
            with self:
                return function(*args, **kwargs)

        return with_flags


config = Config()
# Programs written for Theano set THEANO_FLAGS (floatX=float32, device=cuda,
# ...): the flags that apply here are taken, the others reported once;
# THEANO_MLIR_FLAGS, ours, comes after and wins.
_ignored = config.apply_flags(os.environ.get("THEANO_FLAGS", ""), "THEANO_FLAGS", unknown_ok=True)
if _ignored:
    import warnings  # noqa: PLC0415 (only when there is something to say)

    warnings.warn(
        f"THEANO_FLAGS: {', '.join(_ignored)} ignored (not a setting theano_mlir has or can take)",
        stacklevel=1,
    )
config.apply_flags(os.environ.get("THEANO_MLIR_FLAGS", ""))


def change_flags(flags=(), /, **values) -> FlagChange:
    """Theano's `theano.configparser.change_flags`: `config.change_flags`."""
    return config.change_flags(flags, **values)
