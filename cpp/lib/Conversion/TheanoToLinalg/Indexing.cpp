//===- Indexing.cpp - subtensor, inc_subtensor and their advanced forms ---===//
//
// Basic indexing is a strided slice (tensor.extract_slice; insert_slice to
// write), its bounds normalized at run time as numpy normalizes them.
// Integer-array indexing is a gather (a linalg.generic reading the input at
// the indices) and, to write, a loop over the indices that updates one part
// at a time, so writing k parts costs k parts whatever the input's size.
// Every index is checked before any read: out of range is an IndexError.
//
//===----------------------------------------------------------------------===//
#include "PopulatePatterns.h"
#include "theano_mlir/Conversion/TheanoToLinalg/LoweringUtils.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Complex/IR/Complex.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/SmallBitVector.h"

using namespace mlir;
using namespace mlir::theano;

namespace {
/// Index arithmetic at one location.
struct IndexMath {
  OpBuilder &b;
  Location loc;

  Value c(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubIOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulIOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivSIOp::create(b, loc, x, y); }
  Value rem(Value x, Value y) { return arith::RemSIOp::create(b, loc, x, y); }
  Value min(Value x, Value y) { return arith::MinSIOp::create(b, loc, x, y); }
  Value max(Value x, Value y) { return arith::MaxSIOp::create(b, loc, x, y); }
  Value cmp(arith::CmpIPredicate p, Value x, Value y) {
    return arith::CmpIOp::create(b, loc, p, x, y);
  }
  Value lt(Value x, Value y) { return cmp(arith::CmpIPredicate::slt, x, y); }
  Value select(Value cond, Value x, Value y) {
    return arith::SelectOp::create(b, loc, cond, x, y);
  }
  Value clamp(Value x, Value low, Value high) { return min(max(x, low), high); }
  /// A negative index counts from the end (numpy).
  Value wrap(Value index, Value size) {
    return select(lt(index, c(0)), add(index, size), index);
  }
  /// A 0-d int64 tensor's value as an index.
  Value scalar(Value tensor) { return scalarAt(tensor, {}); }
  /// An int64 tensor's element as an index.
  Value scalarAt(Value tensor, ValueRange at) {
    Value value = tensor::ExtractOp::create(b, loc, tensor, at);
    return arith::IndexCastOp::create(b, loc, b.getIndexType(), value);
  }
};

/// Where basic indexing reads: per input dimension, an offset, a size and a
/// stride (the indexed dimensions have size 1 and are dropped).
struct SliceBounds {
  SmallVector<OpFoldResult> offsets, sizes, strides;
  llvm::SmallBitVector dropped;
};

/// Normalizes the bounds of basic indexing as numpy does and emits the
/// checks of the indices (in range) and steps (not zero).
template <typename OpT>
SliceBounds basicBounds(OpBuilder &b, OpT op, Value input, ValueRange dynamic) {
  Location loc = op.getLoc();
  IndexMath m{b, loc};
  auto inputType = cast<RankedTensorType>(input.getType());
  int64_t rank = inputType.getRank();
  SliceBounds bounds;
  bounds.dropped.resize(rank);
  size_t next = 0;
  // A bound as an index, or null for numpy's None.
  auto bound = [&](int64_t attr) -> Value {
    if (attr == OpT::kAbsent)
      return Value();
    if (attr == OpT::kDynamic)
      return m.scalar(dynamic[next++]);
    return m.c(attr);
  };
  ArrayRef<bool> indices = op.getIndices();
  for (int64_t d = 0; d < rank; ++d) {
    Value size = dimSize(b, loc, input, d);
    if (d >= int64_t(indices.size())) { // taken whole
      bounds.offsets.push_back(b.getIndexAttr(0));
      bounds.sizes.push_back(getAsOpFoldResult(size));
      bounds.strides.push_back(b.getIndexAttr(1));
      continue;
    }
    Value start = bound(op.getStarts()[d]);
    Value stop = bound(op.getStops()[d]);
    Value step = bound(op.getSteps()[d]);
    if (indices[d]) {
      Value inRange = arith::AndIOp::create(
          b, loc, m.cmp(arith::CmpIPredicate::sge, start, m.sub(m.c(0), size)),
          m.lt(start, size));
      emitCheck(b, op, inRange,
                "index {0} is out of bounds for axis " + Twine(d) +
                    " with size {1}",
                {start, size}, CheckError::Index);
      bounds.offsets.push_back(getAsOpFoldResult(m.wrap(start, size)));
      bounds.sizes.push_back(b.getIndexAttr(1));
      bounds.strides.push_back(b.getIndexAttr(1));
      bounds.dropped.set(d);
      continue;
    }
    if (!step)
      step = m.c(1);
    else
      emitCheck(b, op, m.cmp(arith::CmpIPredicate::ne, step, m.c(0)),
                "slice step cannot be zero");
    // numpy's PySlice_AdjustIndices: both signs of step computed, one kept.
    Value forward = m.cmp(arith::CmpIPredicate::sgt, step, m.c(0));
    Value last = m.sub(size, m.c(1)), beforeFirst = m.c(-1);
    auto adjust = [&](Value given, Value forwardDefault,
                      Value backwardDefault) {
      if (!given)
        return m.select(forward, forwardDefault, backwardDefault);
      Value wrapped = m.wrap(given, size);
      return m.select(forward, m.clamp(wrapped, m.c(0), size),
                      m.clamp(wrapped, beforeFirst, last));
    };
    start = adjust(start, m.c(0), last);
    stop = adjust(stop, size, beforeFirst);
    Value distance = m.select(forward, m.sub(stop, start), m.sub(start, stop));
    Value magnitude = m.max(m.select(forward, step, m.sub(m.c(0), step)),
                            m.c(1)); // never 0: the check above came first
    Value count = m.select(
        m.cmp(arith::CmpIPredicate::sgt, distance, m.c(0)),
        m.add(m.div(m.sub(distance, m.c(1)), magnitude), m.c(1)), m.c(0));
    // An empty slice reads nothing: it starts at 0, and a step that may be
    // negative becomes 1 there (the slice verifier rejects an empty slice
    // with a negative stride from 0 once sizes are static). A constant
    // positive step stays a constant, so consumers see a static layout.
    Value empty = m.cmp(arith::CmpIPredicate::eq, count, m.c(0));
    bounds.offsets.push_back(getAsOpFoldResult(m.select(empty, m.c(0), start)));
    bounds.sizes.push_back(getAsOpFoldResult(count));
    std::optional<int64_t> constantStep = getConstantIntValue(step);
    bounds.strides.push_back(getAsOpFoldResult(
        constantStep && *constantStep > 0 ? step
                                          : m.select(empty, m.c(1), step)));
  }
  return bounds;
}

/// How the dropped (size-1) dimensions of a slice fold away: each with the
/// kept dimension after it, trailing ones with the last kept one; none kept,
/// no groups (a 0-d result).
SmallVector<ReassociationIndices> droppedGroups(const SliceBounds &bounds) {
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices pending;
  for (int64_t d = 0, rank = bounds.dropped.size(); d < rank; ++d) {
    pending.push_back(d);
    if (!bounds.dropped.test(d)) {
      groups.push_back(pending);
      pending.clear();
    }
  }
  if (!groups.empty())
    llvm::append_range(groups.back(), pending);
  return groups;
}

/// The indexed part of `input` (a view): a slice of full rank whose dropped
/// dimensions are then collapsed. (A rank-reducing extract_slice would be
/// ambiguous where a kept dimension also has size 1: canonicalization may
/// drop that one instead.)
Value extractPart(OpBuilder &b, Location loc, Value input,
                  const SliceBounds &bounds) {
  auto inputType = cast<RankedTensorType>(input.getType());
  RankedTensorType sliceType =
      tensor::ExtractSliceOp::inferResultType(inputType, bounds.sizes);
  Value slice = tensor::ExtractSliceOp::create(
      b, loc, sliceType, input, bounds.offsets, bounds.sizes, bounds.strides);
  if (bounds.dropped.none())
    return slice;
  return tensor::CollapseShapeOp::create(b, loc, slice, droppedGroups(bounds));
}

/// `part` (as extractPart gives it) written back into `dest` where it came
/// from.
Value insertPart(OpBuilder &b, Location loc, Value part, Value dest,
                 const SliceBounds &bounds) {
  if (bounds.dropped.any()) {
    auto destType = cast<RankedTensorType>(dest.getType());
    RankedTensorType sliceType =
        tensor::ExtractSliceOp::inferResultType(destType, bounds.sizes);
    part = tensor::ExpandShapeOp::create(b, loc, sliceType, part,
                                         droppedGroups(bounds), bounds.sizes);
  }
  return tensor::InsertSliceOp::create(b, loc, part, dest, bounds.offsets,
                                       bounds.sizes, bounds.strides);
}

/// `whole` with its part at `bounds` (extractPart's) having `value` (of
/// the part's rank) added, or written with `set`: the generic writes into
/// the part, which goes back where it came from (in place once
/// bufferized). `value` broadcasts as numpy's `x[idx] += y` does: along its
/// dimensions of size 1, static (the generic's map) or found at run time
/// (the generic reads value by index, at 0 where its size is 1: a
/// loop-invariant select, which LLVM unswitches; in a kernel specialized
/// for shapes it folds away). Checks that value's other dimensions match the
/// part's, unless the caller did (`checked`).
Value updateSlice(OpBuilder &b, Operation *op, Value whole,
                  const SliceBounds &bounds, Value value, Type theanoElement,
                  bool set, bool checked = false) {
  Location loc = op->getLoc();
  Value part = extractPart(b, loc, whole, bounds);
  auto partType = cast<RankedTensorType>(part.getType());
  auto valueType = cast<RankedTensorType>(value.getType());
  int64_t rank = partType.getRank();
  MLIRContext *context = b.getContext();
  IndexMath m{b, loc};
  SmallVector<AffineExpr> valueExprs;
  // value's dimensions that may be 1 at run time where the part's is not
  SmallVector<int64_t> runtimeDims;
  SmallVector<Value> isOne(rank);
  for (int64_t d = 0; d < rank; ++d) {
    if (valueType.getDimSize(d) == 1) {
      valueExprs.push_back(getAffineConstantExpr(0, context));
      continue;
    }
    valueExprs.push_back(getAffineDimExpr(d, context));
    bool mayBroadcast =
        valueType.isDynamicDim(d) && partType.getDimSize(d) != 1;
    if (checked && !mayBroadcast)
      continue;
    Value have = dimSize(b, loc, value, d), want = dimSize(b, loc, part, d);
    Value fits = m.cmp(arith::CmpIPredicate::eq, have, want);
    if (mayBroadcast) {
      runtimeDims.push_back(d);
      isOne[d] = m.cmp(arith::CmpIPredicate::eq, have, m.c(1));
      fits = arith::OrIOp::create(b, loc, fits, isOne[d]);
    }
    if (!checked)
      emitCheck(b, op, fits,
                "shape mismatch: a value of size {0} for an indexed part of "
                "size {1} in dimension " +
                    Twine(d),
                {have, want});
  }
  auto combine = [&](OpBuilder &nb, Location l, Value x, Value y) -> Value {
    if (set)
      return y;
    x = loadScalar(nb, l, x, theanoElement);
    y = loadScalar(nb, l, y, theanoElement);
    Value sum;
    if (isa<ComplexType>(x.getType()))
      sum = complex::AddOp::create(nb, l, x, y);
    else if (isa<FloatType>(x.getType()))
      sum = arith::AddFOp::create(nb, l, x, y);
    else if (x.getType().isInteger(1)) // numpy's bool +: or
      sum = arith::OrIOp::create(nb, l, x, y);
    else
      sum = arith::AddIOp::create(nb, l, x, y);
    return storeScalar(nb, l, sum, theanoElement);
  };
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto elementwise = [&](OpBuilder &nb, Location l, Value into) -> Value {
    SmallVector<AffineMap> maps{AffineMap::get(rank, 0, valueExprs, context),
                                nb.getMultiDimIdentityMap(rank)};
    return linalg::GenericOp::create(
               nb, l, TypeRange{partType}, ValueRange{value}, ValueRange{into},
               maps, iterators,
               [&](OpBuilder &gb, Location gl, ValueRange args) {
                 linalg::YieldOp::create(gb, gl,
                                         combine(gb, gl, args[1], args[0]));
               })
        .getResult(0);
  };
  if (runtimeDims.empty())
    return insertPart(b, loc, elementwise(b, loc, part), whole, bounds);
  // value read by index, at 0 along its dimensions of size 1
  auto broadcasting = [&](OpBuilder &nb, Location l, Value into) -> Value {
    return linalg::GenericOp::create(
               nb, l, TypeRange{partType}, ValueRange{}, ValueRange{into},
               SmallVector<AffineMap>{nb.getMultiDimIdentityMap(rank)},
               iterators,
               [&](OpBuilder &gb, Location gl, ValueRange args) {
                 IndexMath g{gb, gl};
                 SmallVector<Value> at;
                 for (int64_t d = 0; d < rank; ++d) {
                   if (valueType.getDimSize(d) == 1) {
                     at.push_back(g.c(0));
                     continue;
                   }
                   Value index = linalg::IndexOp::create(gb, gl, d);
                   at.push_back(isOne[d] ? g.select(isOne[d], g.c(0), index)
                                         : index);
                 }
                 Value y = tensor::ExtractOp::create(gb, gl, value, at);
                 linalg::YieldOp::create(gb, gl, combine(gb, gl, args[0], y));
               })
        .getResult(0);
  };
  return insertPart(b, loc, broadcasting(b, loc, part), whole, bounds);
}

/// The tensor whose memory a value is a view of, through the views that
/// indexing and reshaping lower to (the value itself if none).
Value viewedTensor(Value value) {
  while (Operation *def = value.getDefiningOp()) {
    if (isa<SubtensorOp, ReshapeOp, StopGradientOp, GradClipOp, GradScaleOp>(
            def))
      value = def->getOperand(0);
    else if (auto keep = dyn_cast<KeepChecksOp>(def))
      value = keep.getValue();
    else
      break;
  }
  return value;
}

/// `value` (the converted one of `original`) where it may be a view of
/// `input`'s memory, copied: written into a part of `input` in place, it
/// must not be read while it is overwritten (x[1:] = x[:0:-1]). One-shot
/// bufferization does not see that conflict through chains of slices.
Value unaliased(OpBuilder &b, Location loc, Value value, Value original,
                Value originalInput) {
  if (viewedTensor(original) != viewedTensor(originalInput))
    return value;
  return bufferization::AllocTensorOp::create(
      b, loc, cast<RankedTensorType>(value.getType()), ValueRange{}, value);
}

struct SubtensorLowering : OpConversionPattern<SubtensorOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SubtensorOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SliceBounds bounds =
        basicBounds(rewriter, op, adaptor.getInput(), adaptor.getDynamic());
    Value part = extractPart(rewriter, loc, adaptor.getInput(), bounds);
    rewriter.replaceOp(
        op, castIfNeeded(rewriter, loc, part,
                         getTypeConverter()->convertType(op.getType())));
    return success();
  }
};

