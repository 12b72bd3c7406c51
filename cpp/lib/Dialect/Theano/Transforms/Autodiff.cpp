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
    ValueRange wrtValues, ValueRange constantValues, TypeRange resultTypes,
    bool throughEnclosing = false, bool independentWrt = false);

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

/// The basic-indexing operands and attributes of rows `start` to `stop`
/// (null: from the first, to the last) of dimension 0 with `step`, bounds
/// 0-d int64 values (theano.subtensor and theano.inc_subtensor share them).
struct RowSlice {
  SmallVector<Value> dynamic;
  DenseBoolArrayAttr indices;
  DenseI64ArrayAttr starts, stops, steps;

  RowSlice(OpBuilder &b, Value start, Value stop, int64_t step = 1) {
    for (Value bound : {start, stop})
      if (bound)
        dynamic.push_back(bound);
    auto bound = [](Value v) {
      return v ? SubtensorOp::kDynamic : SubtensorOp::kAbsent;
    };
    indices = b.getDenseBoolArrayAttr({false});
    starts = b.getDenseI64ArrayAttr({bound(start)});
    stops = b.getDenseI64ArrayAttr({bound(stop)});
    steps = b.getDenseI64ArrayAttr({step == 1 ? SubtensorOp::kAbsent : step});
  }
};

/// Rows `start` to `stop` of `x` with `step` (a theano.subtensor).
Value sliceRows(OpBuilder &b, Location loc, Value x, Value start, Value stop,
                int64_t step = 1) {
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[0] = ShapedType::kDynamic;
  RowSlice rows(b, start, stop, step);
  return SubtensorOp::create(b, loc, type.clone(shape), x, rows.dynamic,
                             rows.indices, rows.starts, rows.stops, rows.steps);
}

/// `x` with rows `start` to `stop` set to `value` (broadcast along its
/// dimensions of static size 1).
Value setRows(OpBuilder &b, Location loc, Value x, Value start, Value stop,
              Value value) {
  RowSlice rows(b, start, stop);
  return IncSubtensorOp::create(b, loc, x.getType(), x, value, rows.dynamic,
                                rows.indices, rows.starts, rows.stops,
                                rows.steps, /*set=*/true);
}

/// `type` with a leading dynamic dimension (the steps, stacked).
RankedTensorType stackedType(Type type) {
  auto step = cast<RankedTensorType>(type);
  SmallVector<int64_t> shape{ShapedType::kDynamic};
  llvm::append_range(shape, step.getShape());
  return step.clone(shape);
}

/// `type` without its leading dimension (one step's).
RankedTensorType stepType(Type type) {
  auto stacked = cast<RankedTensorType>(type);
  return stacked.clone(stacked.getShape().drop_front());
}

/// The adjoints a scan passes back: of its sequences, its initial states
/// and the values from above its body reads (null where none flows).
struct ScanAdjoints {
  SmallVector<Value> sequences, inits, captured;
};

