"""The `theano` dialect end to end, from Python: the seeds' first examples.

Builds IR with the op builders generated from ODS, lowers it through the
named CPU pipeline, compiles it to a shared object, loads it and runs it
on numpy data. (The Theano
frontend, `theano_mlir.function`, builds this IR for you; see the README.)
"""

import numpy as np
from mlir import ir

from theano_mlir.dialect import build_function, new_context, theano
from theano_mlir.lowering import CompiledFunction


def constant(value, like):
    """A broadcastable constant with the element type of `like`."""
    rank = ir.RankedTensorType(like.type).rank
    element = ir.RankedTensorType(like.type).element_type
    attr = ir.DenseElementsAttr.get_splat(
        ir.RankedTensorType.get([1] * rank, element), ir.FloatAttr.get(element, value)
    )
    return theano.constant(attr)


def logistic(x):
    """1 / (1 + exp(-x)), as seed 004 writes it."""
    one = constant(1.0, x)
    return theano.true_div(one, theano.add(one, theano.exp(theano.neg(x))))


def quadratic(x):
    """y = 5 * x**2 + 20, seed 000's first symbolic expression."""
    return theano.add(theano.mul(constant(5.0, x), theano.sqr(x)), constant(20.0, x))


def main():
    with new_context(), ir.Location.unknown():
        module = build_function([("float64", (None, None))], logistic, name="logistic")
        print("The `theano` dialect IR of the logistic function:")
        print(module)
        logistic_function = CompiledFunction(module, name="logistic")
        example = np.array([[0, 1], [-1, -2]], dtype=np.float64)
        (result,) = logistic_function(example)
        print("logistic([[0, 1], [-1, -2]]) =")
        print(result)
        np.testing.assert_allclose(result, 1 / (1 + np.exp(-example)), rtol=1e-14)

        compute = CompiledFunction(
            build_function([("float64", ())], quadratic, name="compute"), name="compute"
        )
        (value,) = compute(np.float64(7))
        print(f"compute(7) = 5*7**2 + 20 = {value}")
        assert value == 265.0

        add = CompiledFunction(build_function([("float64", (None,))] * 2, theano.add))
        print("f([1, 2], [3, 4]) =", add([1, 2], [3, 4])[0])
        try:
            add([1, 2, 3], [1, 2])
        except ValueError as error:
            print("A shape mismatch is a ValueError, not a crash:", error)


if __name__ == "__main__":
    main()