struct IncSubtensorLowering : OpConversionPattern<IncSubtensorOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(IncSubtensorOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    SliceBounds bounds = basicBounds(rewriter, op, input, adaptor.getDynamic());
    Value value = unaliased(rewriter, loc, adaptor.getValue(), op.getValue(),
                            op.getInput());
    Value result =
        updateSlice(rewriter, op, input, bounds, value,
                    op.getInput().getType().getElementType(), op.getSet());
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// The shared part of integer-array indexing: the indices' broadcast sizes
/// (numpy's: each index tensor's size is the broadcast size or 1, checked)
/// and each index tensor checked to be in range of its input dimension.
struct AdvancedIndexing {
  SmallVector<Value> broadcastSizes; // one per dimension of the indices
  SmallVector<Value> inputSizes;     // of the indexed input dimensions

  AdvancedIndexing(OpBuilder &b, Operation *op, Value input,
                   ValueRange indices) {
    Location loc = op->getLoc();
    IndexMath m{b, loc};
    int64_t rank = cast<RankedTensorType>(indices[0].getType()).getRank();
    for (int64_t d = 0; d < rank; ++d) {
      Value size = m.c(1);
      SmallVector<Value> sizes;
      for (Value index : indices) {
        if (cast<RankedTensorType>(index.getType()).getDimSize(d) == 1)
          continue;
        // numpy: the sizes that are not 1 agree (0 included), or all are 1.
        sizes.push_back(dimSize(b, loc, index, d));
        size = m.select(m.cmp(arith::CmpIPredicate::eq, sizes.back(), m.c(1)),
                        size, sizes.back());
      }
      for (Value here : sizes)
        emitCheck(b, op,
                  arith::OrIOp::create(
                      b, loc, m.cmp(arith::CmpIPredicate::eq, here, size),
                      m.cmp(arith::CmpIPredicate::eq, here, m.c(1))),
                  "shape mismatch: indexing arrays could not be broadcast "
                  "together ({0} vs {1} in dimension " +
                      Twine(d) + ")",
                  {here, size}, CheckError::Index);
      broadcastSizes.push_back(size);
    }
    for (auto [axis, index] : llvm::enumerate(indices)) {
      Value size = dimSize(b, loc, input, axis);
      inputSizes.push_back(size);
      auto [low, high] = extremes(b, loc, index);
      emitCheck(b, op,
                m.cmp(arith::CmpIPredicate::sge, low, m.sub(m.c(0), size)),
                "index {0} is out of bounds for axis " + Twine(axis) +
                    " with size {1}",
                {low, size}, CheckError::Index);
      emitCheck(b, op, m.lt(high, size),
                "index {0} is out of bounds for axis " + Twine(axis) +
                    " with size {1}",
                {high, size}, CheckError::Index);
    }
  }

  /// The least and greatest entry of an index tensor, as indices (0 and -1
  /// for an empty one, which then passes both checks).
  static std::pair<Value, Value> extremes(OpBuilder &b, Location loc,
                                          Value index) {
    auto type = cast<RankedTensorType>(index.getType());
    Type i64 = b.getI64Type();
    auto scalar = RankedTensorType::get({}, i64);
    auto filled = [&](int64_t value) {
      Value empty = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{}, i64);
      Value constant = arith::ConstantIntOp::create(b, loc, i64, value);
      return linalg::FillOp::create(b, loc, constant, empty).getResult(0);
    };
    int64_t rank = type.getRank();
    MLIRContext *context = b.getContext();
    AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, context);
    AffineMap toScalar = AffineMap::get(rank, 0, {}, context);
    auto reduced = linalg::GenericOp::create(
        b, loc, TypeRange{scalar, scalar}, ValueRange{index},
        ValueRange{filled(0), filled(-1)},
        ArrayRef<AffineMap>{identity, toScalar, toScalar},
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::reduction),
        [](OpBuilder &nb, Location l, ValueRange args) {
          linalg::YieldOp::create(
              nb, l,
              ValueRange{arith::MinSIOp::create(nb, l, args[0], args[1]),
                         arith::MaxSIOp::create(nb, l, args[0], args[2])});
        });
    IndexMath m{b, loc};
    return {m.scalar(reduced.getResult(0)), m.scalar(reduced.getResult(1))};
  }
};

