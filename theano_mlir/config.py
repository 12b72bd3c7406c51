"""theano_mlir.config: Theano's configuration flags that apply here.

Set from the environment with THEANO_MLIR_FLAGS="floatX=float32,on_unused_input=warn",
or by assignment: `theano_mlir.config.floatX = "float32"`.

Flags of our own: `print_ir_after_all` (prints the IR after every pass of
every compile to stderr) and `dump_ir` (a directory: the IR after every
pass, one subdirectory per compiled function), `max_specializations` (kernels
compiled for the shapes calls see, per function), `openmp_threads` and
`compile_cache` (whether `compiledir` is used).
"""
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


#: name -> (default, validator returning the stored value)
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
}


class Config:
    """Flags with Theano's names and defaults; assignments are validated."""

    def __init__(self):
        object.__setattr__(self, "_values", {name: default for name, (default, _) in _FLAGS.items()})

    def __getattr__(self, name):
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(f"theano_mlir.config has no flag {name!r}") from None

    def __setattr__(self, name, value):
        if name not in _FLAGS:
            raise AttributeError(f"theano_mlir.config has no flag {name!r}")
        self._values[name] = _FLAGS[name][1](name, value)

    def apply_flags(self, flags: str) -> None:
        """Applies "name=value,name=value" (the THEANO_MLIR_FLAGS syntax)."""
        for item in filter(None, (part.strip() for part in flags.split(","))):
            name, sep, value = item.partition("=")
            if not sep:
                raise ValueError(f"THEANO_MLIR_FLAGS entry {item!r} is not name=value")
            setattr(self, name.strip(), value.strip())


config = Config()
config.apply_flags(os.environ.get("THEANO_MLIR_FLAGS", ""))
