"""theano.tensor.raw_random: draws of numpy's RandomState, with numpy's
numbers.

A generator is a RandomStateType variable: its value is a
numpy.random.RandomState, stored as the 628 words of its state (the
MT19937 key, position and cached Gaussian), so that compiled code passes
it like any tensor. A RandomFunction node draws with numpy itself, called
from the kernel (`theano.host_call`): it takes the state and gives the
state after the draw, a pure function of its inputs, as Theano's op.
"""

import numpy as np

from .. import dtypes
from ..config import config
from ..dialect import theano as dialect
from ..graph import Apply, Constant, Op
from ..graph.null_type import NullType
from ..runtime import host, numpy_random
from .basic import cast
from .concatenation import stack
from .conversion import as_tensor_variable, constant
from .opclasses import get_vector_length, permute_row_elements
from .type import TensorType

STATE_WORDS = numpy_random.STATE_WORDS
pack_state = numpy_random.pack_state
unpack_state = numpy_random.unpack_state
random_integers_helper = numpy_random.random_integers_helper
choice_helper = numpy_random.choice_helper
permutation_helper = numpy_random.permutation_helper
multinomial_helper = numpy_random.multinomial_helper


class RandomStateType(TensorType):
    """The type of a numpy RandomState (Theano's): held as its packed
    state, a uint32 vector."""

    def __init__(self):
        super().__init__("uint32", (False,))

    def filter(self, data, strict=False, allow_downcast=None):
        if isinstance(data, np.random.RandomState):
            return pack_state(data)
        data = np.asarray(data)
        if data.dtype == np.uint32 and data.shape == (STATE_WORDS,):
            return data
        raise TypeError(f"{data!r} is not a numpy.random.RandomState")

    @staticmethod
    def is_valid_value(a):
        return isinstance(a, np.random.RandomState)

    def __str__(self):
        return "RandomStateType"

    __repr__ = __str__


random_state_type = RandomStateType()


class RandomFunction(Op):
    """Draws with `fn` (a RandomState method's name, or a function taking
    the RandomState, the arguments and the shape), from a copy of the
    generator: (new generator, draws of `outtype`). An empty shape lets
    numpy choose (the arguments' broadcast shape); `ndim_added` dimensions
    follow the shape (multinomial's outcomes, permutation's)."""

    __props__ = ("fn", "outtype", "inplace", "ndim_added")
    #: its gradient is undefined for every input (a scan's grad refuses it)
    draws_random_numbers = True

    def __init__(self, fn, outtype, inplace=False, ndim_added=0):
        self.fn = fn
        self.exec_fn = getattr(np.random.RandomState, fn) if isinstance(fn, str) else fn
        self.outtype = outtype
        self.inplace = inplace
        self.ndim_added = ndim_added

    def __str__(self):
        name = self.fn if isinstance(self.fn, str) else self.fn.__name__
        return f"RandomFunction{{{name}}}"

    def make_node(self, r, shape, *args):
        shape = as_tensor_variable(shape, ndim=1)
        if shape.type.dtype not in dtypes.INTEGERS:
            if shape.type.dtype == "float64" and isinstance(shape, Constant) and shape.data.size == 0:
                shape = constant(np.zeros(0, dtype="int64"))
            else:
                raise TypeError("shape must be an integer vector", shape.type)
        shape = cast(shape, "int64")
        args = [as_tensor_variable(a) for a in args]
        if not isinstance(r.type, RandomStateType):
            raise TypeError(f"{self}: the generator must be a RandomStateType variable, got {r.type}")
        node = Apply(self, [r, shape] + args, [r.type(), self.outtype()])
        self._register(node)
        return node

    def _key(self, node):
        name = self.fn if isinstance(self.fn, str) else self.fn.__name__
        if not isinstance(self.fn, str) and numpy_random.HELPERS.get(name) is not self.fn:
            raise NotImplementedError(
                f"{self}: theano_mlir draws with numpy's RandomState methods and Theano's helpers only"
            )
        return numpy_random.draw_key(
            name,
            self.outtype.dtype,
            self.outtype.broadcastable,
            self.ndim_added,
            [v.dtype for v in node.inputs],
        )

    def _register(self, node):
        return host.register(self._key(node))

    def host_key(self, node):
        """The host function's key (what an export records)."""
        return self._key(node)

    def grad(self, inputs, output_grads):
        return [
            NullType(
                f"This variable is Null because the grad method for input {k} ({v}) of the {self} op is "
                "mathematically undefined. No gradient defined through raw random numbers op"
            )()
            for k, v in enumerate(inputs)
        ]

    def emit(self, emitter, node, inputs):
        types = [
            emitter.tensor_type(v.dtype, [1 if b else None for b in v.broadcastable]) for v in node.outputs
        ]
        ident = self._register(node)
        return list(dialect.HostCallOp(types, ident, inputs).results)