/// Where a tensor broadcast to a shape is read at `position` (of its leading
/// dimensions): at 0 along dimensions of size 1, statically or at run time.
SmallVector<Value> broadcastPosition(OpBuilder &b, Location loc, Value tensor,
                                     ValueRange position) {
  IndexMath m{b, loc};
  auto type = cast<RankedTensorType>(tensor.getType());
  SmallVector<Value> at;
  for (auto [d, coordinate] : llvm::enumerate(position)) {
    if (type.getDimSize(d) == 1) {
      at.push_back(m.c(0));
      continue;
    }
    Value single =
        m.cmp(arith::CmpIPredicate::eq, dimSize(b, loc, tensor, d), m.c(1));
    at.push_back(m.select(single, m.c(0), coordinate));
  }
  return at;
}

/// result[b..., r...] = input[i0[b...], ..., ik-1[b...], r...].
struct AdvancedSubtensorLowering : OpConversionPattern<AdvancedSubtensorOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AdvancedSubtensorOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    ValueRange indices = adaptor.getIndices();
    AdvancedIndexing indexing(rewriter, op, input, indices);
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    int64_t rank = resultType.getRank();
    int64_t indexRank = indexing.broadcastSizes.size();
    int64_t indexed = indices.size();
    SmallVector<Value> sizes(indexing.broadcastSizes);
    for (int64_t d = indexed;
         d < cast<RankedTensorType>(input.getType()).getRank(); ++d)
      sizes.push_back(dimSize(rewriter, loc, input, d));

    // Each index tensor is read at the result's position, at 0 along its
    // dimensions of size 1 (numpy's broadcasting, decided at run time).
    Value init = emptyTensor(rewriter, loc, resultType, sizes);
    auto gather = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{}, ValueRange{init},
        ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(rank)},
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange) {
          IndexMath m{b, l};
          SmallVector<Value> position;
          for (int64_t d = 0; d < indexRank; ++d)
            position.push_back(linalg::IndexOp::create(b, l, d));
          SmallVector<Value> at;
          for (int64_t k = 0; k < indexed; ++k) {
            Value index = m.scalarAt(
                indices[k], broadcastPosition(b, l, indices[k], position));
            at.push_back(m.wrap(index, indexing.inputSizes[k]));
          }
          for (int64_t d = indexRank; d < rank; ++d)
            at.push_back(linalg::IndexOp::create(b, l, d));
          linalg::YieldOp::create(
              b, l, tensor::ExtractOp::create(b, l, input, at).getResult());
        });
    rewriter.replaceOp(op, gather.getResult(0));
    return success();
  }
};

