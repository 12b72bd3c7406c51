"""Theano's per-input state of a function: In(x, value=..., update=...),
f[x], f.value, f.container (shared between functions), Function.copy,
pickling and deepcopy, dict outputs, allow_downcast per In (#21)."""

import copy
import pickle

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.compile.io import In
from theano_mlir.gof import Container


def _accumulator():
    a = T.scalar()
    x, s = T.scalars("xs")
    f = theano.function(
        [x, In(a, value=1.0, name="a"), In(s, value=0.0, update=s + a * x, mutable=True)], s + a * x
    )
    return f, a, x, s


def test_state_kept_and_defaults_restored():
    f, a, x, s = _accumulator()
    assert f[a] == 1.0 and f[s] == 0.0
    assert f(3.0) == 3.0
    assert f(3.0, a=2.0) == 9.0
    assert f[a] == 1.0  # a default given for one call only
    assert f[s] == 9.0  # the update stays
    f[a] = 5.0
    assert f(3.0) == 24.0 and f[s] == 24.0
    assert isinstance(f.container[s], Container) and f.value[s] == 24.0
    assert x in f and "a" in f.value


def test_shared_container_between_functions():
    x, s = T.scalars("xs")
    inc = theano.function([x, In(s, update=s + x, value=10.0)], [])
    dec = theano.function([x, In(s, update=s - x, value=inc.container[s], implicit=False)], [])
    assert dec[s] is inc[s]
    inc[s] = 2
    assert dec[s] == 2
    dec(1)
    assert inc[s] == 1
    dec(1, 0)  # the given value, then the update, land in the shared container
    assert inc[s] == -1 and dec[s] == -1
    implicit = theano.function([x, In(s, value=inc.container[s])], s + x)
    with pytest.raises(TypeError, match="implicit"):
        implicit(1, 2)


def test_in_update_swaps_with_shared_update():
    shared = theano.shared(1.0)
    a = T.dscalar("a")
    f = theano.function([In(a, value=0.0, update=shared)], [], updates={shared: a})
    for i in range(5):
        f()
        assert np.allclose(shared.get_value(), i % 2)


def test_in_errors():
    a, b = T.dscalar("a"), T.dvector("b")
    with pytest.raises(TypeError):
        In(a, update=b)
    with pytest.raises(TypeError):
        In(a, name=[])
    with pytest.raises(TypeError):
        theano.function([theano.shared(1.0)], T.constant(1.0))
    x, s = T.scalars("xs")
    with pytest.raises(theano.gof.MissingInputError):
        theano.function([In(x, update=s + x)], x)
    p, q, r = T.scalars("ppp")
    f = theano.function([p, q, r], p + q + r)
    with pytest.raises(TypeError, match="Ambiguous"):
        f(1, 2, p=3)


def test_copy():
    f, a, x, s = _accumulator()
    g = copy.copy(f)
    assert g.container[s].storage is not f.container[s].storage
    assert g.value[a] is f.value[a]  # not mutable: the same value
    assert g.value[s] is not f.value[s]  # mutable: copied
    assert f(2, 1) == g(2) and f(2, 1) == g(2)
    f(1, 2)
    assert f(1, 2) != g(1, 2)


def test_copy_swap_and_delete_updates():
    y, z = theano.shared(1, name="y"), theano.shared(2, name="z")
    z2 = theano.shared(4, name="z2")
    x = T.fscalar("x")
    f = theano.function([x], x + y + z, updates={z: z * 2})
    g = f.copy(delete_updates=True)  # a copy returns a list of outputs, as Theano's
    assert g(1) == [4] and g(1) == [4] and z.get_value() == 2
    h = f.copy(swap={z: z2})
    assert h(1) == [6] and z2.get_value() == 8 and z.get_value() == 2


@pytest.mark.parametrize("how", ["deepcopy", "pickle"])
def test_deepcopy_and_pickle(how):
    f, a, x, s = _accumulator()
    f(1.0)
    g = copy.deepcopy(f) if how == "deepcopy" else pickle.loads(pickle.dumps(f, protocol=-1))
    assert x not in g.container
    assert g.container[2].storage is not f.container[2].storage
    assert g[2] == f[s] == 1.0
    assert f(2, 1) == g(2)
    f(1, 2)
    assert f(1, 2) != g(1, 2)


def test_deepcopy_keeps_containers_shared():
    x, s = T.scalars("xs")
    f1 = theano.function([x, In(s, value=0.0, update=s + x)], s + x)
    f2 = theano.function([x, In(s, value=f1.container[s], update=s + x)], s + x)
    g1, g2 = copy.deepcopy([f1, f2])
    assert g2.container[2 - 1].storage is g1.container[1].storage
    f2(5)
    assert f1[s] == 5 and g1[1] == 0


def test_dict_outputs():
    v = T.vector()
    f = theano.function([v], {"vec": v**2, "abs": abs(v)})
    out = f([2, -3])
    assert sorted(out) == ["abs", "vec"] and np.allclose(out["vec"], [4, 9])
    assert np.allclose(copy.deepcopy(f)([2, -3])["abs"], [2, 3])


def test_allow_downcast_per_input():
    a, b = T.wvector("a"), T.fscalar("b")
    f = theano.function([In(a, allow_downcast=True), In(b, allow_downcast=True)], a + b)
    assert np.all(f([2**20 + 2], 0.1) == np.float32(0.1) + 2)  # wraps as a C cast, 0.1 rounded
    g = theano.function([In(b, allow_downcast=False)], b)
    with pytest.raises(TypeError):
        g(0.1)
