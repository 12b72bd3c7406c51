//===- Autodiff.cpp - theano.grad by reverse-mode accumulation ------------===//
#include "theano_mlir/Dialect/Theano/Transforms/Passes.h"

#include "theano_mlir/Dialect/Theano/IR/TheanoBuilders.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/TypeSwitch.h"

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

FailureOr<SmallVector<Value>> buildVectorJacobianProducts(
    Operation *anchor, OpBuilder &b, ArrayRef<std::pair<Value, Value>> seeds,
    ValueRange wrtValues, ValueRange constantValues, TypeRange resultTypes);

/// The float values from above that `op`'s regions read and a gradient
/// may flow into (active, not constants).
SmallVector<Value>
capturedActive(Operation *op, const llvm::SmallPtrSetImpl<Value> &active,
               const llvm::SmallPtrSetImpl<Value> &constants) {
  llvm::SetVector<Value> used;
  getUsedValuesDefinedAbove(op->getRegions(), used);
  SmallVector<Value> captured;
  for (Value value : used)
    if (active.contains(value) && !constants.contains(value) &&
        isFloatTensor(value))
      captured.push_back(value);
  return captured;
}

/// The adjoints of the values from above (`captured`) that a lazy ifelse's
/// branches read, given its results' adjoints: an ifelse on the same
/// condition whose branches recompute their values and differentiate them
/// (the branch not taken computes nothing, as forward).
FailureOr<SmallVector<Value>>
differentiateBranches(IfElseOp branch, OpBuilder &b, ValueRange resultGrads,
                      ArrayRef<Value> captured, ValueRange constantValues) {
  Location loc = branch.getLoc();
  SmallVector<Type> types;
  for (Value value : captured)
    types.push_back(value.getType());
  auto gradient = IfElseOp::create(b, loc, types, branch.getCondition());
  for (auto [from, to] :
       llvm::zip(branch->getRegions(), gradient->getRegions())) {
    Block *block = new Block();
    to.push_back(block);
    OpBuilder inner = OpBuilder::atBlockEnd(block);
    IRMapping mapping;
    auto yield = cast<YieldOp>(from.front().getTerminator());
    for (Operation &op : from.front().without_terminator())
      inner.clone(op, mapping);
    auto anchor = YieldOp::create(inner, loc, ValueRange{});
    inner.setInsertionPoint(anchor);
    SmallVector<std::pair<Value, Value>> seeds;
    for (auto [value, adjoint] : llvm::zip(yield.getValues(), resultGrads))
      if (adjoint)
        seeds.emplace_back(mapping.lookupOrDefault(value), adjoint);
    FailureOr<SmallVector<Value>> grads = buildVectorJacobianProducts(
        anchor, inner, seeds, captured, constantValues, types);
    if (failed(grads))
      return failure();
    anchor->setOperands(*grads);
  }
  return SmallVector<Value>(gradient.getResults());
}

