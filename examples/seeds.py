"""The seeds' symbolic examples, written as in Theano's tutorials.

Only the imports differ from the originals: `import theano_mlir as theano`
and `import theano_mlir.tensor as T`.
"""
import numpy as np

import theano_mlir as theano
import theano_mlir.tensor as T


def symbolic_operation():
    """Seed 000: y = 5x^2 + 20 at 7."""
    x = T.scalar()
    y = 5 * x ** 2 + 20
    compute = theano.function([x], y)
    print("compute(7) =", compute(7))
    return compute(7)


def simple_algebra():
    """Seed 002, Listing 1: vector addition."""
    x = T.vector(name="x")
    y = T.vector(name="y")
    z = x + y
    f = theano.function(inputs=[x, y], outputs=z)
    print("f([1, 2], [3, 4]) =", f([1, 2], [3, 4]))
    return f([1, 2], [3, 4])


def logistic():
    """Seed 004: the logistic function on a matrix."""
    x = T.dmatrix("x")
    s = 1 / (1 + T.exp(-x))
    logistic = theano.function([x], s)
    example = [[0, 1], [-1, -2]]
    result = logistic(example)
    print("logistic([[0, 1], [-1, -2]]) =")
    print(repr(result))
    return result


def main():
    assert symbolic_operation() == 265.0
    np.testing.assert_array_equal(simple_algebra(), [4.0, 6.0])
    np.testing.assert_allclose(logistic(), [[0.5, 0.73105858], [0.26894142, 0.11920292]], rtol=1e-7)
    x = T.vector("x")
    f = theano.function([x], x * 2)
    try:
        f([[1.0, 2.0]])
    except TypeError as error:
        print("Bad input is a Python exception, not a crash:", str(error).splitlines()[0])


if __name__ == "__main__":
    main()
