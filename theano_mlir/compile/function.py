"""theano_mlir.function: a graph compiled into a callable, as in Theano."""
import inspect
import warnings

from ..config import config
from ..frontend.emit import emit_function
from ..frontend.graph import Constant, Variable, graph_inputs, toposort
from ..lowering import Kernel


class UnusedInputError(ValueError):
    """An input that the outputs do not depend on (on_unused_input='raise')."""


class MissingInputError(Exception):
    """The outputs depend on a variable that is neither an input nor a constant."""


def function(inputs, outputs=None, mode=None, updates=None, givens=None, no_default_updates=False,
             accept_inplace=False, name=None, rebuild_strict=True, allow_input_downcast=None,
             profile=None, on_unused_input=None):
    """Compiles `outputs` as a function of `inputs` (Theano's signature).

    `updates` and `givens` come with shared variables and are not supported yet.
    """
    if updates or givens:
        raise NotImplementedError("updates and givens are not supported yet (they come with shared variables)")
    if name is None:
        caller = inspect.stack()[1]
        name = f"{caller.filename}:{caller.lineno}"
    return Function(inputs, outputs, name, allow_input_downcast,
                    on_unused_input or config.on_unused_input)


class Function:
    """A compiled Theano function. Call it with one value per input
    (positionally or by input name); it returns numpy arrays."""

    def __init__(self, inputs, outputs, name, allow_input_downcast, on_unused_input):
        from ..tensor.basic import as_tensor_variable

        self.name = name
        self.allow_input_downcast = allow_input_downcast
        if not isinstance(inputs, (list, tuple)):
            raise TypeError(f"inputs of a theano function must be a list, got {type(inputs).__name__}")
        for variable in inputs:
            if isinstance(variable, Constant):
                raise TypeError("Constants not allowed in param list", variable)
            if not isinstance(variable, Variable):
                raise TypeError(f"inputs must be symbolic variables, got {variable!r}")
        if len({id(v) for v in inputs}) != len(inputs):
            raise ValueError("a variable appears more than once in the inputs of a theano function")
        self.inputs = list(inputs)

        self._single = outputs is not None and not isinstance(outputs, (list, tuple))
        outputs = [] if outputs is None else [outputs] if self._single else list(outputs)
        self.outputs = [as_tensor_variable(o) for o in outputs]

        self._check_unused_inputs(on_unused_input)
        self._check_missing_inputs()
        module = emit_function(self.inputs, self.outputs)
        self._kernel = Kernel(
            module, arg_names=[str(v) for v in self.inputs], convert=self._convert,
            single_result=self._single)
        self._call = self._kernel.call

    def __call__(self, *args, **kwargs):
        if kwargs:
            args = self._positional(args, kwargs)
        return self._call(*args)

    def _positional(self, args, kwargs):
        args = list(args)
        names = {v.name: i for i, v in enumerate(self.inputs) if v.name}
        for key, value in kwargs.items():
            if key not in names:
                raise TypeError(f"Unknown input or state: {key}. The function has {len(names)} named "
                                f"inputs ({', '.join(names)}).")
            index = names[key]
            args.extend([_MISSING] * (index + 1 - len(args)))
            if args[index] is not _MISSING:
                raise TypeError(f"Input {key} was given both positionally and by name")
            args[index] = value
        for index, value in enumerate(args):
            if value is _MISSING:
                raise TypeError(f"Missing required input: {self.inputs[index]}")
        return args

    def _convert(self, index, value):
        variable = self.inputs[index]
        try:
            return variable.type.filter(value, allow_downcast=self.allow_input_downcast)
        except TypeError as error:
            raise TypeError(
                f'Bad input argument with name "{variable}" to theano function with name '
                f'"{self.name}" at index {index} (0-based). {error}') from None

    def _check_unused_inputs(self, on_unused_input):
        if on_unused_input == "ignore":
            return
        used = {id(v) for v in graph_inputs(self.outputs, stop_at=self.inputs)}
        for index, variable in enumerate(self.inputs):
            if id(variable) in used:
                continue
            message = (
                "theano.function was asked to create a function computing outputs given certain "
                f"inputs, but the provided input variable at index {index} is not part of the "
                f"computational graph needed to compute the outputs: {variable}.\nTo make this "
                "error into a warning, you can pass the parameter on_unused_input='warn' to "
                "theano.function. To disable it completely, use on_unused_input='ignore'.")
            if on_unused_input == "raise":
                raise UnusedInputError(message)
            warnings.warn(message, stacklevel=4)

    def _check_missing_inputs(self):
        given = {id(v) for v in self.inputs}
        for index, variable in enumerate(graph_inputs(self.outputs, stop_at=self.inputs)):
            if id(variable) in given:
                continue
            user = next((n for n in toposort(self.outputs, stop_at=self.inputs)
                         if any(i is variable for i in n.inputs)), variable)
            raise MissingInputError(
                f"Input {index} of the graph (indices start from 0), used to compute {user}, was "
                f"not provided and not given a value. Use the Theano flag "
                f"exception_verbosity='high', for more information on this error.")


_MISSING = object()