/// One part at a time: for each position p of the indices' broadcast shape,
/// input[i0[p], ..., ik-1[p], :...] gets value[p, :...] added (or written).
struct AdvancedIncSubtensorLowering
    : OpConversionPattern<AdvancedIncSubtensorOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AdvancedIncSubtensorOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    Value value = unaliased(rewriter, loc, adaptor.getValue(), op.getValue(),
                            op.getInput());
    ValueRange indices = adaptor.getIndices();
    AdvancedIndexing indexing(rewriter, op, input, indices);
    auto inputType = cast<RankedTensorType>(input.getType());
    auto valueType = cast<RankedTensorType>(value.getType());
    int64_t indexed = indices.size();
    int64_t indexRank = indexing.broadcastSizes.size();
    IndexMath m{rewriter, loc};

    // value broadcasts to [broadcast shape..., input dims past the indexed].
    for (int64_t d = 0; d < valueType.getRank(); ++d) {
      if (valueType.getDimSize(d) == 1)
        continue;
      Value want = d < indexRank
                       ? indexing.broadcastSizes[d]
                       : dimSize(rewriter, loc, input, indexed + d - indexRank);
      Value have = dimSize(rewriter, loc, value, d);
      // numpy broadcasts a dimension of size 1, found at run time too
      Value fits = arith::OrIOp::create(
          rewriter, loc, m.cmp(arith::CmpIPredicate::eq, have, want),
          m.cmp(arith::CmpIPredicate::eq, have, m.c(1)));
      emitCheck(rewriter, op, fits,
                "shape mismatch: a value of size {0} for indexed parts of "
                "size {1} in dimension " +
                    Twine(d),
                {have, want});
    }
    Value total = m.c(1);
    for (Value size : indexing.broadcastSizes)
      total = m.mul(total, size);

    Type theanoElement = op.getInput().getType().getElementType();
    bool set = op.getSet();
    auto loop = scf::ForOp::create(
        rewriter, loc, m.c(0), total, m.c(1), ValueRange{input},
        [&](OpBuilder &b, Location l, Value position, ValueRange iterArgs) {
          IndexMath n{b, l};
          // The position in the broadcast shape, last dimension fastest.
          SmallVector<Value> coords(indexRank);
          Value rest = position;
          for (int64_t d = indexRank - 1; d >= 0; --d) {
            coords[d] = n.rem(rest, indexing.broadcastSizes[d]);
            rest = n.div(rest, indexing.broadcastSizes[d]);
          }
          auto at = [&](Value tensor) {
            return broadcastPosition(b, l, tensor, coords);
          };
          // The part written: input[i0[p], ..., ik-1[p], :...].
          SliceBounds target;
          for (int64_t k = 0; k < indexed; ++k) {
            Value index = n.scalarAt(indices[k], at(indices[k]));
            target.offsets.push_back(n.wrap(index, indexing.inputSizes[k]));
            target.sizes.push_back(b.getIndexAttr(1));
            target.strides.push_back(b.getIndexAttr(1));
          }
          target.dropped.resize(inputType.getRank());
          target.dropped.set(0, indexed);
          Value acc = iterArgs[0];
          for (int64_t d = indexed; d < inputType.getRank(); ++d) {
            target.offsets.push_back(b.getIndexAttr(0));
            target.sizes.push_back(getAsOpFoldResult(dimSize(b, l, acc, d)));
            target.strides.push_back(b.getIndexAttr(1));
          }
          // value[p, :...], at 0 where value broadcasts.
          SliceBounds source;
          source.dropped.resize(valueType.getRank());
          SmallVector<Value> valueAt = at(value);
          for (int64_t d = 0; d < valueType.getRank(); ++d) {
            bool inIndices = d < indexRank;
            source.offsets.push_back(inIndices ? OpFoldResult(valueAt[d])
                                               : b.getIndexAttr(0));
            source.sizes.push_back(
                inIndices ? OpFoldResult(b.getIndexAttr(1))
                          : getAsOpFoldResult(dimSize(b, l, value, d)));
            source.strides.push_back(b.getIndexAttr(1));
            if (inIndices)
              source.dropped.set(d);
          }
          Value piece = extractPart(b, l, value, source);
          Value written = updateSlice(b, op, acc, target, piece, theanoElement,
                                      set, /*checked=*/true);
          scf::YieldOp::create(b, l, written);
        });
    rewriter.replaceOp(op, loop.getResult(0));
    return success();
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// nonzero
//===----------------------------------------------------------------------===//

