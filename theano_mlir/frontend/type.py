"""TensorType: a dtype and a broadcastable pattern, as in Theano."""
import numpy as np

from ..config import config
from ..dtypes import DTYPE_TO_ELEMENT
from .casting import upcast

_NAMED_PATTERNS = {(): "scalar", (False,): "vector", (False, True): "col", (True, False): "row", (False, False): "matrix"}


class TensorType:
    """The type of a tensor variable. A broadcastable dimension has size 1."""

    def __init__(self, dtype, broadcastable, name=None):
        dtype = np.dtype(dtype).name if dtype != "floatX" else config.floatX
        if dtype not in DTYPE_TO_ELEMENT:
            raise TypeError(f"Unsupported dtype for TensorType: {dtype}")
        self.dtype = dtype
        self.broadcastable = tuple(bool(b) for b in broadcastable)
        self.name = name

    @property
    def ndim(self):
        return len(self.broadcastable)

    def __call__(self, name=None):
        from ..tensor.variable import TensorVariable

        return TensorVariable(self, name=name)

    def __eq__(self, other):
        return (type(other) is type(self) and other.dtype == self.dtype
                and other.broadcastable == self.broadcastable)

    def __hash__(self):
        return hash((self.dtype, self.broadcastable))

    def __str__(self):
        if self.name:
            return self.name
        pattern = _NAMED_PATTERNS.get(self.broadcastable)
        if pattern is None:
            pattern = str(self.broadcastable) if any(self.broadcastable) else f"{self.ndim}D"
        return f"TensorType({self.dtype}, {pattern})"

    __repr__ = __str__

    def filter(self, data, strict=False, allow_downcast=None):
        """`data` as a C-contiguous ndarray of this type, by Theano's rules:
        arrays may be upcast losslessly (or downcast with allow_downcast);
        Python values are accepted when they convert exactly."""
        if isinstance(data, np.ndarray) and data.dtype.name == self.dtype:
            array = data
        elif strict:
            raise TypeError(f"{self} expected an ndarray of dtype {self.dtype}, got {type(data).__name__}"
                            + (f" of dtype {data.dtype}" if hasattr(data, "dtype") else ""))
        elif allow_downcast:
            array = np.asarray(data, dtype=self.dtype)
        elif isinstance(data, np.ndarray):
            if data.dtype.name not in DTYPE_TO_ELEMENT or upcast(self.dtype, data.dtype.name) != self.dtype:
                raise TypeError(
                    f"{self} cannot store a value of dtype {data.dtype} without risking loss of "
                    f"precision. If you do not mind this loss, you can: 1) explicitly cast your "
                    f"data to {self.dtype}, or 2) set \"allow_input_downcast=True\" when calling "
                    f"\"function\". Value: \"{data!r}\"")
            array = data.astype(self.dtype)
        elif allow_downcast is None and isinstance(data, float) and self.dtype == config.floatX:
            array = np.asarray(data, dtype=self.dtype)
        else:
            try:
                original = np.asarray(data)
                array = np.asarray(data, dtype=self.dtype)
            except (TypeError, ValueError, OverflowError) as error:
                raise TypeError(f"{self} cannot store {data!r}: {error}") from None
            same = original.shape == array.shape and np.all(
                (original == array) | (_isnan(original) & _isnan(array)))
            if not same:
                raise TypeError(
                    f"{self} cannot store accurately value {data}, it would be represented as "
                    f"{array}. If you do not mind this precision loss, you can: 1) explicitly "
                    f"convert your data to a numpy array of dtype {self.dtype}, or 2) set "
                    f"\"allow_input_downcast=True\" when calling \"function\".")
        if array.ndim != self.ndim:
            raise TypeError(f"Wrong number of dimensions: expected {self.ndim}, got {array.ndim} "
                            f"with shape {array.shape}.")
        for dim, (size, broadcastable) in enumerate(zip(array.shape, self.broadcastable)):
            if broadcastable and size != 1:
                raise TypeError(f"Non-unit value on shape on a broadcastable dimension: "
                                f"dimension {dim} has size {size}, expected 1.")
        # Native byte order too: '>f4' is named float32 but is not the kernel's.
        return np.require(array, dtype=self.dtype, requirements=["C", "A"])


def _isnan(array):
    return np.isnan(array) if array.dtype.kind == "f" else np.zeros(array.shape, bool)
