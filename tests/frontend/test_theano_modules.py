"""Theano's modules and names that code written for Theano imports
(theano.compat, theano.scalar, theano.gof, theano.compile.pfunc, ...)."""

import numpy as np
import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir import compat, scalar
from theano_mlir.compile import DebugMode, In, get_default_mode, pfunc, shared
from theano_mlir.compile.debugmode import InvalidValueError
from theano_mlir.gof import FunctionGraph, MissingInputError


def test_compat():
    assert compat.PY3 and list(compat.izip([1], [2])) == [(1, 2)]
    assert compat.exc_message(ValueError(KeyError("inner"))) == "inner"
    assert compat.cmp(1, 2) == -1 and compat.decode(b"a") == "a"
    d = compat.DefaultOrderedDict(list)
    d["a"].append(1)
    assert d == {"a": [1]}


def test_scalar_types_and_autocast():
    assert str(scalar.float64) == "float64" and scalar.float64().ndim == 0
    assert scalar.constant(56).dtype == "int8"
    assert scalar.upcast("int8", "float32") == "float32"
    assert scalar.add is scalar.OPS["add"]
    assert [t.dtype for t in scalar.all_types][0] == "bool"
    with scalar.autocast_float_as("float32"):
        assert (T.fvector() + 1.1).dtype == "float32"
    assert (T.fvector() + 1.1).dtype == "float64"


def test_tensor_names():
    assert T.Tensor is T.TensorType
    s = T._shared(np.zeros((2, 3)))
    assert s.type == T.TensorType("float64", (False, False))
    with pytest.raises(TypeError):
        T._shared(3.0)
    assert "bool" in T.discrete_dtypes and "float32" not in T.discrete_dtypes
    assert T.verify_grad is theano.gradient.verify_grad


def test_pfunc_and_errors():
    x, y = T.dvector("x"), T.dvector("y")
    assert np.allclose(pfunc([x], x * 2)([1.0, 2.0]), [2.0, 4.0])
    with pytest.raises(MissingInputError):
        pfunc([], x)
    with pytest.raises(theano.compile.UnusedInputError):
        pfunc([x, x], x)
    with pytest.raises(RuntimeError):
        pfunc([x], x, givens={x: y})
    assert theano.compile.MissingInputError is MissingInputError


def test_modes_and_asarray():
    x = T.dscalar("x")
    f = theano.function([x], x + 1, mode=DebugMode())
    assert f(1.0) == 2.0
    assert theano.function([x], x + 1, mode="DEBUG_MODE")(2.0) == 3.0
    assert get_default_mode() is not None and issubclass(InvalidValueError, Exception)
    assert theano._asarray([1, 2], dtype="float32").dtype == np.float32
    assert theano.configdefaults.python_int_bitwidth() in (32, 64)
    assert shared(np.zeros(2)).get_value().shape == (2,)


def test_function_graph():
    x = T.dvector("x")
    fg = FunctionGraph([x], [T.exp(x) + 1])
    assert len(fg.toposort()) >= 2 and fg.inputs[0] is not x
    with pytest.raises(MissingInputError):
        FunctionGraph([], [x + 1])
    assert isinstance(In(x, value=np.zeros(2)).value, np.ndarray)


def test_default_updates_and_maker():
    x = shared(0)
    x.default_update = x + 1
    f = pfunc([], [x])
    f()
    assert x.get_value() == 1
    pfunc([], [x], no_default_updates=True)()
    pfunc([], [x], no_default_updates=[x])()
    assert x.get_value() == 1
    assert any(n.op is not None for n in f.maker.fgraph.apply_nodes)
    assert f.maker.fgraph.inputs == [x]


def test_plural_constructors_and_dotted_flags():
    a, b = T.scalars("ab")
    assert (a.name, b.name) == ("a", "b") and T.dscalars("x").name == "x"
    assert theano.config.unittests.rseed == 666
    with theano.config.change_flags(**{"unittests.rseed": 3}):
        assert theano.config.unittests.rseed == 3


def test_generic_shared_and_optional_subsystems():
    from theano_mlir import sandbox, sparse  # noqa: F401

    g = shared("asdf", strict=True)
    assert g.type == theano.compile.sharedvalue.generic
    g.set_value(88)
    assert g.get_value() == 88
    assert sparse.enable_sparse is False


def test_modules_theanos_scan_tests_import():
    # theano.compile.pfunc.rebuild_collect_shared: outputs cloned with
    # replacements, their shared inputs collected
    from theano_mlir.compile.pfunc import rebuild_collect_shared
    from theano_mlir.scan_module import scan_op
    import theano_mlir.scalar.sharedvar as scalar_shared

    x, y = T.dscalar("x"), T.dscalar("y")
    s = theano.shared(2.0)
    inputs, outputs, (clone_d, update_d, update_expr, shared_inputs) = rebuild_collect_shared(
        [x * s], inputs=[y], replace={x: y}
    )
    assert inputs == [y, s] and shared_inputs == [s] and update_d == {}
    assert theano.function([y], outputs[0])(3.0) == 6.0
    assert scan_op.Scan is theano.scan_module.Scan
    assert scalar_shared.shared(1.5).type == T.dscalar().type
    with pytest.raises(TypeError):
        scalar_shared.shared(np.ones(2))
    assert theano.gpuarray.pygpu_activated is False  # as Theano without pygpu
    assert theano.config.on_opt_error == "warn"
