//===- ControlFlow.cpp - theano.ifelse to scf.if --------------------------===//
//
// The branches move into the scf.if as they are; the conversion lowers
// their ops where they now are, so what the branch not taken computes
// (and checks) never runs.
//
//===----------------------------------------------------------------------===//
#include "PopulatePatterns.h"
#include "theano_mlir/Conversion/TheanoToLinalg/LoweringUtils.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::theano;

namespace {
struct IfElseLowering : OpConversionPattern<IfElseOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(IfElseOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SmallVector<Type> resultTypes;
    if (failed(
            getTypeConverter()->convertTypes(op.getResultTypes(), resultTypes)))
      return rewriter.notifyMatchFailure(op, "unsupported result types");
    // numpy's truth: nonzero (and NaN) is true
    Type element = getElementTypeOrSelf(op.getCondition());
    Value scalar = loadScalar(
        rewriter, loc,
        tensor::ExtractOp::create(rewriter, loc, adaptor.getCondition()),
        element);
    Value taken =
        emitScalarCast(rewriter, loc, scalar, element, rewriter.getI1Type());
    auto branch = scf::IfOp::create(rewriter, loc, resultTypes, taken,
                                    /*addThenBlock=*/false,
                                    /*addElseBlock=*/false);
    rewriter.inlineRegionBefore(op.getThenRegion(), branch.getThenRegion(),
                                branch.getThenRegion().end());
    rewriter.inlineRegionBefore(op.getElseRegion(), branch.getElseRegion(),
                                branch.getElseRegion().end());
    rewriter.replaceOp(op, branch.getResults());
    return success();
  }
};

struct YieldLowering : OpConversionPattern<YieldOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(YieldOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<scf::YieldOp>(op, adaptor.getValues());
    return success();
  }
};

/// `value` as `type`: between the storage type the conversion uses and the
/// `theano` type the body's ops were built with (they differ for bool and
/// unsigned integers). A theano.cast, exact between the two (storage
/// holds bool as 0/1, an unsigned integer's bits as the signed one of its
/// width), and lowered with the cloned body: every storage type is a
/// `theano` type too, so no materialization is left to legalize.
Value asType(OpBuilder &b, Location loc, Value value, Type type) {
  if (value.getType() == type)
    return value;
  return CastOp::create(b, loc, type, value);
}

/// The reassociation between a tensor of rank r + 1 whose first dimension
/// is 1 and one of rank r: that dimension joins the next (or goes).
SmallVector<ReassociationIndices> dropFirstGroups(int64_t rank) {
  SmallVector<ReassociationIndices> groups;
  for (int64_t d = 0; d < rank; ++d)
    groups.push_back(d == 0 ? ReassociationIndices{0, 1}
                            : ReassociationIndices{d + 1});
  return groups;
}

/// sequence[index] (its first dimension indexed): a full-rank slice, then
/// collapsed (no rank-reducing slices, as elsewhere in the lowering).
Value elementAt(OpBuilder &b, Location loc, Value sequence, Value index) {
  auto type = cast<RankedTensorType>(sequence.getType());
  int64_t rank = type.getRank();
  SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0)),
      sizes{b.getIndexAttr(1)}, strides(rank, b.getIndexAttr(1));
  offsets[0] = index;
  for (int64_t d = 1; d < rank; ++d)
    sizes.push_back(tensor::getMixedSize(b, loc, sequence, d));
  Value slice =
      tensor::ExtractSliceOp::create(b, loc, sequence, offsets, sizes, strides);
  return tensor::CollapseShapeOp::create(b, loc, slice,
                                         dropFirstGroups(rank - 1));
}