namespace {
/// Two passes over the elements in row-major order: one counts the nonzero
/// ones, the other writes their coordinates into a matrix of that length.
struct NonzeroLowering : OpConversionPattern<NonzeroOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(NonzeroOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = dyn_cast_if_present<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    if (!resultType)
      return rewriter.notifyMatchFailure(op, "unsupported result type");
    OpBuilder &b = rewriter;
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    Type element = op.getInput().getType().getElementType();
    int64_t rank = op.getInput().getType().getRank();
    Type indexType = b.getIndexType(), i64 = b.getI64Type();

    SmallVector<Value> sizes;
    for (int64_t d = 0; d < rank; ++d)
      sizes.push_back(dimSize(b, loc, x, d));
    // A mask's sizes must be those of the dimensions it indexes.
    for (auto [d, expected] : llvm::enumerate(adaptor.getSizes())) {
      Value want = arith::IndexCastOp::create(
          b, loc, indexType, tensor::ExtractOp::create(b, loc, expected));
      emitCheck(b, op,
                arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, want,
                                      sizes[d]),
                "boolean index did not match indexed array along dimension " +
                    Twine(d) +
                    " of the mask; dimension is {0} but "
                    "corresponding boolean dimension is {1}",
                {want, sizes[d]}, CheckError::Index);
    }
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    Value total = one;
    for (Value size : sizes)
      total = arith::MulIOp::create(b, loc, total, size);