def _infer_ndim_bcast(ndim, shape, *args):
    """(ndim, int64 shape vector, broadcastable) of a draw from `shape` (a
    tuple of ints and scalars, where -1 takes an argument's size; a vector;
    or None: the arguments' broadcast shape), as Theano infers them."""
    args_ndim = max((a.ndim for a in args), default=0)
    if isinstance(shape, (tuple, list)):
        if ndim is None:
            ndim = len(shape)
        elif len(shape) != ndim:
            raise ValueError(
                "ndim should be equal to len(shape), but\n",
                f"ndim = {ndim}, len(shape) = {len(shape)}, shape = {shape}",
            )
        bcast, sizes = [], []
        for i, s in enumerate(shape):
            if hasattr(s, "type"):
                bcast.append(False)
                sizes.append(s)
            elif s >= 0:
                sizes.append(as_tensor_variable(s))
                bcast.append(s == 1)
            elif s == -1:
                for a in args:
                    if i >= ndim - a.ndim and not a.broadcastable[i + a.ndim - ndim]:
                        sizes.append(a.shape[i + a.ndim - ndim])
                        bcast.append(False)
                        break
                else:
                    if not any(i >= ndim - a.ndim for a in args):
                        raise ValueError(
                            "Auto-shape of -1 must overlap with the shape of one of the broadcastable inputs"
                        )
                    sizes.append(as_tensor_variable(1))
                    bcast.append(True)
            else:
                raise ValueError("negative shape", s)
        v_shape = constant(np.zeros(0, dtype="int64")) if not sizes else stack(sizes)
    elif shape is None:
        if not args:
            raise TypeError("_infer_ndim_bcast cannot infer shape without either shape or args")
        template = args[0]
        for a in args[1:]:
            template = template + a
        v_shape, bcast, ndim = template.shape, template.broadcastable, template.ndim
    else:
        v_shape = as_tensor_variable(shape)
        if v_shape.ndim != 1:
            raise TypeError(f"shape must be a vector or list of scalar, got '{v_shape}'")
        if ndim is None:
            ndim = get_vector_length(v_shape)
        bcast = [False] * ndim
    if v_shape.ndim != 1:
        raise TypeError(f"shape must be a vector or list of scalar, got '{v_shape}'")
    if v_shape.dtype not in dtypes.INTEGERS:
        raise TypeError("shape must be an integer vector or list", v_shape.dtype)
    if args_ndim > ndim:
        raise ValueError("ndim should be at least as big as required by args value", (ndim, args_ndim), args)
    return ndim, cast(v_shape, "int64"), tuple(bcast)


def _draw(fn, random_state, size, ndim, dtype, args, ndim_added=0, extra_bcast=()):
    ndim, size, bcast = _infer_ndim_bcast(ndim, size, *args)
    op = RandomFunction(fn, TensorType(dtype, tuple(bcast) + tuple(extra_bcast)), ndim_added=ndim_added)
    return op(random_state, size, *args)


def uniform(random_state, size=None, low=0.0, high=1.0, ndim=None, dtype=None):
    """Floats uniform in [low, high) (numpy's RandomState.uniform)."""
    low, high = as_tensor_variable(low), as_tensor_variable(high)
    if dtype is None:
        dtype = dtypes.upcast(config.floatX, low.dtype, high.dtype)
    return _draw("uniform", random_state, size, ndim, dtype, [low, high])


def normal(random_state, size=None, avg=0.0, std=1.0, ndim=None, dtype=None):
    """Normal floats (numpy's RandomState.normal)."""
    avg, std = as_tensor_variable(avg), as_tensor_variable(std)
    if dtype is None:
        dtype = dtypes.upcast(config.floatX, avg.dtype, std.dtype)
    return _draw("normal", random_state, size, ndim, dtype, [avg, std])


def binomial(random_state, size=None, n=1, p=0.5, ndim=None, dtype="int64", prob=None):
    """Binomial counts (numpy's RandomState.binomial)."""
    if prob is not None:
        p = prob
    n, p = as_tensor_variable(n), as_tensor_variable(p)
    n = cast(n, "int32") if n.dtype == "int64" else n
    return _draw("binomial", random_state, size, ndim, dtype, [n, p])


