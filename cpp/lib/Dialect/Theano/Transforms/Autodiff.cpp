//===- Autodiff.cpp - theano.grad by reverse-mode accumulation ------------===//
#include "theano_mlir/Dialect/Theano/Transforms/Passes.h"

#include "theano_mlir/Dialect/Theano/IR/TheanoBuilders.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::theano {
#define GEN_PASS_DEF_THEANOAUTODIFF
#include "theano_mlir/Dialect/Theano/Transforms/Passes.h.inc"
} // namespace mlir::theano

using namespace mlir;
using namespace mlir::theano;

namespace {
bool isFloatTensor(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && isa<FloatType>(type.getElementType());
}

/// Expands one grad op; its adjoint ops go right before it.
void expand(GradOp grad) {
  Block *block = grad->getBlock();
  Location loc = grad.getLoc();
  OpBuilder b(grad);
  llvm::SmallPtrSet<Value, 8> constants(llvm::from_range, grad.getConstants());

  // The ops that depend on a wrt value (through no constant) are the ones
  // the gradient flows back through.
  llvm::SmallPtrSet<Value, 32> active;
  for (Value wrt : grad.getWrt())
    if (!constants.contains(wrt))
      active.insert(wrt);
  SmallVector<Operation *> path;
  for (Operation &op : llvm::make_range(block->begin(), grad->getIterator())) {
    bool depends = llvm::any_of(op.getOperands(), [&](Value operand) {
      return active.contains(operand);
    });
    if (!depends)
      continue;
    path.push_back(&op);
    for (Value result : op.getResults())
      if (!constants.contains(result))
        active.insert(result);
  }

  // Adjoints, summed where several uses contribute.
  DenseMap<Value, Value> adjoints;
  auto accumulate = [&](Value value, Value contribution) {
    if (!active.contains(value) || !isFloatTensor(value))
      return;
    contribution =
        castTo(b, loc, contribution, cast<RankedTensorType>(value.getType()));
    Value &adjoint = adjoints[value];
    adjoint = adjoint ? AddOp::create(b, loc, adjoint, contribution).getResult()
                      : contribution;
  };
  if (Value cost = grad.getCost())
    accumulate(cost, splat(b, loc, cast<RankedTensorType>(cost.getType())
                                       .getElementType(),
                           0, 1.0));
  for (auto [known, knownGrad] : llvm::zip(grad.getKnown(), grad.getKnownGrads()))
    accumulate(known, knownGrad);

  for (Operation *op : llvm::reverse(path)) {
    auto rule = dyn_cast<GradientOpInterface>(op);
    if (!rule)
      continue;
    SmallVector<Value> resultGrads;
    for (Value result : op->getResults())
      resultGrads.push_back(adjoints.lookup(result));
    if (llvm::all_of(resultGrads, [](Value g) { return !g; }))
      continue;
    SmallVector<Value> operandGrads;
    rule.buildGradients(b, resultGrads, operandGrads);
    for (auto [operand, contribution] :
         llvm::zip(op->getOperands(), operandGrads))
      if (contribution)
        accumulate(operand, contribution);
  }

  for (auto [wrt, result] : llvm::zip(grad.getWrt(), grad.getGrads())) {
    auto type = cast<RankedTensorType>(result.getType());
    Value adjoint = adjoints.lookup(wrt);
    result.replaceAllUsesWith(adjoint ? castTo(b, loc, adjoint, type)
                                      : zerosLike(b, loc, wrt, type));
  }
  grad.erase();
}

struct TheanoAutodiffPass
    : theano::impl::TheanoAutodiffBase<TheanoAutodiffPass> {
  void runOnOperation() override {
    SmallVector<GradOp> grads;
    getOperation().walk([&](GradOp grad) { grads.push_back(grad); });
    for (GradOp grad : grads)
      expand(grad);
  }
};
} // namespace
