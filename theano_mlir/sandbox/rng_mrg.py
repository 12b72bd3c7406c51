"""theano.sandbox.rng_mrg: Theano's MRG31k3p random streams.

The same numbers as Theano 1.0.5 for the same seed, sizes and order of
draws: each draw keeps its streams' states (one row of six int32 per
stream, spaced 2^72 draws apart, as Theano lays them out) in a shared
variable whose default update is the state after the draw. The draws
themselves are the `theano.mrg_uniform` op, a loop inside the compiled
kernel; normal, binomial, multinomial and choice are built on uniform draws
as Theano builds them.
"""

import warnings

import numpy as np

from .. import dtypes
from ..compile.sharedvalue import shared
from ..config import config
from ..dialect import theano as dialect
from .. import tensor
from ..graph import Apply, Op, Variable
from ..graph.op import CompositeOp
from ..tensor.conversion import as_tensor_variable
from ..tensor.differentiation import undefined_grad
from ..tensor.elemwise import Cast
from ..tensor.opclasses import extract_constant, get_vector_length
from ..tensor.type import TensorType
from . import multinomial

M1 = np.int32(2147483647)  # 2^31 - 1
M2 = np.int32(2147462579)  # 2^31 - 21069
MASK12 = np.int32(511)  # 2^9 - 1
MASK13 = np.int32(16777215)  # 2^24 - 1
MASK2 = np.int32(65535)  # 2^16 - 1
MULT2 = np.int32(21069)
NORM = 4.656612873077392578125e-10  # 1./2^31

# The jumps between streams (2^134 draws) and substreams (2^72 draws) of
# each of the two recurrences.
A1p72 = np.asarray(
    [
        [1516919229, 758510237, 499121365],
        [1884998244, 1516919229, 335398200],
        [601897748, 1884998244, 358115744],
    ],
    dtype="int64",
)
A2p72 = np.asarray(
    [
        [1228857673, 1496414766, 954677935],
        [1133297478, 1407477216, 1496414766],
        [2002613992, 1639496704, 1407477216],
    ],
    dtype="int64",
)
A1p134 = np.asarray(
    [
        [1702500920, 1849582496, 1656874625],
        [828554832, 1702500920, 1512419905],
        [1143731069, 828554832, 102237247],
    ],
    dtype="int64",
)
A2p134 = np.asarray(
    [
        [796789021, 1464208080, 607337906],
        [1241679051, 1431130166, 1464208080],
        [1401213391, 1178684362, 1431130166],
    ],
    dtype="int64",
)


def matVecModM(A, s, m):
    """A . s mod m (int64 matrix, int32 vector), as int32."""
    assert A.dtype == "int64"
    return np.int32(np.sum((A * s) % m, 1) % m)


def multMatVect(v, A, m1, B, m2):
    """The first half of the state `v` times A mod m1 and the second times
    B mod m2 (a jump of both recurrences)."""
    v = np.asarray(v)
    return np.concatenate([matVecModM(A, v[:3], m1), matVecModM(B, v[3:], m2)])


class DotModulo(CompositeOp):
    """A . s mod m and A2 . s2 mod m2, joined (a jump of both recurrences
    of a state, as a graph: Theano's op of multMatVect)."""

    def make_node(self, A, s, m, A2, s2, m2):
        inputs = [as_tensor_variable(v) for v in (A, s, m, A2, s2, m2)]
        return Apply(self, inputs, [TensorType("int32", (False,))()])

    def build(self, node, A, s, m, A2, s2, m2):
        def times_mod(matrix, vector, modulus):
            modulus = tensor.cast(modulus, "int64")
            products = tensor.cast(matrix, "int64") * tensor.cast(vector, "int64")
            return tensor.sum(products % modulus, axis=1) % modulus

        return [tensor.cast(tensor.join(0, times_mod(A, s, m), times_mod(A2, s2, m2)), "int32")]


def ff_2p134(rstate):
    """The state 2^134 draws ahead: the next stream."""
    return multMatVect(rstate, A1p134, M1, A2p134, M2)


def ff_2p72(rstate):
    """The state 2^72 draws ahead: the next substream."""
    return multMatVect(rstate, A1p72, M1, A2p72, M2)


def _rows_times_mod(A, rows, m):
    """Each row r of `rows` (k x 3, int64) replaced by A . r mod m; the
    products stay below 2^62 and are reduced before they are summed."""
    return np.sum((A[None, :, :] * rows[:, None, :]) % m, axis=2) % m