/// Backpropagation through time: a reverse scan over the forward steps
/// (the last `truncate_gradient` of them where positive) whose body
/// recomputes the step from its sequence elements and previous states
/// (the stacked states, shifted by the initial one) and takes its
/// vector-Jacobian products. It carries the adjoint of each float state and
/// the summed adjoints of the captured values, and stacks each sequence
/// element's adjoint; only the final carried values are read, so the
/// lowering stacks none of them.
FailureOr<ScanAdjoints> differentiateScan(
    ScanOp scan, OpBuilder &b, ValueRange resultGrads, ArrayRef<Value> captured,
    llvm::function_ref<bool(Value)> needsAdjoint, ValueRange constantValues) {
  Location loc = scan.getLoc();
  TheanoBuilder r{b, loc};
  Block &body = scan.getBody().front();
  auto yield = cast<YieldOp>(body.getTerminator());
  ValueRange sequences = scan.getSequences(), inits = scan.getInits();
  size_t stateCount = inits.size();
  size_t outputCount = scan.getStacked().size() - stateCount;
  auto i64Scalar = [&](int64_t value) {
    return splat(b, loc, b.getI64Type(), 0, value);
  };
  // with `until`, the steps that ran: the stacked results' rows
  Value steps = scan.getNSteps();
  if (scan.getUntil() && !scan.getStacked().empty())
    steps = DimOp::create(b, loc, RankedTensorType::get({}, b.getI64Type()),
                          scan.getStacked()[0], 0);
  Value length = steps;
  int64_t truncate = static_cast<int64_t>(scan.getTruncateGradient());
  if (truncate > 0)
    length = MinimumOp::create(b, loc, steps, i64Scalar(truncate));
  // the backward pass visits the iterations skipped .. steps - 1
  Value skipped = r.sub(steps, length);
  auto lastIterations = [&](Value stacked) {
    return sliceRows(b, loc, stacked, skipped, steps);
  };

  // its sequences, in the forward iterations' order: the forward ones,
  // the stacked results' adjoints, the states before each step
  SmallVector<Value> backwardSequences;
  for (Value sequence : sequences)
    backwardSequences.push_back(
        scan.getReverse()
            ? sliceRows(b, loc, sliceRows(b, loc, sequence, Value(), length),
                        Value(), Value(), -1)
            : lastIterations(sequence));
  SmallVector<size_t> seededResults;
  for (size_t k = 0; k < stateCount + outputCount; ++k)
    if (resultGrads[k] && isFloatTensor(scan.getStacked()[k])) {
      seededResults.push_back(k);
      backwardSequences.push_back(lastIterations(resultGrads[k]));
    }
  for (auto [init, stacked] : llvm::zip(inits, scan.getStacked())) {
    Value shifted = setRows(
        b, loc,
        zerosLike(b, loc, stacked, cast<RankedTensorType>(stacked.getType())),
        i64Scalar(1), Value(),
        sliceRows(b, loc, stacked, Value(), i64Scalar(-1)));
    SmallVector<int64_t> order{-1};
    for (int64_t d = 0; d < cast<RankedTensorType>(init.getType()).getRank();
         ++d)
      order.push_back(d);
    shifted = setRows(b, loc, shifted, Value(), i64Scalar(1),
                      r.dimShuffle(init, order));
    backwardSequences.push_back(lastIterations(shifted));
  }
  // the values the forward steps stacked: the backward body reads them
  // instead of recomputing them (what only they needed then goes away)
  SmallVector<size_t> storedResults;
  for (auto [k, value] :
       llvm::enumerate(yield.getValues().take_front(scan.getStacked().size())))
    if (Operation *def = value.getDefiningOp();
        def && def->getBlock() == &body) {
      storedResults.push_back(k);
      backwardSequences.push_back(lastIterations(scan.getStacked()[k]));
    }

  // its states: each float state's adjoint (from the final value's), each
  // captured value's summed adjoint
  SmallVector<size_t> floatStates;
  SmallVector<Value> backwardInits;
  for (auto [j, init] : llvm::enumerate(inits)) {
    if (!isFloatTensor(init))
      continue;
    floatStates.push_back(j);
    auto type = cast<RankedTensorType>(init.getType());
    Value finalGrad = resultGrads[stateCount + outputCount + j];
    backwardInits.push_back(finalGrad ? castTo(b, loc, finalGrad, type)
                                      : zerosLike(b, loc, init, type));
  }
  for (Value value : captured)
    backwardInits.push_back(
        zerosLike(b, loc, value, cast<RankedTensorType>(value.getType())));
  SmallVector<size_t> differentiatedSequences;
  for (auto [i, sequence] : llvm::enumerate(sequences))
    if (needsAdjoint(sequence))
      differentiatedSequences.push_back(i);

  SmallVector<Type> stackedTypes, finalTypes;
  for (Value init : backwardInits) {
    stackedTypes.push_back(stackedType(init.getType()));
    finalTypes.push_back(init.getType());
  }
  for (size_t i : differentiatedSequences)
    stackedTypes.push_back(sequences[i].getType());
  SmallVector<Type> resultTypes(stackedTypes);
  llvm::append_range(resultTypes, finalTypes);
  auto backward = ScanOp::create(b, loc, resultTypes, length, backwardSequences,
                                 backwardInits,
                                 /*reverse=*/true, /*until=*/false,
                                 /*truncate_gradient=*/-1);
  Block *block = new Block();
  backward.getBody().push_back(block);
  for (Value sequence : backwardSequences)
    block->addArgument(stepType(sequence.getType()), loc);
  for (Value init : backwardInits)
    block->addArgument(init.getType(), loc);

  OpBuilder inner = OpBuilder::atBlockEnd(block);
  ValueRange args = block->getArguments();
  size_t seedArgs = sequences.size(),
         previousArgs = seedArgs + seededResults.size(),
         storedArgs = previousArgs + stateCount,
         carriedArgs = storedArgs + storedResults.size();
  IRMapping mapping;
  for (size_t i = 0; i < sequences.size(); ++i)
    mapping.map(body.getArgument(i), args[i]);
  for (size_t j = 0; j < stateCount; ++j)
    mapping.map(body.getArgument(sequences.size() + j), args[previousArgs + j]);
  for (Operation &op : body.without_terminator())
    inner.clone(op, mapping);
  auto anchor = YieldOp::create(inner, loc, ValueRange{});
  inner.setInsertionPoint(anchor);

  SmallVector<std::pair<Value, Value>> seeds;
  for (auto [slot, j] : llvm::enumerate(floatStates))
    seeds.emplace_back(mapping.lookupOrDefault(yield.getValues()[j]),
                       args[carriedArgs + slot]);
  for (auto [slot, k] : llvm::enumerate(seededResults))
    seeds.emplace_back(mapping.lookupOrDefault(yield.getValues()[k]),
                       args[seedArgs + slot]);
  SmallVector<Value> wrt;
  SmallVector<Type> wrtTypes;
  for (size_t j : floatStates) {
    wrt.push_back(args[previousArgs + j]);
    wrtTypes.push_back(inits[j].getType());
  }
  llvm::append_range(wrt, captured);
  for (Value value : captured)
    wrtTypes.push_back(value.getType());
  for (size_t i : differentiatedSequences) {
    wrt.push_back(args[i]);
    wrtTypes.push_back(args[i].getType());
  }
  FailureOr<SmallVector<Value>> grads = buildVectorJacobianProducts(
      anchor, inner, seeds, wrt, constantValues, wrtTypes);
  if (failed(grads))
    return failure();
  OpBuilder atStart = OpBuilder::atBlockBegin(block);
  for (auto [slot, k] : llvm::enumerate(storedResults)) {
    Value recomputed = mapping.lookup(yield.getValues()[k]);
    recomputed.replaceAllUsesWith(
        castTo(atStart, loc, args[storedArgs + slot],
               cast<RankedTensorType>(recomputed.getType())));
  }
  SmallVector<Value> yielded;
  for (size_t slot = 0; slot < floatStates.size(); ++slot)
    yielded.push_back((*grads)[slot]);
  for (auto [c, value] : llvm::enumerate(captured)) {
    Value sum =
        AddOp::create(inner, loc, args[carriedArgs + floatStates.size() + c],
                      (*grads)[floatStates.size() + c]);
    yielded.push_back(
        castTo(inner, loc, sum, cast<RankedTensorType>(value.getType())));
  }
  llvm::append_range(
      yielded, ArrayRef(*grads).take_back(differentiatedSequences.size()));
  anchor->setOperands(yielded);

  ScanAdjoints adjoints;
  adjoints.sequences.assign(sequences.size(), Value());
  adjoints.inits.assign(stateCount, Value());
  ValueRange finals = backward.getFinals();
  for (auto [slot, j] : llvm::enumerate(floatStates)) {
    Value adjoint = finals[slot];
    // a truncated gradient stops before the initial state
    if (truncate > 0) {
      int64_t rank = cast<RankedTensorType>(adjoint.getType()).getRank();
      Value whole =
          r.dimShuffle(r.eq(length, steps), SmallVector<int64_t>(rank, -1));
      adjoint = r.select(whole, adjoint, r.constant(adjoint, 0.0));
    }
    adjoints.inits[j] =
        castTo(b, loc, adjoint, cast<RankedTensorType>(inits[j].getType()));
  }
  for (size_t c = 0; c < captured.size(); ++c)
    adjoints.captured.push_back(finals[floatStates.size() + c]);
  ValueRange stackedGrads =
      backward.getStacked().take_back(differentiatedSequences.size());
  for (auto [i, stacked] : llvm::zip(differentiatedSequences, stackedGrads)) {
    Value sequence = sequences[i];
    Value zeros =
        zerosLike(b, loc, sequence, cast<RankedTensorType>(sequence.getType()));
    // the backward pass stacks them from the last iteration back
    adjoints.sequences[i] =
        scan.getReverse()
            ? setRows(b, loc, zeros, Value(), length, stacked)
            : setRows(b, loc, zeros, skipped, steps,
                      sliceRows(b, loc, stacked, Value(), Value(), -1));
  }
  return adjoints;
}

