"""theano_mlir.config: Theano's configuration flags that apply here.

Set from the environment with THEANO_MLIR_FLAGS="floatX=float32,on_unused_input=warn",
or by assignment: `theano_mlir.config.floatX = "float32"`.
"""
import os

_FLOATS = ("float16", "float32", "float64")
_CHOICES = {
    "floatX": _FLOATS,
    "on_unused_input": ("raise", "warn", "ignore"),
    "device": ("cpu",),
}


class Config:
    """Flags with Theano's names and defaults; assignments are validated."""

    def __init__(self):
        object.__setattr__(self, "_values", {"floatX": "float64", "on_unused_input": "raise", "device": "cpu"})

    def __getattr__(self, name):
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(f"theano_mlir.config has no flag {name!r}") from None

    def __setattr__(self, name, value):
        if name not in _CHOICES:
            raise AttributeError(f"theano_mlir.config has no flag {name!r}")
        if value not in _CHOICES[name]:
            raise ValueError(f"config.{name} must be one of {_CHOICES[name]}, got {value!r}")
        self._values[name] = value

    def apply_flags(self, flags: str) -> None:
        """Applies "name=value,name=value" (the THEANO_MLIR_FLAGS syntax)."""
        for item in filter(None, (part.strip() for part in flags.split(","))):
            name, sep, value = item.partition("=")
            if not sep:
                raise ValueError(f"THEANO_MLIR_FLAGS entry {item!r} is not name=value")
            setattr(self, name.strip(), value.strip())


config = Config()
config.apply_flags(os.environ.get("THEANO_MLIR_FLAGS", ""))