def _substream_states(first, count):
    """`count` states, the first `first` and each 2^72 draws after the one
    before: blocks doubled by powers of the jump (log2(count) numpy steps
    instead of one matrix product per stream)."""
    states = np.empty((count, 6), dtype="int64")
    states[0] = first
    jumps = [(A1p72.copy(), np.int64(M1)), (A2p72.copy(), np.int64(M2))]
    done = 1
    while done < count:
        todo = min(done, count - done)
        for half, (jump, m) in enumerate(jumps):
            part = slice(3 * half, 3 * half + 3)
            states[done : done + todo, part] = _rows_times_mod(jump, states[:todo, part], m)
        if done + todo < count:  # the jump over the states now known
            jumps = [(_rows_times_mod(jump, jump.T, m).T, m) for jump, m in jumps]
        done += todo
    return states.astype("int32")


def mrg_next_value(rstate, new_rstate, NORM, mask, offset):
    """One draw (Python, as Theano's reference): advances `rstate` into
    `new_rstate` and returns the sample."""
    x11, x12, x13, x21, x22, x23 = (int(v) for v in rstate)

    def wrap(v):  # int32 arithmetic, as the C code
        return (v + 2**31) % 2**32 - 2**31

    def reduce(y, m):
        return wrap(y - m) if (y < 0 or y >= m) else y

    y1 = wrap(((x12 & int(MASK12)) << 22) + (x12 >> 9) + ((x13 & int(MASK13)) << 7) + (x13 >> 24))
    y1 = reduce(y1, int(M1))
    y1 = reduce(wrap(y1 + x13), int(M1))
    x13, x12, x11 = x12, x11, y1
    y1 = reduce(wrap(((x21 & int(MASK2)) << 15) + int(MULT2) * (x21 >> 16)), int(M2))
    y2 = reduce(wrap(((x23 & int(MASK2)) << 15) + int(MULT2) * (x23 >> 16)), int(M2))
    y2 = reduce(wrap(y2 + x23), int(M2))
    y2 = reduce(wrap(y2 + y1), int(M2))
    x23, x22, x21 = x22, x21, y2
    new_rstate[...] = [x11, x12, x13, x21, x22, x23]
    drawn = x11 - x21 + int(M1) if x11 <= x21 else x11 - x21
    return ((drawn & mask) + offset) * NORM


class mrg_uniform_base(Op):
    """Uniform draws from a state of MRG31k3p streams: (new state, sample)."""

    __props__ = ("output_type", "inplace")

    def __init__(self, output_type, inplace=False):
        self.output_type = output_type
        self.inplace = inplace
        if inplace:
            self.destroy_map = {0: [0]}

    def __str__(self):
        return f"{type(self).__name__}{{{self.output_type},{'inplace' if self.inplace else 'no_inplace'}}}"


class mrg_uniform(mrg_uniform_base):
    """Theano's CPU mrg_uniform: element i of the sample is the next draw of
    stream i mod n_streams (the rows of `rstate`)."""

    def make_node(self, rstate, size):
        broadcastable = [extract_constant(size[i]) == 1 for i in range(self.output_type.ndim)]
        output_type = TensorType(self.output_type.dtype, broadcastable)
        rstate = as_tensor_variable(rstate)
        size = as_tensor_variable(size)
        if rstate.ndim != 2 or rstate.dtype != "int32":
            raise TypeError(f"mrg_uniform: the state must be an int32 matrix, got {rstate.type}")
        if size.ndim != 1:  # any dtype, as Theano (an empty size is float64)
            raise TypeError(f"mrg_uniform: the size must be a vector, got {size.type}")
        return Apply(self, [rstate, size], [rstate.type(), output_type()])

    @classmethod
    def new(cls, rstate, ndim, dtype, size):
        v_size = as_tensor_variable(size)
        if ndim is None:
            ndim = get_vector_length(v_size)
        op = cls(TensorType(dtype, (False,) * ndim))
        return op(rstate, v_size)

    def infer_shape(self, node, input_shapes):
        size = node.inputs[1]
        return [input_shapes[0], tuple(size[i] for i in range(self.output_type.ndim))]

    def emit(self, emitter, node, inputs):
        state, size = inputs
        sample = node.outputs[1]
        sample_type = emitter.tensor_type(sample.dtype, [1 if b else None for b in sample.broadcastable])
        new_state, result = dialect.MRGUniformOp(
            state.type, sample_type, state, emitter.cast(size, "int64")
        ).results
        return [new_state, result]


