"""The call path in C++ (FunctionBase, runtime Executable): every way of calling
gives numpy's results, arrays own their memory, and nothing leaks."""

import gc
import sys

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.compile import In
from theano_mlir.runtime import FunctionBase


def test_every_way_of_calling_agrees():
    x, y = T.fvector("x"), T.fscalar("y")
    f = theano.function([x, In(y, value=np.float32(2))], x * y)
    v = np.arange(4, dtype=np.float32)
    assert isinstance(f, FunctionBase)
    expected = v * 2
    for result in (f(v, 2), f(v), f(x=v), f(v, y=2), f(y=2, x=v), f._call_slow(v, 2)):
        np.testing.assert_array_equal(result, expected)
        assert result.dtype == np.float32


def test_inputs_other_than_exact_arrays_are_converted():
    x = T.fvector("x")
    f = theano.function([x], x + 1)
    expected = np.array([1, 2, 3], np.float32)
    big_endian = np.array([0, 1, 2], ">f4")  # same type number, other byte order
    reversed_view = np.array([2, 1, 0], np.float32)[::-1]
    unaligned = np.frombuffer(b"\0" + np.arange(3, dtype=np.float32).tobytes(), np.float32, 3, 1)
    for value in (big_endian, reversed_view, unaligned, [0.0, 1, 2]):
        np.testing.assert_array_equal(f(value), expected)
    i = T.lvector("i")  # int64 given as long long: an equivalent dtype
    np.testing.assert_array_equal(theano.function([i], i * 2)(np.array([3], np.longlong)), [6])


def test_results_own_their_memory_and_nothing_leaks():
    x = T.dvector("x")
    f = theano.function([x], [x * 2, x + 1, x * 2])
    v = np.arange(3.0)
    before = sys.getrefcount(v)
    for _ in range(1000):
        results = f(v)
    assert sys.getrefcount(v) == before
    twice, plus, again = results
    assert twice.flags.writeable and twice.flags.c_contiguous
    del f
    gc.collect()
    twice += 1  # still valid memory after the function is gone
    np.testing.assert_array_equal(twice, v * 2 + 1)
    np.testing.assert_array_equal(plus, v + 1)
    np.testing.assert_array_equal(again, v * 2)
    # Outputs never alias (as in Theano: the repeated one is a copy), and
    # only its array holds a result's memory (freed with it).
    assert not np.shares_memory(twice, again)
    base = twice.base
    assert sys.getrefcount(base) == 3  # the array's, this name's, the argument's


def test_errors_on_the_direct_path_are_theano_errors():
    x, y = T.dvector("x"), T.dvector("y")
    f = theano.function([x, y], x + y)
    with pytest.raises(ValueError, match="Input dimension mis-match"):
        f(np.ones(3), np.ones(4))
    with pytest.raises(TypeError, match='Bad input argument with name "x"'):
        f(np.ones((2, 2)), np.ones(2))
    with pytest.raises(TypeError, match="Missing required input: y"):
        f(np.ones(2))
    with pytest.raises(TypeError, match="Too many parameter"):
        f(np.ones(2), np.ones(2), np.ones(2))
    np.testing.assert_array_equal(f(np.ones(2), np.ones(2)), [2.0, 2.0])


def test_updates_on_the_direct_path():
    w = theano.shared(np.zeros(3), name="w")
    x = T.dvector("x")
    f = theano.function([x], [w * 1, x], updates=[(w, w + x)])
    out, same = f(np.ones(3))
    np.testing.assert_array_equal(out, np.zeros(3))
    f(np.ones(3))
    np.testing.assert_array_equal(w.get_value(), 2 * np.ones(3))
    with pytest.raises(ValueError):
        f(np.ones(4))
    np.testing.assert_array_equal(w.get_value(), 2 * np.ones(3))
