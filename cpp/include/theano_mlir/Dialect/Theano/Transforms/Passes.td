//===- Passes.td - `theano` dialect transforms -------------*- tablegen -*-===//
//
// Passes over `theano` ops, before the graph is lowered out of the dialect.
// Passes over what the lowering produces (linalg, bufferization, memref,
// scf, math) are in theano_mlir/Transforms/CPU/Passes.td.
//
//===----------------------------------------------------------------------===//
#ifndef THEANO_MLIR_DIALECT_THEANO_TRANSFORMS_PASSES_TD
#define THEANO_MLIR_DIALECT_THEANO_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def TheanoAutodiff : Pass<"theano-autodiff", "func::FuncOp"> {
  let summary = "Expand `theano.grad`, `jacobian` and `rop` by reverse-mode accumulation";
  let description = [{
    Replaces every `theano.grad` with the ops that compute its gradients,
    in block order, so a grad whose cost uses another grad's results (a
    second derivative) sees that one already expanded. The ops between the
    `wrt` values and the cost (or known values) are visited in reverse; each
    builds its operands' adjoints with its GradientOpInterface rule, and
    adjoints reaching one value are summed. A `wrt` the gradient does not
    reach gets zeros. A `theano.jacobian` becomes an `scf.for` over the
    rows, each the vector-Jacobian product with a one-hot seed. A
    `theano.rop` (forward mode) is reverse mode transposed: the gradient,
    with respect to zero seeds of the outputs, of the vector-Jacobian
    products' inner product with the tangents. The three expand in one
    block-order walk because each may be the operand of another (a
    Hessian-vector product is the rop of a grad; Theano's Lop of an Rop).
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
}

def TheanoSimplify : Pass<"theano-simplify", "func::FuncOp"> {
  let summary = "Algebraic simplification of `theano` ops";
  let description = [{
    Theano's canonicalizing rewrites: x*y/x -> y, exp(log x) -> x (NaN
    below 0), log(exp x) -> x, x**2 -> sqr(x), x**0.5 -> sqrt(x), x / c ->
    x * (1/c) where 1/c is exact, sum(x * s) -> s * sum(x) for a scalar s,
    a*x + a*y -> a*(x + y), and chains of dimshuffles, reshapes and
    lossless casts composed. Constants fold as the patterns apply.
  }];
}

def TheanoStabilize : Pass<"theano-stabilize", "func::FuncOp"> {
  let summary = "Numerically stable forms of `theano` expressions";
  let description = [{
    log(1+x) -> log1p(x), exp(x)-1 -> expm1(x), log(sigmoid x) ->
    -softplus(-x), log(1 - sigmoid x) -> -softplus(x), log(softmax x) ->
    log_softmax(x) (also under take_per_row, Theano's softmax plus
    categorical cross-entropy), and log(sum(exp x)) -> a max-shifted
    log-sum-exp. Runs before `theano-autodiff`, so the gradients are those of
    the stable forms.
  }];
}

def TheanoGemm : Pass<"theano-gemm", "func::FuncOp"> {
  let summary = "Form `theano.gemm` from a matrix product and its epilogue";
  let description = [{
    Theano's gemm optimizer: a `theano.dot` of float matrices, used once,
    that is added to, subtracted from, negated or scaled by a scalar becomes
    `theano.gemm` (beta * c + alpha * dot(a, b)); the patterns compose, so
    W - lr * dot(x, y) is one gemm with c = W. Runs after gradients are
    expanded (gemm has no derivative rule).
  }];
}

#endif