def guess_n_streams(size, warn=False):
    """Theano's number of streams for a draw of `size`: a sixth of the
    element count for constant sizes (all of them up to 6), at most 60 * 256;
    60 * 256 where the size is symbolic."""
    if isinstance(size, (tuple, list)) and all(isinstance(i, (int, np.integer)) for i in size):
        r = 1
        for s in size:
            r *= s
        if r > 6:
            r = r // 6  # chosen as fastest for rbm_benchmark
        return min(r, 60 * 256)
    if warn:
        warnings.warn(
            f"MRG_RandomStreams Can't determine #streams from size ({size}), guessing 60*256", stacklevel=3
        )
    return 60 * 256


def _check_size(size):
    """`size` (an int, a tuple or list of ints and scalars, or a vector) as
    a vector variable (Theano's)."""
    if isinstance(size, Variable):
        if size.ndim == 1:
            return size
        if size.ndim == 0:
            return tensor.stack([size])
        raise ValueError("Theano variable must have 1 dimension to be a valid size.", size)
    if isinstance(size, (int, np.integer)):
        return tensor.constant([size], ndim=1)
    if not isinstance(size, (tuple, list)):
        raise ValueError("Size must be a int, tuple, list or Theano variable.", size)
    for i in size:
        if isinstance(i, Variable):
            if i.ndim != 0:
                raise ValueError("Non-scalar Theano variable in size", size, i)
        elif isinstance(i, (int, np.integer)):
            if i <= 0:
                raise ValueError("Non-positive dimensions not allowed in size.", size, i)
        else:
            raise ValueError("Only Theano variables and integers are allowed in a size-tuple.", size, i)
    return tensor.as_tensor_variable(size, ndim=1)