    // Element i's coordinates (row-major), and whether it is nonzero.
    auto visit = [&](OpBuilder &nb, Location nl, Value i,
                     SmallVector<Value> &coordinates) -> Value {
      coordinates.assign(rank, Value());
      Value rest = i;
      for (int64_t d = rank - 1; d >= 0; --d) {
        coordinates[d] = arith::RemUIOp::create(nb, nl, rest, sizes[d]);
        rest = arith::DivUIOp::create(nb, nl, rest, sizes[d]);
      }
      Value v = loadScalar(
          nb, nl, tensor::ExtractOp::create(nb, nl, x, coordinates), element);
      Value zeroValue = scalarConstant(nb, nl, v.getType(), 0);
      if (isa<ComplexType>(v.getType()))
        return complex::NotEqualOp::create(nb, nl, v, zeroValue);
      if (isa<FloatType>(v.getType()))
        return arith::CmpFOp::create(nb, nl, arith::CmpFPredicate::UNE, v,
                                     zeroValue);
      return arith::CmpIOp::create(nb, nl, arith::CmpIPredicate::ne, v,
                                   zeroValue);
    };

    auto counting = scf::ForOp::create(
        b, loc, zero, total, one, ValueRange{zero},
        [&](OpBuilder &nb, Location nl, Value i, ValueRange iter) {
          SmallVector<Value> coordinates;
          Value nonzero = visit(nb, nl, i, coordinates);
          Value next = arith::AddIOp::create(
              nb, nl, iter[0],
              arith::SelectOp::create(
                  nb, nl, nonzero, arith::ConstantIndexOp::create(nb, nl, 1),
                  arith::ConstantIndexOp::create(nb, nl, 0)));
          scf::YieldOp::create(nb, nl, next);
        });
    Value count = counting.getResult(0);