/// `into` with `value` at `index` of its first dimension.
Value storeAt(OpBuilder &b, Location loc, Value value, Value into,
              Value index) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t rank = type.getRank();
  SmallVector<OpFoldResult> offsets(rank + 1, b.getIndexAttr(0)),
      sizes{b.getIndexAttr(1)}, strides(rank + 1, b.getIndexAttr(1));
  offsets[0] = index;
  for (int64_t d = 0; d < rank; ++d)
    sizes.push_back(tensor::getMixedSize(b, loc, value, d));
  SmallVector<int64_t> shape{1};
  llvm::append_range(shape, type.getShape());
  Value expanded = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), value,
      dropFirstGroups(rank), sizes);
  return tensor::InsertSliceOp::create(b, loc, expanded, into, offsets, sizes,
                                       strides);
}

/// The stacked results of `steps` values shaped as `like`.
Value stackFor(OpBuilder &b, Location loc, RankedTensorType stackedType,
               Value steps, Value like) {
  SmallVector<Value> dynamic;
  if (stackedType.isDynamicDim(0))
    dynamic.push_back(steps);
  for (int64_t d = 1; d < stackedType.getRank(); ++d)
    if (stackedType.isDynamicDim(d))
      dynamic.push_back(tensor::DimOp::create(b, loc, like, d - 1));
  return tensor::EmptyOp::create(b, loc, stackedType.getShape(),
                                 stackedType.getElementType(), dynamic);
}

