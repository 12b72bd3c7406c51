"""numpy's random draws as host functions (theano.tensor.raw_random's
RandomFunction): a RandomState is passed as its packed state, and a draw's
key says all it does, so that any process (one running a cached kernel or
an exported function) rebuilds the function from the key alone.

Key: "numpy_random:<fn>:<result dtype>:<result broadcastable, 0/1 per
dimension>:<ndim_added>:<operand dtypes, comma-separated>", where <fn> is
a RandomState method or a helper of this module.
"""

import numpy as np

from . import host

#: words of a packed RandomState: key (624), position, has_gauss, gauss (2)
STATE_WORDS = 628
PREFIX = "numpy_random"


def pack_state(random_state):
    """A RandomState's state as STATE_WORDS uint32."""
    _name, key, position, has_gauss, gauss = random_state.get_state(legacy=True)
    words = np.empty(STATE_WORDS, dtype=np.uint32)
    words[:624] = key
    words[624] = position
    words[625] = has_gauss
    words[626:] = np.frombuffer(np.float64(gauss).tobytes(), dtype=np.uint32)
    return words


def unpack_state(words):
    """The RandomState whose packed state is `words`."""
    words = np.asarray(words, dtype=np.uint32)
    gauss = float(np.frombuffer(words[626:].tobytes(), dtype=np.float64)[0])
    random_state = np.random.RandomState()
    random_state.set_state(("MT19937", words[:624].copy(), int(words[624]), int(words[625]), gauss))
    return random_state


# --- Theano's helpers: draws numpy's methods do not broadcast as Theano's ---


def random_integers_helper(random_state, low, high, size):
    """Integers in [low, high], one call per element (Theano's)."""
    low, high = np.asarray(low), np.asarray(high)
    if size is None:
        size = np.broadcast(low, high).shape
    out = np.empty(size, dtype="int64")
    lows, highs = np.broadcast_to(low, size), np.broadcast_to(high, size)
    for index in np.ndindex(*size):
        out[index] = random_state.randint(int(lows[index]), int(highs[index]) + 1)
    return out


def choice_helper(random_state, a, replace, p, size):
    """numpy's choice; a p of no elements means uniform (Theano's)."""
    a, p = np.asarray(a), np.asarray(p)
    if a.ndim > 1:
        raise ValueError(f"a.ndim ({a.ndim}) must be 0 or 1")
    if p.ndim != 1:
        raise ValueError(f"p.ndim ({p.ndim}) must be 1")
    return random_state.choice(a[()] if a.ndim == 0 else a, size, bool(replace), None if p.size == 0 else p)


def permutation_helper(random_state, n, shape):
    """A permutation of range(n) per element of `shape`: shape + (n,)."""
    n = int(n)
    shape = () if shape is None else tuple(shape)
    out = np.empty(shape + (n,), dtype="int64")
    for index in np.ndindex(*shape):
        out[index] = random_state.permutation(n)
    return out


def multinomial_helper(random_state, n, pvals, size):
    """numpy's multinomial per element of `size`, n and the rows of pvals
    (last axis) broadcast over it."""
    n, pvals = np.asarray(n), np.asarray(pvals)
    if size is None:
        size = np.broadcast(n, pvals[..., 0]).shape
    size = tuple(size)
    out = np.empty(size + (pvals.shape[-1],), dtype="int64")
    ns = np.broadcast_to(n, size)
    rows = np.broadcast_to(pvals, size + (pvals.shape[-1],))
    if pvals.size and pvals.min() < 0:
        raise ValueError("multinomial: pvals must not be negative")
    for index in np.ndindex(*size):
        row = rows[index]
        total = np.sum(row)
        # Theano's: a sum a little over 1, or a tiny last probability, scaled down
        if 1.0 < total < 1.0 + 1e-5 or row[-1] < 5e-5:
            row = row * (1.0 - 5e-5)
        out[index] = random_state.multinomial(int(ns[index]), row.astype("float64"))
    return out


HELPERS = {
    f.__name__: f for f in (random_integers_helper, choice_helper, permutation_helper, multinomial_helper)
}


def draw_key(fn, dtype, broadcastable, ndim_added, operand_dtypes):
    """The key of a draw (see the module's docstring)."""
    pattern = "".join("1" if b else "0" for b in broadcastable)
    return f"{PREFIX}:{fn}:{dtype}:{pattern}:{ndim_added}:{','.join(operand_dtypes)}"


def _draw_function(key):
    """(function, operand dtypes, result dtypes) of a draw's key: Theano's
    RandomFunction.perform on the packed state."""
    _prefix, fn, dtype, pattern, ndim_added, operands = key.split(":")
    broadcastable = [c == "1" for c in pattern]
    ndim, ndim_added = len(broadcastable), int(ndim_added)
    method = HELPERS[fn] if fn in HELPERS else getattr(np.random.RandomState, fn)

    def draw(state, shape, *args):
        r = unpack_state(state)
        shape = None if len(shape) == 0 else tuple(int(s) for s in shape)
        if shape is not None and ndim != len(shape) + ndim_added:
            raise ValueError(
                f"Shape mismatch: self.outtype.ndim ({ndim}) != len(shape) ({len(shape)}) + "
                f"self.ndim_added ({ndim_added})"
            )
        rval = np.asarray(method(r, *[a[()] if a.ndim == 0 else a for a in args], shape)).astype(
            dtype, copy=False
        )
        if shape is None and rval.ndim == 0 and ndim > 0:
            rval = rval.reshape([1] * ndim)
        if rval.ndim != ndim:
            raise ValueError(
                f'Shape mismatch: "out" should have dimension {ndim}, but the value produced by '
                f'"perform" has dimension {rval.ndim}'
            )
        if shape is not None and rval.shape[: rval.ndim - ndim_added] != shape:
            raise ValueError(
                f'Shape mismatch: "out" should have shape {shape}, but the value produced has shape {rval.shape}'
            )
        for size, b in zip(rval.shape, broadcastable):
            if b and size != 1:
                raise ValueError(f"the draw {fn} has size {size} along a broadcastable dimension")
        return [pack_state(r), rval]

    return draw, operands.split(","), ["uint32", dtype]


host.FACTORIES[PREFIX] = _draw_function
