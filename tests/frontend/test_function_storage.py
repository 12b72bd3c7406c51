"""What a compiled function keeps between calls, as Theano shows it:
f.fn.storage_map and allow_gc, f.free(), copies (share_memory, a list of
outputs, "<name> copy"), trust_input, In(x, mutable=True), a borrowed
constant output, theano.function_dump (#21)."""

import copy
import pickle

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.compile.io import In, Out
from theano_mlir.graph import Constant


def test_storage_map_keeps_outputs_without_gc_and_free_drops_them():
    x = T.vector("x")
    f = theano.function([x], x + 1)
    out = f.maker.fgraph.outputs[0]
    assert f.fn.allow_gc
    f([1.0, 2.0])
    assert f.fn.storage_map[out][0] is None  # freed after the call
    f.fn.allow_gc = False
    result = f([1.0, 2.0])
    np.testing.assert_allclose(f.fn.storage_map[out][0], np.array([1.0, 2.0]) + 1)
    np.testing.assert_allclose(result, [2.0, 3.0])
    assert f.fn.storage_map[x][0] is None  # a required input is not kept
    f.free()
    assert all(cell[0] is None for key, cell in f.fn.storage_map.items() if not isinstance(key, Constant))


def test_storage_map_shows_shared_values_and_constants():
    s = theano.shared(np.arange(3.0), name="s")
    x = T.dscalar("x")
    f = theano.function([x], s * x + 2, updates={s: s + 1})
    cells = f.fn.storage_map
    np.testing.assert_array_equal(cells[s][0], np.arange(3.0))
    constants = [k for k in cells if isinstance(k, Constant)]
    assert len(constants) >= 1 and any(np.all(cells[c][0] == 2) for c in constants)
    f.fn.allow_gc = False
    np.testing.assert_allclose(f(2.0), np.arange(3.0) * 2 + 2)
    np.testing.assert_array_equal(cells[s][0], np.arange(3.0) + 1)
    update_cell = cells[f.maker.fgraph.outputs[-1]]
    np.testing.assert_array_equal(update_cell[0], np.arange(3.0) + 1)
    f.free()
    np.testing.assert_array_equal(s.get_value(), np.arange(3.0) + 1)  # the shared value stays


def test_copy_returns_a_list_named_copy_and_shares_constants():
    x = T.fscalar("x")
    y, z = theano.shared(1.0), theano.shared(2.0)
    f = theano.function([x], T.tanh((x + y + 2) / (x + z - 0.2) ** 2), updates={z: z + 1}, name="f")
    g = f.copy(share_memory=True)
    assert g.name == "f copy"
    expected = np.tanh((1 + 1 + 2) / (1 + 2 - 0.2) ** 2)
    result = g(1)
    assert isinstance(result, list) and len(result) == 1
    np.testing.assert_allclose(result[0], expected, rtol=1e-6)
    originals = list(f.fn.storage_map.values())
    for key, cell in g.fn.storage_map.items():
        if isinstance(key, Constant):
            assert any(cell is c for c in originals)
    h = f.copy()
    assert all(
        not any(cell is c for c in originals)
        for key, cell in h.fn.storage_map.items()
        if isinstance(key, Constant)
    )


def test_trust_input_converts_nothing_and_survives_deepcopy():
    x = T.dscalar("x")
    f = theano.function([x], x * 2)
    f.trust_input = True
    assert f(np.asarray(2.0)) == 4.0
    with pytest.raises(ValueError):
        f(2.0)
    with pytest.raises(ValueError):
        f(np.asarray(2, dtype="int64"))
    g = copy.deepcopy(f)
    assert g.trust_input is True
    with pytest.raises(ValueError):
        g(2.0)
    f.trust_input = False
    assert f(2.0) == 4.0


def test_mutable_input_receives_the_elementwise_output():
    a = T.dvector()
    value = np.random.rand(10)
    original = value.copy()
    f = theano.function([In(a, mutable=True)], a * 2)
    np.testing.assert_allclose(f(value), original * 2)
    np.testing.assert_allclose(value, original * 2)  # written into the caller's array
    value = np.random.rand(10)
    original = value.copy()
    g = theano.function([In(a, mutable=False)], a * 2)
    np.testing.assert_allclose(g(value), original * 2)
    np.testing.assert_array_equal(value, original)
    # a reduction is no elementwise output of the input's type: untouched
    h = theano.function([In(a, mutable=True)], (a * 2).sum())
    np.testing.assert_allclose(h(value), original.sum() * 2)
    np.testing.assert_array_equal(value, original)


def test_borrowed_constant_output_is_the_constant():
    f = theano.function([], T.constant([4]))
    out = f()
    out[0] = 3
    again = f()
    assert again is not out and again[0] == 4
    g = theano.function([], Out(T.constant([4]), borrow=True))
    out = g()
    assert g() is out and out[0] == 4


def test_function_dump_pickles_the_arguments(tmp_path):
    v = T.vector()
    s = theano.shared(np.float64(3.0), name="s")
    path = tmp_path / "dump.pkl"
    theano.function_dump(str(path), [v], v + s, name="dumped")
    with open(path, "rb") as file:
        arguments = pickle.load(file)
    assert arguments["name"] == "dumped"
    f = theano.function(**arguments)
    np.testing.assert_allclose(f([1, 2, 3]), np.array([1, 2, 3]) + 3.0)
    with pytest.raises(TypeError):
        theano.function_dump(3, [v], v)


def test_a_result_of_more_dimensions_than_numpy_has_is_a_value_error():
    from theano_mlir.compile.function_module import NUMPY_MAX_DIMS

    x = T.dscalar()
    with pytest.raises(ValueError, match="maximum supported dimension"):
        theano.function([x], x.dimshuffle(("x",) * (NUMPY_MAX_DIMS + 1)))
    assert theano.function([x], x.dimshuffle(("x",) * 3))(2.0).shape == (1, 1, 1)