/// The vector-Jacobian products of `seeds` (values with their adjoints)
/// with respect to `wrt`, built at `b`'s insertion point by reverse-mode
/// accumulation over the ops of `anchor`'s block before it (with
/// `throughEnclosing`, a user's grad inside a loop's body or a branch, also
/// over the ops before each enclosing op: the body reads their values from
/// above); one value of
/// `resultTypes[k]` per `wrt[k]`, zeros where no gradient reaches. Fails
/// (with an error on the op) where the gradient reaches an op of another
/// dialect, which has no derivative rule: the loop of an expanded jacobian.
/// A `theano` op without a rule (integer division, comparisons) passes no
/// gradient, as in Theano. With `independentWrt`, no adjoint flows through
/// an op that computes a `wrt` value (from another: rop's independent
/// variables).
FailureOr<SmallVector<Value>> buildVectorJacobianProducts(
    Operation *anchor, OpBuilder &b, ArrayRef<std::pair<Value, Value>> seeds,
    ValueRange wrtValues, ValueRange constantValues, TypeRange resultTypes,
    bool throughEnclosing, bool independentWrt) {
  Location loc = anchor->getLoc();
  llvm::SmallPtrSet<Value, 8> constants(llvm::from_range, constantValues);

  // The ops that depend on a wrt value (through no constant) are the ones
  // the gradient flows back through.
  llvm::SmallPtrSet<Value, 32> active;
  for (Value wrt : wrtValues)
    if (!constants.contains(wrt))
      active.insert(wrt);
  SmallVector<Operation *> enclosing{anchor};
  while (throughEnclosing &&
         !isa<func::FuncOp>(enclosing.back()->getParentOp()))
    enclosing.push_back(enclosing.back()->getParentOp());
  SmallVector<Operation *> candidates;
  for (Operation *at : llvm::reverse(enclosing))
    for (Operation &op :
         llvm::make_range(at->getBlock()->begin(), at->getIterator()))
      candidates.push_back(&op);
  SmallVector<Operation *> path;
  for (Operation *candidate : candidates) {
    Operation &op = *candidate;
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
    if (independentWrt && llvm::any_of(op->getResults(), [&](Value result) {
          return llvm::is_contained(wrtValues, result);
        }))
      continue;
    if (auto loop = dyn_cast<ScanOp>(op)) {
      SmallVector<Value> captured = capturedActive(op, active, constants);
      auto needsAdjoint = [&](Value value) {
        return active.contains(value) && !constants.contains(value) &&
               isFloatTensor(value);
      };
      FailureOr<ScanAdjoints> grads = differentiateScan(
          loop, b, resultGrads, captured, needsAdjoint, constantValues);
      if (failed(grads))
        return failure();
      for (auto [value, grad] :
           llvm::zip(loop.getSequences(), grads->sequences))
        if (grad)
          accumulate(value, grad);
      for (auto [value, grad] : llvm::zip(loop.getInits(), grads->inits))
        if (grad)
          accumulate(value, grad);
      for (auto [value, grad] : llvm::zip(captured, grads->captured))
        accumulate(value, grad);
      continue;
    }
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
      grad.getGrads().getTypes(), /*throughEnclosing=*/true);
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
            jacobian.getConstants(), rowTypes,
            /*throughEnclosing=*/true);
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