def random_integers(random_state, size=None, low=0, high=1, ndim=None, dtype="int64"):
    """Integers in [low, high] (Theano's random_integers)."""
    low, high = as_tensor_variable(low), as_tensor_variable(high)
    return _draw(random_integers_helper, random_state, size, ndim, dtype, [low, high])


def choice(random_state, size=None, a=2, replace=True, p=None, ndim=None, dtype="int64"):
    """Draws from the elements of `a` (or range(a)), numpy's choice."""
    a = as_tensor_variable(a)
    if isinstance(replace, bool):
        replace = constant(replace, dtype="int8")
    else:
        replace = as_tensor_variable(replace)
    # p=None (or a false number, as Theano's `p or []`) is an empty vector
    if p is None or (isinstance(p, (int, float)) and not p):
        p = []
    p = as_tensor_variable(p)
    ndim, size, bcast = _infer_ndim_bcast(ndim, size)
    op = RandomFunction(choice_helper, TensorType(dtype, bcast))
    return op(random_state, size, a, replace, p)


def poisson(random_state, size=None, lam=1.0, ndim=None, dtype="int64"):
    """Poisson counts (numpy's RandomState.poisson)."""
    lam = as_tensor_variable(lam)
    ndim, size, bcast = _infer_ndim_bcast(ndim, size)
    op = RandomFunction("poisson", TensorType(dtype, bcast))
    return op(random_state, size, lam)


def permutation(random_state, size=None, n=1, ndim=None, dtype="int64"):
    """Permutations of range(n): size + (n,) (Theano's)."""
    if size is None or size == ():
        if not (ndim is None or ndim == 1):
            raise TypeError("You asked for just one permutation but asked for more then 1 dimensions.")
        ndim = 1
        size = ()
        bcast = ()
    else:
        ndim, size, bcast = _infer_ndim_bcast(ndim, size)
    op = RandomFunction(permutation_helper, TensorType(dtype, tuple(bcast) + (False,)), ndim_added=1)
    return op(random_state, size, n)


def multinomial(random_state, size=None, n=1, pvals=(0.5, 0.5), ndim=None, dtype="int64"):
    """Counts of n draws from the probabilities pvals (last axis), Theano's."""
    n = as_tensor_variable(n)
    pvals = as_tensor_variable(pvals)
    tmp = pvals.T[0].T
    ndim, size, bcast = _infer_ndim_bcast(ndim, size, n, tmp)
    op = RandomFunction(
        multinomial_helper, TensorType(dtype, tuple(bcast) + (pvals.type.broadcastable[-1],)), ndim_added=1
    )
    return op(random_state, size, n, pvals)


class RandomStreamsBase:
    """The draws of a random streams object (Theano's): each calls
    self.gen(raw function, arguments...)."""

    def binomial(self, size=None, n=1, p=0.5, ndim=None, dtype="int64", prob=None):
        if prob is not None:
            p = prob
        return self.gen(binomial, size, n, p, ndim=ndim, dtype=dtype)

    def uniform(self, size=None, low=0.0, high=1.0, ndim=None, dtype=None):
        return self.gen(uniform, size, low, high, ndim=ndim, dtype=dtype)

    def normal(self, size=None, avg=0.0, std=1.0, ndim=None, dtype=None):
        return self.gen(normal, size, avg, std, ndim=ndim, dtype=dtype)

    def random_integers(self, size=None, low=0, high=1, ndim=None, dtype="int64"):
        return self.gen(random_integers, size, low, high, ndim=ndim, dtype=dtype)

    def choice(self, size=None, a=2, replace=True, p=None, ndim=None, dtype="int64"):
        return self.gen(choice, size, a, replace, p, ndim=ndim, dtype=dtype)

    def poisson(self, size=None, lam=None, ndim=None, dtype="int64"):
        return self.gen(poisson, size, lam, ndim=ndim, dtype=dtype)

    def permutation(self, size=None, n=1, ndim=None, dtype="int64"):
        return self.gen(permutation, size, n, ndim=ndim, dtype=dtype)

    def multinomial(self, size=None, n=1, pvals=(0.5, 0.5), ndim=None, dtype="int64"):
        return self.gen(multinomial, size, n, pvals, ndim=ndim, dtype=dtype)

    def shuffle_row_elements(self, input):
        """`input` with the elements of each row (last axis) permuted."""
        perm = self.permutation(size=input.shape[:-1], n=input.shape[-1], ndim=input.ndim - 1)
        shuffled = permute_row_elements(input, perm)
        perm.default_update = None
        return shuffled
