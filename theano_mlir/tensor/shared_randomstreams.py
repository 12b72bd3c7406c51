"""theano.tensor.shared_randomstreams: RandomStreams, numpy's generators as
shared variables (Theano's). Each draw gets its own RandomState, seeded
from the streams' seed, in a shared variable whose default update is the
generator after the draw; the draws are numpy's own (raw_random)."""

import copy

import numpy as np

from . import raw_random
from .sharedvar import TensorSharedVariable


class RandomStateSharedVariable(TensorSharedVariable):
    """A shared numpy RandomState: get_value gives a RandomState, set_value
    takes one (compiled code sees its packed state)."""

    def get_value(self, borrow=False, return_internal_type=False):
        return raw_random.unpack_state(self.container.get_value(False))

    def set_value(self, new_value, borrow=False):
        if not isinstance(new_value, np.random.RandomState):
            raise TypeError(
                f"{self}: the value must be a numpy.random.RandomState, got {type(new_value).__name__}"
            )
        self.container.set_value(raw_random.pack_state(new_value))

    def clone(self):
        twin = RandomStateSharedVariable.__new__(RandomStateSharedVariable)
        TensorSharedVariable.__init__(twin, self.type, self.get_value(), name=self.name)
        twin.container = self.container
        return twin


def randomstate_constructor(value, name=None, strict=False, allow_downcast=None, borrow=False):
    """A RandomStateSharedVariable holding `value`, a RandomState (a copy
    unless borrow)."""
    if not isinstance(value, np.random.RandomState):
        raise TypeError
    if not borrow:
        value = copy.deepcopy(value)
    return RandomStateSharedVariable(
        type=raw_random.random_state_type,
        value=value,
        name=name,
        strict=strict,
        allow_downcast=allow_downcast,
    )


class RandomStreams(raw_random.RandomStreamsBase):
    """Random streams with numpy.random's interface: each draw is numpy's,
    from a RandomState seeded by this object's seed."""

    def updates(self):
        return list(self.state_updates)

    def __init__(self, seed=None):
        self.state_updates = []
        self.default_instance_seed = seed
        self.gen_seedgen = np.random.RandomState(seed)

    def seed(self, seed=None):
        """Re-seeds every stream drawn from so far, deterministically from
        `seed` (the constructor's by default)."""
        if seed is None:
            seed = self.default_instance_seed
        seedgen = np.random.RandomState(seed)
        for old_r, _new_r in self.state_updates:
            old_r.set_value(np.random.RandomState(int(seedgen.randint(2**30))), borrow=True)

    def __getitem__(self, item):
        return item.get_value(borrow=True)

    def __setitem__(self, item, val):
        item.set_value(val, borrow=True)

    def gen(self, op, *args, **kwargs):
        """A new stream: a shared RandomState seeded from this object, and
        the draw `op` (a raw_random function) makes from it."""
        seed = int(self.gen_seedgen.randint(2**30))
        random_state_variable = randomstate_constructor(np.random.RandomState(seed))
        random_state_variable.tag.is_rng = True
        new_r, out = op(random_state_variable, *args, **kwargs)
        out.rng = random_state_variable
        out.update = (random_state_variable, new_r)
        self.state_updates.append(out.update)
        random_state_variable.default_update = new_r
        return out