    Value init = emptyTensor(
        b, loc, resultType,
        {arith::ConstantIndexOp::create(b, loc, rank).getResult(), count});
    auto filling = scf::ForOp::create(
        b, loc, zero, total, one, ValueRange{zero, init},
        [&](OpBuilder &nb, Location nl, Value i, ValueRange iter) {
          SmallVector<Value> coordinates;
          Value nonzero = visit(nb, nl, i, coordinates);
          auto branch = scf::IfOp::create(
              nb, nl, nonzero,
              [&](OpBuilder &tb, Location tl) {
                Value at = iter[0], out = iter[1];
                for (int64_t d = 0; d < rank; ++d) {
                  Value coordinate =
                      arith::IndexCastOp::create(tb, tl, i64, coordinates[d]);
                  Value row = arith::ConstantIndexOp::create(tb, tl, d);
                  out = tensor::InsertOp::create(tb, tl, coordinate, out,
                                                 ValueRange{row, at});
                }
                Value next = arith::AddIOp::create(
                    tb, tl, at, arith::ConstantIndexOp::create(tb, tl, 1));
                scf::YieldOp::create(tb, tl, ValueRange{next, out});
              },
              [&](OpBuilder &eb, Location el) {
                scf::YieldOp::create(eb, el, iter);
              });
          scf::YieldOp::create(nb, nl, branch.getResults());
        });
    rewriter.replaceOp(op, filling.getResult(1));
    return success();
  }
};
} // namespace

void mlir::theano::populateIndexingPatterns(const TypeConverter &converter,
                                            RewritePatternSet &patterns) {
  patterns
      .add<SubtensorLowering, IncSubtensorLowering, AdvancedSubtensorLowering,
           AdvancedIncSubtensorLowering, NonzeroLowering>(
          converter, patterns.getContext());
}