/// theano.scan as an scf.for: each iteration clones the body (lowered
/// then where it is) and writes its values into the stacked results. A
/// scan with outputs that are not states runs its first step before the
/// loop: their shapes are known only then.
struct ScanLowering : OpConversionPattern<ScanOp> {
  // a scan inside the body is cloned into the loop and lowered there
  ScanLowering(const TypeConverter &converter, MLIRContext *context)
      : OpConversionPattern(converter, context) {
    setHasBoundedRewriteRecursion();
  }
  LogicalResult
  matchAndRewrite(ScanOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SmallVector<Type> resultTypes;
    if (failed(getTypeConverter()->convertTypes(op.getStacked().getTypes(),
                                                resultTypes)))
      return rewriter.notifyMatchFailure(op, "unsupported result types");
    Block &body = op.getBody().front();
    auto yield = cast<YieldOp>(body.getTerminator());
    size_t sequenceCount = op.getSequences().size();
    size_t stateCount = op.getInits().size();
    size_t outputCount = resultTypes.size() - stateCount;
    Type indexType = rewriter.getIndexType();
    auto cmp = [&](arith::CmpIPredicate p, Value x, Value y) {
      return arith::CmpIOp::create(rewriter, loc, p, x, y);
    };
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value steps = arith::IndexCastOp::create(
        rewriter, loc, indexType,
        tensor::ExtractOp::create(rewriter, loc, adaptor.getNSteps()));
    emitCheck(rewriter, op, cmp(arith::CmpIPredicate::sge, steps, zero),
              "n_steps must be nonnegative, got {0}", {steps});
    if (outputCount != 0)
      emitCheck(rewriter, op, cmp(arith::CmpIPredicate::sge, steps, one),
                "a scan whose step has outputs that are not states needs a "
                "step to run, got n_steps = {0}",
                {steps});
    for (auto [k, sequence] : llvm::enumerate(adaptor.getSequences())) {
      Value length = tensor::DimOp::create(rewriter, loc, sequence, 0);
      emitCheck(rewriter, op, cmp(arith::CmpIPredicate::sge, length, steps),
                "sequence " + Twine(k) +
                    " has {0} steps, fewer than n_steps = {1}",
                {length, steps});
    }

    // One step at `b`: the body's values for step t from `states` (with
    // `until`, the condition to stop last, as an i1).
    auto step = [&](OpBuilder &b, Location l, Value t,
                    ValueRange states) -> SmallVector<Value> {
      IRMapping mapping;
      Value index = t;
      if (op.getReverse())
        index =
            arith::SubIOp::create(b, l, arith::SubIOp::create(b, l, steps, t),
                                  arith::ConstantIndexOp::create(b, l, 1));
      for (auto [sequence, arg] :
           llvm::zip(adaptor.getSequences(),
                     body.getArguments().take_front(sequenceCount)))
        mapping.map(
            arg, asType(b, l, elementAt(b, l, sequence, index), arg.getType()));
      for (auto [state, arg] :
           llvm::zip(states, body.getArguments().drop_front(sequenceCount)))
        mapping.map(arg, asType(b, l, state, arg.getType()));
      for (Operation &inner : body.without_terminator())
        b.clone(inner, mapping);
      SmallVector<Value> values;
      for (auto [value, type] : llvm::zip(yield.getValues(), resultTypes)) {
        Type storage = cast<RankedTensorType>(type).clone(
            cast<RankedTensorType>(type).getShape().drop_front(),
            cast<RankedTensorType>(type).getElementType());
        values.push_back(asType(b, l, mapping.lookupOrDefault(value), storage));
      }
      if (op.getUntil()) {
        // numpy's truth (NaN is true), read as a float: an f64 tensor is
        // its own storage type, so the cast lowers with no materialization
        auto f64 = RankedTensorType::get({}, b.getF64Type());
        Value condition = mapping.lookupOrDefault(yield.getValues().back());
        if (condition.getType() != f64)
          condition = CastOp::create(b, l, f64, condition);
        Value scalar = tensor::ExtractOp::create(b, l, condition);
        values.push_back(arith::CmpFOp::create(
            b, l, arith::CmpFPredicate::UNE, scalar,
            arith::ConstantOp::create(b, l, b.getF64FloatAttr(0.0))));
      }
      return values;
    };

    // a state's values are stacked only where they are read (a gradient
    // reads them; a reduce or a shared update takes the final value)
    SmallVector<Value> states(adaptor.getInits());
    SmallVector<Value> stacked;
    SmallVector<size_t> stackedStates;
    for (auto [k, init] : llvm::enumerate(adaptor.getInits())) {
      if (op.getStacked()[k].use_empty())
        continue;
      stackedStates.push_back(k);
      stacked.push_back(stackFor(
          rewriter, loc, cast<RankedTensorType>(resultTypes[k]), steps, init));
    }
    Value start = zero;
    Value going = arith::ConstantIntOp::create(rewriter, loc, 1, 1);
    if (outputCount != 0) {
      SmallVector<Value> first = step(rewriter, loc, zero, states);
      for (auto [slot, k] : llvm::enumerate(stackedStates))
        stacked[slot] = storeAt(rewriter, loc, first[k], stacked[slot], zero);
      for (size_t k = 0; k < stateCount; ++k)
        states[k] = first[k];
      for (size_t k = stateCount; k < resultTypes.size(); ++k) {
        Value out =
            stackFor(rewriter, loc, cast<RankedTensorType>(resultTypes[k]),
                     steps, first[k]);
        stacked.push_back(storeAt(rewriter, loc, first[k], out, zero));
      }
      if (op.getUntil())
        going = arith::XOrIOp::create(rewriter, loc, first.back(), going);
      start = one;
    }
    SmallVector<Value> carried(states);
    llvm::append_range(carried, stacked);

    // The values the loop carries after step t (from `iter`), and with
    // `until` whether to stop.
    auto advance = [&](OpBuilder &b, Location l, Value t, ValueRange iter,
                       Value *stop) -> SmallVector<Value> {
      SmallVector<Value> values = step(b, l, t, iter.take_front(stateCount));
      if (op.getUntil())
        *stop = values.pop_back_val();
      // a step's values keep the first step's shapes (the stacked
      // results' rows): Theano's ValueError otherwise
      SmallVector<Value> stackedValues;
      for (size_t k : stackedStates)
        stackedValues.push_back(values[k]);
      llvm::append_range(stackedValues,
                         ArrayRef(values).drop_front(stateCount));
      for (auto [k, value, out] :
           llvm::enumerate(stackedValues, iter.drop_front(stateCount))) {
        auto type = cast<RankedTensorType>(value.getType());
        for (int64_t d = 0; d < type.getRank(); ++d) {
          Value have = tensor::DimOp::create(b, l, value, d);
          Value want = tensor::DimOp::create(b, l, out, d + 1);
          emitCheck(
              b, op,
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, have, want),
              "output " + Twine(k) + " of the step has {0} in dimension " +
                  Twine(d) + " where its first step had {1}",
              {have, want});
        }
      }
      // each new state written into its iteration argument: the loop
      // carries one buffer per state (bufferization needs the yielded
      // value equivalent to it)
      SmallVector<Value> next;
      for (auto [value, state] :
           llvm::zip(ArrayRef(values).take_front(stateCount),
                     iter.take_front(stateCount)))
        next.push_back(linalg::CopyOp::create(b, l, value, state).getResult(0));
      for (auto [value, out] :
           llvm::zip(stackedValues, iter.drop_front(stateCount)))
        next.push_back(storeAt(b, l, value, out, t));
      return next;
    };

