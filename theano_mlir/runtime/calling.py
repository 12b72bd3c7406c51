"""How a compiled function takes its inputs: positionally or by name, with
defaults, each converted to its input's type (Theano's rules and messages).

Shared by `theano_mlir.function`'s result and a function loaded from an
export (theano_mlir/runtime/exported.py); imports no MLIR.
"""

from ._runtime import FunctionBase

_MISSING = object()


class CallableFunction(FunctionBase):
    """A function's calling convention. A subclass sets `name`,
    `_input_names` (None where unnamed), `_input_labels` (how errors name
    each input), `_input_types` (TensorTypes), `_defaults` ((index, value)
    pairs), `allow_input_downcast` and `_call` (the runtime Executable,
    called with every input positionally), and binds it (`_bind`) so that a
    call with exactly every input given positionally runs it from C++."""

    def _call_slow(self, *args, **kwargs):
        if kwargs or (self._defaults and len(args) < len(self._input_types)):
            args = self._positional(args, kwargs)
        return self._call(*args)

    def _positional(self, args, kwargs):
        args = list(args)
        names = {n: i for i, n in enumerate(self._input_names) if n}
        for key, value in kwargs.items():
            if key not in names:
                raise TypeError(
                    f"Unknown input or state: {key}. The function has {len(names)} named "
                    f"inputs ({', '.join(names)})."
                )
            index = names[key]
            args.extend([_MISSING] * (index + 1 - len(args)))
            if args[index] is not _MISSING:
                raise TypeError(f"Input {key} was given both positionally and by name")
            args[index] = value
        args.extend([_MISSING] * (len(self._input_types) - len(args)))
        for index, default in self._defaults:
            if args[index] is _MISSING:
                args[index] = default
        for index, value in enumerate(args):
            if value is _MISSING:
                raise TypeError(f"Missing required input: {self._input_labels[index]}")
        return args

    def _convert(self, index, value):
        try:
            return self._input_types[index].filter(value, allow_downcast=self.allow_input_downcast)
        except TypeError as error:
            raise TypeError(
                f'Bad input argument with name "{self._input_labels[index]}" to theano function with '
                f'name "{self.name}" at index {index} (0-based). {error}'
            ) from None