/// The vector-Jacobian products of `seeds` (values with their adjoints)
/// with respect to `wrt`, built at `b`'s insertion point by reverse-mode
/// accumulation over the ops of `anchor`'s block before it; one value of
/// `resultTypes[k]` per `wrt[k]`, zeros where no gradient reaches. Fails
/// (with an error on the op) where the gradient reaches an op of another
/// dialect, which has no derivative rule: the loop of an expanded jacobian.
/// A `theano` op without a rule (integer division, comparisons) passes no
/// gradient, as in Theano.
FailureOr<SmallVector<Value>> buildVectorJacobianProducts(
    Operation *anchor, OpBuilder &b, ArrayRef<std::pair<Value, Value>> seeds,
    ValueRange wrtValues, ValueRange constantValues, TypeRange resultTypes) {
  Location loc = anchor->getLoc();
  llvm::SmallPtrSet<Value, 8> constants(llvm::from_range, constantValues);

  // The ops that depend on a wrt value (through no constant) are the ones
  // the gradient flows back through.
  llvm::SmallPtrSet<Value, 32> active;
  for (Value wrt : wrtValues)
    if (!constants.contains(wrt))
      active.insert(wrt);
  SmallVector<Operation *> path;
  Block *block = anchor->getBlock();
  for (Operation &op :
       llvm::make_range(block->begin(), anchor->getIterator())) {
    bool depends = llvm::any_of(op.getOperands(), [&](Value operand) {
      return active.contains(operand);
    });
    // a lazy ifelse depends on what its branches read from above
    if (!depends && op.getNumRegions() != 0)
      depends = !capturedActive(&op, active, constants).empty();
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
  for (auto [value, seed] : seeds)
    accumulate(value, seed);

  for (Operation *op : llvm::reverse(path)) {
    auto rule = dyn_cast<GradientOpInterface>(op);
    SmallVector<Value> resultGrads;
    for (Value result : op->getResults())
      resultGrads.push_back(adjoints.lookup(result));
    if (llvm::all_of(resultGrads, [](Value g) { return !g; }))
      continue;
    if (!rule && op->hasTrait<NonDifferentiable>())
      continue;
    if (isa<ScanOp>(op))
      return op->emitOpError(
          "has no derivative rule yet, and a gradient flows through it "
          "(gradients through scan are not implemented yet)");
    if (auto branch = dyn_cast<IfElseOp>(op)) {
      SmallVector<Value> captured = capturedActive(op, active, constants);
      if (captured.empty())
        continue;
      FailureOr<SmallVector<Value>> grads = differentiateBranches(
          branch, b, resultGrads, captured, constantValues);
      if (failed(grads))
        return failure();
      for (auto [value, grad] : llvm::zip(captured, *grads))
        accumulate(value, grad);
      continue;
    }
    if (auto shapeCast = dyn_cast<tensor::CastOp>(op)) {
      // a change of static shape only (the frontend's with_static_shape):
      // the adjoint passes through, cast back by accumulate
      accumulate(shapeCast.getSource(), resultGrads[0]);
      continue;
    }
    if (!rule)
      return op->emitOpError(
          "has no derivative rule, and a gradient flows through it (the "
          "gradient of an expanded theano.jacobian is not supported)");
    SmallVector<Value> operandGrads;
    rule.buildGradients(b, resultGrads, operandGrads);
    for (auto [operand, contribution] :
         llvm::zip(op->getOperands(), operandGrads))
      if (contribution)
        accumulate(operand, contribution);
  }

  SmallVector<Value> products;
  for (auto [wrt, type] : llvm::zip(wrtValues, resultTypes)) {
    auto tensorType = cast<RankedTensorType>(type);
    Value adjoint = adjoints.lookup(wrt);
    products.push_back(adjoint ? castTo(b, loc, adjoint, tensorType)
                               : zerosLike(b, loc, wrt, tensorType));
  }
  return products;
}

/// Replaces a grad op by the ops computing its gradients, right before it.
LogicalResult expand(GradOp grad) {
  OpBuilder b(grad);
  SmallVector<std::pair<Value, Value>> seeds;
  if (Value cost = grad.getCost()) {
    Type element = cast<RankedTensorType>(cost.getType()).getElementType();
    seeds.emplace_back(cost, splat(b, grad.getLoc(), element, 0, 1.0));
  }
  for (auto [known, knownGrad] :
       llvm::zip(grad.getKnown(), grad.getKnownGrads()))
    seeds.emplace_back(known, knownGrad);
  FailureOr<SmallVector<Value>> grads = buildVectorJacobianProducts(
      grad, b, seeds, grad.getWrt(), grad.getConstants(),
      grad.getGrads().getTypes());
  if (failed(grads))
    return failure();
  grad.replaceAllUsesWith(*grads);
  grad.erase();
  return success();
}

/// Replaces a jacobian op by a loop over the expression's elements: row `i`
/// is the vector-Jacobian product with the one-hot seed `e_i`.
LogicalResult expand(JacobianOp jacobian) {
  OpBuilder b(jacobian);
  Location loc = jacobian.getLoc();
  Value expression = jacobian.getExpression();
  auto exprType = cast<RankedTensorType>(expression.getType());
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  OpFoldResult rows = tensor::getMixedSize(b, loc, expression, 0);
  SmallVector<Value> inits;
  for (auto [wrt, result] :
       llvm::zip(jacobian.getWrt(), jacobian.getJacobians())) {
    SmallVector<OpFoldResult> sizes{rows};
    llvm::append_range(sizes, tensor::getMixedSizes(b, loc, wrt));
    Type element = cast<RankedTensorType>(result.getType()).getElementType();
    inits.push_back(tensor::EmptyOp::create(b, loc, sizes, element));
  }
  Value rowCount = getValueOrCreateConstantIndexOp(b, loc, rows);
  bool failedRow = false;

  auto loop = scf::ForOp::create(
      b, loc, zero, rowCount, one, inits,
      [&](OpBuilder &body, Location loc, Value row, ValueRange partial) {
        SmallVector<Value> seedSizes;
        if (exprType.isDynamicDim(0))
          seedSizes.push_back(rowCount);
        Value seed = tensor::GenerateOp::create(
            body, loc, exprType, seedSizes,
            [&](OpBuilder &inner, Location loc, ValueRange index) {
              Type element = exprType.getElementType();
              Value isRow = arith::CmpIOp::create(
                  inner, loc, arith::CmpIPredicate::eq, index[0], row);
              Value value = arith::SelectOp::create(
                  inner, loc, isRow,
                  arith::ConstantOp::create(inner, loc,
                                            FloatAttr::get(element, 1.0)),
                  arith::ConstantOp::create(inner, loc,
                                            FloatAttr::get(element, 0.0)));
              tensor::YieldOp::create(inner, loc, value);
            });
        SmallVector<Type> rowTypes;
        for (Value result : jacobian.getJacobians()) {
          auto type = cast<RankedTensorType>(result.getType());
          rowTypes.push_back(RankedTensorType::get(type.getShape().drop_front(),
                                                   type.getElementType()));
        }
        FailureOr<SmallVector<Value>> gradients = buildVectorJacobianProducts(
            jacobian, body, {{expression, seed}}, jacobian.getWrt(),
            jacobian.getConstants(), rowTypes);
        if (failed(gradients)) {
          failedRow = true; // the error is emitted; the loop is not kept
          scf::YieldOp::create(body, loc, partial);
          return;
        }
        SmallVector<Value> updated;
        for (auto [gradient, into] : llvm::zip(*gradients, partial)) {
          auto rank = cast<RankedTensorType>(into.getType()).getRank();
          SmallVector<OpFoldResult> offsets(rank, body.getIndexAttr(0));
          offsets[0] = row;
          SmallVector<OpFoldResult> sizes{body.getIndexAttr(1)};
          llvm::append_range(sizes, tensor::getMixedSizes(body, loc, gradient));
          SmallVector<OpFoldResult> strides(rank, body.getIndexAttr(1));
          updated.push_back(tensor::InsertSliceOp::create(
              body, loc, gradient, into, offsets, sizes, strides));
        }
        scf::YieldOp::create(body, loc, updated);
      });
  if (failedRow)
    return failure();
  jacobian.replaceAllUsesWith(loop.getResults());
  jacobian.erase();
  return success();
}

struct TheanoAutodiffPass
    : theano::impl::TheanoAutodiffBase<TheanoAutodiffPass> {
  void runOnOperation() override {
    // In block order, so a derivative of a derivative sees the inner one
    // already expanded.
    SmallVector<Operation *> derivatives;
    getOperation().walk([&](Operation *op) {
      if (isa<GradOp, JacobianOp>(op))
        derivatives.push_back(op);
    });
    for (Operation *op : derivatives) {
      LogicalResult expanded =
          TypeSwitch<Operation *, LogicalResult>(op)
              .Case([](GradOp grad) { return expand(grad); })
              .Case([](JacobianOp jacobian) { return expand(jacobian); });
      if (failed(expanded))
        return signalPassFailure();
    }
  }
};
} // namespace