    SmallVector<Value> results;
    if (!op.getUntil()) {
      auto loop = scf::ForOp::create(
          rewriter, loc, start, steps, one, carried,
          [&](OpBuilder &b, Location l, Value t, ValueRange iter) {
            scf::YieldOp::create(b, l, advance(b, l, t, iter, nullptr));
          });
      results.assign(loop.getResults().begin(), loop.getResults().end());
    } else {
      // an scf.while over (t, going, carried...): it runs while t < steps
      // and no step has asked to stop; the stacked results keep the rows
      // of the steps run
      SmallVector<Value> inits{start, going};
      llvm::append_range(inits, carried);
      auto loop = scf::WhileOp::create(
          rewriter, loc, ValueRange(inits).getTypes(), inits,
          [&](OpBuilder &b, Location l, ValueRange args) {
            Value more = arith::AndIOp::create(
                b, l,
                arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, args[0],
                                      steps),
                args[1]);
            scf::ConditionOp::create(b, l, more, args);
          },
          [&](OpBuilder &b, Location l, ValueRange args) {
            Value stop;
            SmallVector<Value> next{
                arith::AddIOp::create(b, l, args[0],
                                      arith::ConstantIndexOp::create(b, l, 1)),
                Value()};
            llvm::append_range(
                next, advance(b, l, args[0], args.drop_front(2), &stop));
            next[1] = arith::XOrIOp::create(
                b, l, stop, arith::ConstantIntOp::create(b, l, 1, 1));
            scf::YieldOp::create(b, l, next);
          });
      Value ran = loop.getResult(0);
      results.assign(loop.getResults().begin() + 2, loop.getResults().end());
      for (Value &out : MutableArrayRef(results).drop_front(stateCount)) {
        auto type = cast<RankedTensorType>(out.getType());
        int64_t rank = type.getRank();
        SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0)),
            sizes{ran}, strides(rank, rewriter.getIndexAttr(1));
        for (int64_t d = 1; d < rank; ++d)
          sizes.push_back(tensor::getMixedSize(rewriter, loc, out, d));
        out = tensor::ExtractSliceOp::create(rewriter, loc, out, offsets, sizes,
                                             strides);
        if (out.getType() != type)
          out = tensor::CastOp::create(rewriter, loc, type, out);
      }
    }
    // unread stacked states: an empty tensor stands in (it goes with them)
    SmallVector<Value> replacements;
    ArrayRef<Value> loopStacked = ArrayRef(results).drop_front(stateCount);
    for (size_t k = 0, slot = 0; k < stateCount; ++k)
      replacements.push_back(
          llvm::is_contained(stackedStates, k)
              ? loopStacked[slot++]
              : stackFor(rewriter, loc, cast<RankedTensorType>(resultTypes[k]),
                         steps, adaptor.getInits()[k]));
    llvm::append_range(replacements,
                       loopStacked.drop_front(stackedStates.size()));
    llvm::append_range(replacements, ArrayRef(results).take_front(stateCount));
    rewriter.replaceOp(op, replacements);
    return success();
  }
};
} // namespace

void mlir::theano::populateControlFlowPatterns(const TypeConverter &converter,
                                               RewritePatternSet &patterns) {
  patterns.add<IfElseLowering, YieldLowering, ScanLowering>(
      converter, patterns.getContext());
}
