"""Derivative rules of ops the frontend does not build but rewrites form
(gemm, from theano-gemm after autodiff): a grad written over them in IR,
against central differences."""

import numpy as np

from conftest import compile_function
from theano_mlir.dialect import theano
from theano_mlir.dialect.types import tensor_type

MATRIX, SCALAR = ("float64", (None, None)), ("float64", ())


def _central_differences(cost, args, h=1e-6):
    grads = []
    for index, arg in enumerate(args):
        grad = np.zeros(arg.shape)
        for position in np.ndindex(arg.shape):
            plus, minus = [a.copy() for a in args], [a.copy() for a in args]
            plus[index][position] += h
            minus[index][position] -= h
            grad[position] = (cost(*plus) - cost(*minus)) / (2 * h)
        grads.append(grad)
    return grads


def test_gemm_rule_against_central_differences():
    def body(c, a, b, alpha, beta):
        product = theano.GemmOp(tensor_type(*MATRIX), a, b, alpha, c=c, beta=beta).result
        cost = theano.sum(tensor_type(*SCALAR), theano.sqr(product), [0, 1])
        types = [tensor_type(*MATRIX)] * 3 + [tensor_type(*SCALAR)] * 2
        return list(theano.GradOp(types, [c, a, b, alpha, beta], [], [], [], cost=cost).results)

    f = compile_function([MATRIX] * 3 + [SCALAR] * 2, body)
    rng = np.random.default_rng(0)
    args = [
        rng.normal(size=(2, 3)),
        rng.normal(size=(2, 4)),
        rng.normal(size=(4, 3)),
        np.array(0.7),
        np.array(-1.3),
    ]

    def cost(c, a, b, alpha, beta):
        return np.sum((beta * c + alpha * a @ b) ** 2)

    for got, expected in zip(f(*args), _central_differences(cost, args)):
        np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-6)
