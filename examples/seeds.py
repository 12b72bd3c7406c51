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
    y = 5 * x**2 + 20
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
    dy = theano.function([x], T.grad(5 * x**2 + 20, x))
    v = T.vector("x")
    f = theano.function(inputs=[v], outputs=T.grad((v**2).sum(), v))
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
    f = theano.function(inputs=[x, t], outputs=mse, updates={a: a - 0.01 * grad_a, b: b - 0.01 * grad_b})
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


def hessian():
    """T.hessian of x^3 summed plus x.Ax: diag(6x) + A + A^T."""
    x = T.dvector("x")
    A = T.dmatrix("A")
    cost = (x**3).sum() + T.dot(x, T.dot(A, x))
    h = theano.function([x, A], T.hessian(cost, x))
    result = h([1.0, 2.0], [[0.0, 1.0], [0.0, 0.0]])
    print("hessian at [1, 2] =", result.tolist())
    return result


def stable_softmax_classifier():
    """Softmax regression with categorical cross-entropy; the stabilize
    rewrites keep extreme logits finite (loss 2000, not inf)."""
    X, y = T.dmatrix("X"), T.lvector("y")
    logits = T.dmatrix("logits")
    extreme = theano.function([logits, y], T.nnet.categorical_crossentropy(T.nnet.softmax(logits), y).mean())
    loss_at_extremes = float(extreme([[1000, -1000], [-1000, 1000]], [1, 0]))
    W = theano.shared(np.zeros((2, 2)), "W")
    b = theano.shared(np.zeros(2), "b")
    loss = T.nnet.categorical_crossentropy(T.nnet.softmax(T.dot(X, W) + b), y).mean()
    gW, gb = T.grad(loss, [W, b])
    train = theano.function([X, y], loss, updates=[(W, W - 0.5 * gW), (b, b - 0.5 * gb)])
    data = np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 0.5], [0.5, 2.0]])
    labels = np.array([0, 1, 0, 1])
    losses = [float(train(data, labels)) for _ in range(20)]
    print(
        f"cross-entropy of softmax([[1000, -1000], [-1000, 1000]]) = {loss_at_extremes}; "
        f"training loss {losses[0]:.3f} -> {losses[-1]:.3f}"
    )
    return loss_at_extremes, losses


def what_the_compiler_made():
    """A dense layer's SGD step: the product and its epilogue become one
    theano.gemm, the elementwise chain one loop nest, the update is written
    into the weights' buffer."""
    x, target = T.matrix("x"), T.matrix("target")
    w = theano.shared(np.zeros((3, 2)), "w")
    b = theano.shared(np.zeros(2), "b")
    out = T.tanh(T.dot(x, w) + b)
    cost = T.sqr(out - target).mean()
    gw, gb = T.grad(cost, [w, b])
    step = theano.function(
        [x, target], cost, updates=[(w, w - 0.1 * gw), (b, b - 0.1 * gb)], name="dense_step"
    )
    stages = step.lowering_stages()
    gemms = stages["optimize"].count("theano.gemm")
    nests = sum(stages["to-linalg"].count(op) for op in ("linalg.generic", "linalg.matmul"))
    print(
        f"dense layer SGD step: {gemms} gemm ops, {nests} loop nests, "
        f"{len(step._kernel.in_place)} of 2 updates written in place "
        "(theano.printing.debugprint(step) shows the IR)"
    )
    return gemms


def main():
    assert symbolic_operation() == 265.0
    np.testing.assert_array_equal(simple_algebra(), [4.0, 6.0])
    gradient_at_7, gradient_of_sum = derivative()
    assert gradient_at_7 == 70.0
    np.testing.assert_array_equal(gradient_of_sum, [2.0, 4.0])
    errors = linear_regression()
    assert all(later < earlier for earlier, later in zip(errors, errors[1:]))
    np.testing.assert_allclose(logistic(), [[0.5, 0.73105858], [0.26894142, 0.11920292]], rtol=1e-7)
    np.testing.assert_allclose(hessian(), [[6.0, 1.0], [1.0, 12.0]])
    loss_at_extremes, losses = stable_softmax_classifier()
    assert loss_at_extremes == 2000.0 and losses[-1] < losses[0]
    assert what_the_compiler_made() == 2
    x = T.vector("x")
    f = theano.function([x], x * 2)
    try:
        f([[1.0, 2.0]])
    except TypeError as error:
        print("Bad input is a Python exception, not a crash:", str(error).splitlines()[0])


if __name__ == "__main__":
    main()