class MRG_RandomStreams:
    """Random streams with numpy.random's interface (Theano's): each draw
    is a sample variable whose state is a shared variable updated by
    default, so every call of a function draws new numbers.

    `seed`: an int (replicated six times) or six ints; the first three below
    M1 = 2147483647 and not all 0, the last three below M2 = 2147462579 and
    not all 0."""

    def updates(self):
        return list(self.state_updates)

    def __init__(self, seed=12345):
        # (state, new state, size, nstreams) of every draw, for seed()
        self.state_updates = []
        self.default_instance_seed = seed
        self.set_rstate(seed)

    def set_rstate(self, seed):
        if isinstance(seed, (int, np.integer)):
            if seed == 0:
                raise ValueError("seed should not be 0", seed)
            elif seed >= M2:
                raise ValueError(f"seed should be less than {M2}", seed)
            self.rstate = np.asarray([seed] * 6, dtype="int32")
        elif len(seed) == 6:
            if seed[0] == 0 and seed[1] == 0 and seed[2] == 0:
                raise ValueError("The first 3 values of seed should not be all 0", seed)
            if seed[3] == 0 and seed[4] == 0 and seed[5] == 0:
                raise ValueError("The last 3 values of seed should not be all 0", seed)
            if seed[0] >= M1 or seed[1] >= M1 or seed[2] >= M1:
                raise ValueError(f"The first 3 values of seed should be less than {M1}", seed)
            if seed[3] >= M2 or seed[4] >= M2 or seed[5] >= M2:
                raise ValueError(f"The last 3 values of seed should be less than {M2}", seed)
            self.rstate = np.asarray(seed, dtype="int32")
        else:
            raise TypeError("seed should be 1 integer or 6 integers")

    def seed(self, seed=None):
        """Re-initializes every stream drawn from so far, deterministically
        from `seed` (the constructor's seed by default)."""
        if seed is None:
            seed = self.default_instance_seed
        self.set_rstate(seed)
        for old_r, new_r, size, nstreams in self.state_updates:
            if nstreams is None:
                nstreams = self.n_streams(size)
            rstates = self.get_substream_rstates(nstreams, new_r.owner.outputs[1].dtype)
            assert old_r.get_value(borrow=True, return_internal_type=True).shape == rstates.shape
            old_r.set_value(rstates, borrow=True)

    def inc_rstate(self):
        """Moves self.rstate 2^134 draws ahead, to the next stream's start."""
        self.rstate = multMatVect(self.rstate, A1p134, M1, A2p134, M2)
        assert self.rstate.dtype == np.int32

    def get_substream_rstates(self, n_streams, dtype, inc_rstate=True):
        """A matrix of `n_streams` states, one per row, 2^72 draws apart,
        starting at self.rstate (which then moves to the next stream)."""
        assert isinstance(dtype, str)
        assert 0 < n_streams < 2**72
        rval = _substream_states(self.rstate, int(n_streams))
        if inc_rstate:
            self.inc_rstate()
        return rval

    def n_streams(self, size):
        return guess_n_streams(size)

    def pretty_return(self, node_rstate, new_rstate, sample, size, nstreams):
        sample.rstate = node_rstate
        sample.update = (node_rstate, new_rstate)
        self.state_updates.append((node_rstate, new_rstate, size, nstreams))
        node_rstate.default_update = new_rstate
        return sample

    def uniform(self, size, low=0.0, high=1.0, ndim=None, dtype=None, nstreams=None, **kwargs):
        """Draws of shape `size` uniform in (low, high), in `dtype` (by
        default the upcast of low's, high's and floatX)."""
        low = as_tensor_variable(low)
        high = as_tensor_variable(high)
        if dtype is None:
            dtype = dtypes.upcast(config.floatX, low.dtype, high.dtype)
        low = undefined_grad(Cast(dtype)(low) if low.dtype != dtype else low)
        high = undefined_grad(Cast(dtype)(high) if high.dtype != dtype else high)

        if isinstance(size, tuple):
            msg = "size must be a tuple of int or a Theano variable"
            assert all(isinstance(i, (np.integer, int, Variable)) for i in size), msg
            if any(isinstance(i, (np.integer, int)) and i <= 0 for i in size):
                raise ValueError("The specified size contains a dimension with value <= 0", size)
        elif not (isinstance(size, Variable) and size.ndim == 1):
            raise TypeError(
                f"size must be a tuple of int or a Theano Variable with 1 dimension, got {size} of type {type(size)}"
            )
        orig_nstreams = nstreams
        if nstreams is None:
            nstreams = self.n_streams(size)
        rstates = self.get_substream_rstates(nstreams, dtype)

        kwargs.pop("target", None)  # a GPU context: one device here
        if kwargs:
            raise TypeError(f"uniform() got unexpected keyword arguments {list(kwargs)}")
        node_rstate = shared(rstates)
        u = self.pretty_return(
            node_rstate, *mrg_uniform.new(node_rstate, ndim, dtype, size), size=size, nstreams=orig_nstreams
        )
        node_rstate.tag.is_rng = True
        r = u * (high - low) + low
        if u.type.broadcastable != r.type.broadcastable:
            raise NotImplementedError(
                "Increase the size to match the broadcasting pattern of `low` and `high` arguments"
            )
        assert r.dtype == dtype
        return r

    def binomial(self, size=None, n=1, p=0.5, ndim=None, dtype="int64", nstreams=None, **kwargs):
        """0/1 draws, 1 with probability p (n = 1 only, as Theano)."""
        if n == 1:
            p = undefined_grad(as_tensor_variable(p))
            x = self.uniform(size=size, nstreams=nstreams, **kwargs)
            return Cast(dtype)(x < p)
        raise NotImplementedError("MRG_RandomStreams.binomial with n > 1")

    def multinomial(self, size=None, n=1, pvals=None, ndim=None, dtype="int64", nstreams=None, **kwargs):
        """`n` draws from each row of the probabilities `pvals` (a matrix),
        counted per outcome."""
        if pvals is None:
            raise TypeError("You have to specify pvals")
        pvals = undefined_grad(as_tensor_variable(pvals))
        if size is not None:
            if any(isinstance(i, int) and i <= 0 for i in size):
                raise ValueError("The specified size contains a dimension with value <= 0", size)
            raise ValueError(
                "Provided a size argument to MRG_RandomStreams.multinomial, which does not use the size argument."
            )
        if ndim is not None:
            raise ValueError(
                "Provided an ndim argument to MRG_RandomStreams.multinomial, which does not use the ndim argument."
            )
        if pvals.ndim == 2:
            size = pvals[:, 0].shape * n
            unis = self.uniform(size=size, ndim=1, nstreams=nstreams, **kwargs)
            op = multinomial.MultinomialFromUniform(dtype)
            return op(pvals, unis, as_tensor_variable(n))
        raise NotImplementedError("MRG_RandomStreams.multinomial only implemented for pvals.ndim = 2")

    def choice(self, size=1, a=None, replace=True, p=None, ndim=None, dtype="int64", nstreams=None, **kwargs):
        """`size` indices per row of the probabilities `p` (a matrix),
        without replacement (the only form Theano implements)."""
        if replace:
            raise NotImplementedError("MRG_RandomStreams.choice only works without replacement for now.")
        if a is not None:
            raise TypeError(
                "For now, a has to be None in MRG_RandomStreams.choice. "
                "Sampled values are between 0 and p.shape[1]-1"
            )
        if p is None:
            raise TypeError("For now, p has to be specified in MRG_RandomStreams.choice.")
        p = undefined_grad(as_tensor_variable(p))
        if ndim is not None:
            raise ValueError("ndim argument to MRG_RandomStreams.choice is not used.")
        if p.ndim != 2:
            raise NotImplementedError("MRG_RandomStreams.choice is only implemented for p.ndim = 2")
        shape = p[:, 0].shape * size
        unis = self.uniform(size=shape, ndim=1, nstreams=nstreams, **kwargs)
        op = multinomial.ChoiceFromUniform(odtype=dtype)
        return op(p, unis, as_tensor_variable(size))

    def multinomial_wo_replacement(
        self, size=None, n=1, pvals=None, ndim=None, dtype="int64", nstreams=None, **kwargs
    ):
        warnings.warn(
            "MRG_RandomStreams.multinomial_wo_replacement() is deprecated and will be removed in the next "
            "release of Theano. Please use MRG_RandomStreams.choice() instead.",
            stacklevel=2,
        )
        assert size is None
        return self.choice(
            size=n, a=None, replace=False, p=pvals, dtype=dtype, nstreams=nstreams, ndim=ndim, **kwargs
        )

    def normal(self, size, avg=0.0, std=1.0, ndim=None, dtype=None, nstreams=None, truncate=False, **kwargs):
        """Normal draws by the Box-Muller transform of uniform pairs (with
        `truncate`, those beyond two standard deviations drawn again)."""
        size = _check_size(size)
        avg = undefined_grad(as_tensor_variable(avg))
        std = undefined_grad(as_tensor_variable(std))
        if dtype is None:
            dtype = dtypes.upcast(config.floatX, avg.dtype, std.dtype)
        avg = tensor.cast(avg, dtype=dtype)
        std = tensor.cast(std, dtype=dtype)

        # an even number of uniform draws (the size is symbolic, as Theano's:
        # its number of streams is then 60 * 256)
        n_odd_samples = tensor.prod(size, dtype="int64")
        n_even_samples = n_odd_samples + n_odd_samples % 2
        uniform = self.uniform(
            (n_even_samples,), low=0.0, high=1.0, ndim=1, dtype=dtype, nstreams=nstreams, **kwargs
        )
        u1 = uniform[: n_even_samples // 2]
        u2 = uniform[n_even_samples // 2 :]
        r = tensor.sqrt(-2.0 * tensor.log(u1))
        theta = np.array(2.0 * np.pi, dtype=dtype) * u2
        cos_theta, sin_theta = tensor.cos(theta), tensor.sin(theta)
        z0 = r * cos_theta
        z1 = r * sin_theta

        if truncate:
            to_fix0 = (z0 < -2.0) | (z0 > 2.0)
            to_fix1 = (z1 < -2.0) | (z1 > 2.0)
            z0_valid = z0[tensor.nonzero(~to_fix0)]
            z1_valid = z1[tensor.nonzero(~to_fix1)]
            to_fix0 = tensor.nonzero(to_fix0)[0]
            to_fix1 = tensor.nonzero(to_fix1)[0]
            n_fix_samples = to_fix0.size + to_fix1.size
            lower = tensor.constant(1.0 / np.e**2, dtype=dtype)
            u_fix = self.uniform(
                (n_fix_samples,), low=lower, high=1.0, ndim=1, dtype=dtype, nstreams=nstreams, **kwargs
            )
            r_fix = tensor.sqrt(-2.0 * tensor.log(u_fix))
            z0_fixed = r_fix[: to_fix0.size] * cos_theta[to_fix0]
            z1_fixed = r_fix[to_fix0.size :] * sin_theta[to_fix1]
            norm_samples = tensor.join(0, z0_valid, z0_fixed, z1_valid, z1_fixed)
        else:
            norm_samples = tensor.join(0, z0, z1)
        samples = norm_samples[:n_odd_samples]
        samples = tensor.reshape(samples, newshape=size, ndim=ndim)
        samples *= std
        samples += avg
        return samples

    def truncated_normal(self, size, avg=0.0, std=1.0, ndim=None, dtype=None, nstreams=None, **kwargs):
        """Normal draws truncated symmetrically at two standard deviations,
        scaled so that their standard deviation is `std`."""
        # scipy.stats.truncnorm.std(a=-2, b=2, loc=0., scale=1.)
        std = std / tensor.constant(0.87962566103423978)
        return self.normal(
            size=size, avg=avg, std=std, truncate=True, ndim=ndim, dtype=dtype, nstreams=nstreams, **kwargs
        )


__all__ = ["MRG_RandomStreams", "mrg_uniform", "guess_n_streams"]
