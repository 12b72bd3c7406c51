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


def derivative():
    """Seeds 000 and 002 (Listing 2): T.grad."""
    x = T.scalar()
    dy = theano.function([x], T.grad(5 * x ** 2 + 20, x))
    v = T.vector("x")
    f = theano.function(inputs=[v], outputs=T.grad((v ** 2).sum(), v))
    print("d(5x^2 + 20)/dx at 7 =", dy(7), "; d(sum x^2)/dx at [1, 2] =", f([1, 2]))
    return dy(7), f([1, 2])


def linear_regression():
    """Seed 002, Listing 3: gradient descent with shared variables and updates."""
    x = T.scalar(name="x")
    t = T.scalar(name="t")
    a = theano.shared(-1.0, name="a")
    b = theano.shared(0.0, name="b")
    y = a * x + b
    mse = (y - t) ** 2
    grad_a, grad_b = T.grad(mse, [a, b])
    f = theano.function(inputs=[x, t], outputs=mse,
                        updates={a: a - 0.01 * grad_a, b: b - 0.01 * grad_b})
    errors = [float(f(1, 5)) for _ in range(10)]
    print("mse over 10 steps:", " ".join(f"{e:.3f}" for e in errors))
    return errors


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
    gradient_at_7, gradient_of_sum = derivative()
    assert gradient_at_7 == 70.0
    np.testing.assert_array_equal(gradient_of_sum, [2.0, 4.0])
    errors = linear_regression()
    assert all(later < earlier for earlier, later in zip(errors, errors[1:]))
    np.testing.assert_allclose(logistic(), [[0.5, 0.73105858], [0.26894142, 0.11920292]], rtol=1e-7)
    x = T.vector("x")
    f = theano.function([x], x * 2)
    try:
        f([[1.0, 2.0]])
    except TypeError as error:
        print("Bad input is a Python exception, not a crash:", str(error).splitlines()[0])


if __name__ == "__main__":
    main()