/// Replaces a rop op by reverse mode transposed: zero seeds `u` for the
/// outputs, their vector-Jacobian products `lops` with respect to `wrt`
/// (linear in `u`), and the vector-Jacobian products of the `lops` with
/// the tangents as their adjoints, with respect to `u`: the gradient of
/// sum(lops * tangents), which is each output's Jacobian-vector product.
/// Both passes run over the same ops, so the products reuse the forward
/// values; nothing the second pass builds reads `u`'s values.
LogicalResult expand(RopOp rop) {
  OpBuilder b(rop);
  Location loc = rop.getLoc();
  SmallVector<std::pair<Value, Value>> seeds;
  SmallVector<Value> zeroSeeds;
  for (Value output : rop.getOutputs()) {
    auto type = cast<RankedTensorType>(output.getType());
    zeroSeeds.push_back(zerosLike(b, loc, output, type));
    seeds.emplace_back(output, zeroSeeds.back());
  }
  FailureOr<SmallVector<Value>> lops = buildVectorJacobianProducts(
      rop, b, seeds, rop.getWrt(), rop.getConstants(), rop.getWrt().getTypes(),
      /*throughEnclosing=*/true,
      /*independentWrt=*/true);
  if (failed(lops))
    return failure();
  SmallVector<std::pair<Value, Value>> transposed;
  for (auto [lop, tangent] : llvm::zip(*lops, rop.getTangents()))
    transposed.emplace_back(lop, tangent);
  FailureOr<SmallVector<Value>> products = buildVectorJacobianProducts(
      rop, b, transposed, zeroSeeds, {}, rop.getProducts().getTypes(),
      /*throughEnclosing=*/true);
  if (failed(products))
    return failure();
  rop.replaceAllUsesWith(*products);
  rop.erase();
  return success();
}

struct TheanoAutodiffPass
    : theano::impl::TheanoAutodiffBase<TheanoAutodiffPass> {
  void runOnOperation() override {
    // In block order, so a derivative of a derivative sees the inner one
    // already expanded.
    SmallVector<Operation *> derivatives;
    getOperation().walk([&](Operation *op) {
      if (isa<GradOp, JacobianOp, RopOp>(op))
        derivatives.push_back(op);
    });
    for (Operation *op : derivatives) {
      LogicalResult expanded =
          TypeSwitch<Operation *, LogicalResult>(op)
              .Case([](GradOp grad) { return expand(grad); })
              .Case([](JacobianOp jacobian) { return expand(jacobian); })
              .Case([](RopOp rop) { return expand(rop); });
      if (failed(expanded))
        return signalPassFailure();
    }
  }
};
} // namespace
