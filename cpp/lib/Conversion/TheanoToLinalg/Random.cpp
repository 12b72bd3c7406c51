//===- Random.cpp - random number generators -----------------------------===//
//
// mrg_uniform: Theano's MRG31k3p. Element i of the flat result is draw
// i / n_streams of stream i % n_streams, as in Theano's C code. The draws
// are produced stream-major: each stream steps through its draws with its
// six state words in vector registers (16 streams per vector), writing one
// vector of samples per row of the result viewed as rows of n_streams, so
// memory sees only the samples and the state once. An scf.forall splits
// the streams into parts of at least kDrawsPerPart draws: one part (and no
// threads) for small draws; the kernel for unknown shapes runs the parts
// in order.
//
//===----------------------------------------------------------------------===//
#include "PopulatePatterns.h"
#include "theano_mlir/Conversion/TheanoToLinalg/LoweringUtils.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/DialectConversion.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::theano;

namespace {

// MRG31k3p's moduli and the masks and multiplier of its two recurrences.
constexpr int32_t kM1 = 2147483647; // 2^31 - 1
constexpr int32_t kM2 = 2147462579; // 2^31 - 21069
constexpr int32_t kMask12 = 511;
constexpr int32_t kMask13 = 16777215;
constexpr int32_t kMask2 = 65535;
constexpr int32_t kMult2 = 21069;

/// A constant of `type` (a scalar type, or a vector of it: a splat).
Value constantOf(OpBuilder &b, Location loc, Type type, TypedAttr scalar) {
  if (auto vectorType = dyn_cast<VectorType>(type))
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(vectorType, scalar));
  return arith::ConstantOp::create(b, loc, scalar);
}

/// The type with `element` in place of `type`'s element type.
Type withElement(Type type, Type element) {
  if (auto vectorType = dyn_cast<VectorType>(type))
    return vectorType.clone(element);
  return element;
}

/// i32 arithmetic that wraps as Theano's C code relies on, on `type` (i32
/// or a vector of i32).
struct Int32Builder {
  OpBuilder &b;
  Location loc;
  Type type;
  Value c(int32_t v) const {
    return constantOf(b, loc, type, b.getI32IntegerAttr(v));
  }
  Value add(Value x, Value y) const {
    return arith::AddIOp::create(b, loc, x, y);
  }
  Value sub(Value x, Value y) const {
    return arith::SubIOp::create(b, loc, x, y);
  }
  Value mul(Value x, Value y) const {
    return arith::MulIOp::create(b, loc, x, y);
  }
  Value mask(Value x, int32_t m) const {
    return arith::AndIOp::create(b, loc, x, c(m));
  }
  Value shl(Value x, int32_t n) const {
    return arith::ShLIOp::create(b, loc, x, c(n));
  }
  Value shr(Value x, int32_t n) const {
    return arith::ShRSIOp::create(b, loc, x, c(n));
  }
  Value cmp(arith::CmpIPredicate p, Value x, Value y) const {
    return arith::CmpIOp::create(b, loc, p, x, y);
  }
  /// y - m where y < 0 (it overflowed) or y >= m, else y.
  Value reduce(Value y, int32_t m) const {
    Value out =
        arith::OrIOp::create(b, loc, cmp(arith::CmpIPredicate::slt, y, c(0)),
                             cmp(arith::CmpIPredicate::sge, y, c(m)));
    return arith::SelectOp::create(b, loc, out, sub(y, c(m)), y);
  }
};

/// One MRG31k3p step of `x` (x11 x12 x13 x21 x22 x23, updated) and the
/// draw's integer in [1, M1].
Value mrgStep(Int32Builder &i, SmallVectorImpl<Value> &x) {
  Value y1 = i.add(i.add(i.shl(i.mask(x[1], kMask12), 22), i.shr(x[1], 9)),
                   i.add(i.shl(i.mask(x[2], kMask13), 7), i.shr(x[2], 24)));
  y1 = i.reduce(i.add(i.reduce(y1, kM1), x[2]), kM1);
  x[2] = x[1];
  x[1] = x[0];
  x[0] = y1;

  Value z1 = i.add(i.shl(i.mask(x[3], kMask2), 15),
                   i.mul(i.c(kMult2), i.shr(x[3], 16)));
  z1 = i.reduce(z1, kM2);
  Value z2 = i.add(i.shl(i.mask(x[5], kMask2), 15),
                   i.mul(i.c(kMult2), i.shr(x[5], 16)));
  z2 = i.reduce(i.add(i.reduce(z2, kM2), x[5]), kM2);
  z2 = i.reduce(i.add(z2, z1), kM2);
  x[5] = x[4];
  x[4] = x[3];
  x[3] = z2;

  Value difference = i.sub(x[0], x[3]);
  return arith::SelectOp::create(i.b, i.loc,
                                 i.cmp(arith::CmpIPredicate::sle, x[0], x[3]),
                                 i.add(difference, i.c(kM1)), difference);
}

/// Theano's draw from the step's integer, in `type` (of i.type's shape).
Value mrgSample(Int32Builder &i, Value drawn, FloatType type) {
  OpBuilder &b = i.b;
  Location loc = i.loc;
  auto constant = [&](FloatType t, double v) {
    return constantOf(b, loc, withElement(i.type, t), b.getFloatAttr(t, v));
  };
  if (type.isF16()) {
    // numpy's perform: an int32 times a float16 scalar is a float64 product
    Value scaled = arith::AddIOp::create(b, loc, i.mask(drawn, 0x7fff), i.c(1));
    Value wide = arith::SIToFPOp::create(
        b, loc, withElement(i.type, b.getF64Type()), scaled);
    // np.float16(3.0458e-05), exactly
    Value norm = constant(b.getF64Type(), 3.045797348022461e-05);
    return arith::TruncFOp::create(b, loc, withElement(i.type, type),
                                   arith::MulFOp::create(b, loc, wide, norm));
  }
  Value converted =
      arith::SIToFPOp::create(b, loc, withElement(i.type, type), drawn);
  double norm =
      type.isF32() ? double(4.6566126e-10f) : 4.656612873077392578125e-10;
  return arith::MulFOp::create(b, loc, converted, constant(type, norm));
}

// Streams per vector of state words (AVX-512's i32 lanes), and the least
// draws per part of the streams split among the threads (a part costs a
// thread's wake-up, microseconds).
constexpr int64_t kLanes = 16;
constexpr int64_t kDrawsPerPart = 1 << 15;

/// The rows of draws: `full` rows of every stream, then the first `last`
/// streams draw once more.
struct RowCounts {
  Value full, last;
};

/// The draws of streams at .. at+kLanes of a part (fewer at its end), which
/// starts at stream `first`: the six state words in vectors through every
/// row (gathered from the flat state `stateIn`, scattered into the part's),
/// one vector of samples written per row. `outs`: the part's rows of
/// samples and its new state, flat. Returns them written.
SmallVector<Value> drawVector(OpBuilder &b, Location loc, Value stateIn,
                              Value first, Value at, Value width,
                              RowCounts counts, ValueRange outs,
                              FloatType floatType) {
  auto cIndex = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  auto wordsType = VectorType::get({kLanes}, b.getI32Type());
  auto maskType = VectorType::get({kLanes}, b.getI1Type());
  Value lanes = arith::MinUIOp::create(
      b, loc, cIndex(kLanes), arith::SubIOp::create(b, loc, width, at));
  Value mask =
      vector::CreateMaskOp::create(b, loc, maskType, ValueRange{lanes});
  // word k of the lanes' streams: every sixth element of the flat state
  SmallVector<int32_t> strides;
  for (int64_t lane = 0; lane < kLanes; ++lane)
    strides.push_back(6 * lane);
  Value wordStrides = arith::ConstantOp::create(
      b, loc, DenseIntElementsAttr::get(wordsType, ArrayRef<int32_t>(strides)));
  auto wordAt = [&](Value stream, int64_t k) -> Value {
    return arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, stream, cIndex(6)), cIndex(k));
  };
  Value stream = arith::AddIOp::create(b, loc, first, at);
  Value zeros = constantOf(b, loc, wordsType, b.getI32IntegerAttr(0));
  SmallVector<Value> words;
  for (int64_t k = 0; k < 6; ++k)
    words.push_back(vector::GatherOp::create(b, loc, wordsType, stateIn,
                                             ValueRange{wordAt(stream, k)},
                                             wordStrides, mask, zeros));
  auto row = AffineMapAttr::get(AffineMap::get(2, 0, b.getAffineDimExpr(1)));
  ArrayAttr maybeOut = b.getBoolArrayAttr({false});

  // One row: the step of every lane, its samples written where `rowMask`
  // holds (and the state advanced there only).
  auto drawRow = [&](OpBuilder &rb, Location rl, ValueRange carried,
                     Value rowIndex, Value rowMask, bool partial) {
    Int32Builder i{rb, rl, wordsType};
    SmallVector<Value> x(carried.take_front(6));
    Value sample = mrgSample(i, mrgStep(i, x), floatType);
    if (partial)
      for (int64_t k = 0; k < 6; ++k)
        x[k] = arith::SelectOp::create(rb, rl, rowMask, x[k], carried[k]);
    x.push_back(vector::TransferWriteOp::create(rb, rl, sample, carried[6],
                                                ValueRange{rowIndex, at}, row,
                                                rowMask, maybeOut)
                    .getResult());
    return x;
  };
  SmallVector<Value> carried(words);
  carried.push_back(outs[0]);
  auto fullRows = scf::ForOp::create(
      b, loc, cIndex(0), counts.full, cIndex(1), carried,
      [&](OpBuilder &rb, Location rl, Value r, ValueRange values) {
        scf::YieldOp::create(rb, rl, drawRow(rb, rl, values, r, mask, false));
      });
  // the partial row: the streams before `counts.last` draw once more
  Value lastLanes = arith::SelectOp::create(
      b, loc,
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ugt, counts.last,
                            stream),
      arith::MinUIOp::create(
          b, loc, lanes, arith::SubIOp::create(b, loc, counts.last, stream)),
      cIndex(0));
  auto partialRow =
      scf::IfOp::create(b, loc, fullRows.getResultTypes(),
                        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ugt,
                                              lastLanes, cIndex(0)),
                        /*withElseRegion=*/true);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(partialRow.thenBlock());
    Value lastMask =
        vector::CreateMaskOp::create(b, loc, maskType, ValueRange{lastLanes});
    scf::YieldOp::create(
        b, loc,
        drawRow(b, loc, fullRows.getResults(), counts.full, lastMask, true));
    b.setInsertionPointToStart(partialRow.elseBlock());
    scf::YieldOp::create(b, loc, fullRows.getResults());
  }
  SmallVector<Value> written{partialRow.getResult(6)};
  Value stateOut = outs[1];
  for (int64_t k = 0; k < 6; ++k)
    stateOut = vector::ScatterOp::create(b, loc, stateOut.getType(), stateOut,
                                         ValueRange{wordAt(at, k)}, wordStrides,
                                         mask, partialRow.getResult(k))
                   .getResult();
  written.push_back(stateOut);
  return written;
}

struct MRGUniformLowering : OpConversionPattern<MRGUniformOp> {
  MRGUniformLowering(const TypeConverter &converter, MLIRContext *context,
                     int64_t threads)
      : OpConversionPattern(converter, context), maxParts(threads) {}
  int64_t maxParts;
  LogicalResult
  matchAndRewrite(MRGUniformOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = dyn_cast_if_present<RankedTensorType>(
        getTypeConverter()->convertType(op.getResult().getType()));
    if (!resultType)
      return rewriter.notifyMatchFailure(op, "unsupported result type");
    auto floatType = cast<FloatType>(resultType.getElementType());
    OpBuilder &b = rewriter;
    Location loc = op.getLoc();
    Type indexType = b.getIndexType(), i64 = b.getI64Type(),
         f64 = b.getF64Type();
    auto cIndex = [&](int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, loc, v);
    };

    // The element count, checked before anything is allocated: sizes
    // non-negative, the count (taken in f64, so it cannot wrap) at most M1.
    int64_t rank = resultType.getRank();
    Value count = cIndex(1);
    Value countF = scalarConstant(b, loc, f64, 1);
    Value valid = arith::ConstantIntOp::create(b, loc, 1, 1);
    SmallVector<Value> sizes;
    for (int64_t d = 0; d < rank; ++d) {
      Value entry = tensor::ExtractOp::create(b, loc, adaptor.getSize(),
                                              ValueRange{cIndex(d)});
      valid = arith::AndIOp::create(
          b, loc, valid,
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, entry,
                                scalarConstant(b, loc, i64, 0)));
      countF = arith::MulFOp::create(
          b, loc, countF, arith::SIToFPOp::create(b, loc, f64, entry));
      Value size = arith::IndexCastOp::create(b, loc, indexType, entry);
      sizes.push_back(size);
      count = arith::MulIOp::create(b, loc, count, size);
    }
    emitCheck(b, op, valid, "the size must not be negative");
    emitCheck(b, op,
              arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLE, countF,
                                    scalarConstant(b, loc, f64, kM1)),
              "rng_mrg does not support more than (2**31 -1) samples");
    Value state = adaptor.getState();
    Value streams = dimSize(b, loc, state, 0);
    Value zero = cIndex(0), one = cIndex(1);
    emitCheck(b, op,
              arith::OrIOp::create(
                  b, loc,
                  arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, count,
                                        zero),
                  arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt,
                                        streams, zero)),
              "the random state has no streams");

    // The result as rows of n_streams draws (the last row partial), and
    // the new state; every stream is written by the part that owns it.
    Value safeStreams = arith::MaxSIOp::create(b, loc, streams, one);
    Value fullRows = arith::DivUIOp::create(b, loc, count, safeStreams);
    Value rows = arith::CeilDivUIOp::create(b, loc, count, safeStreams);
    Value lastCount = arith::SubIOp::create(
        b, loc, count, arith::MulIOp::create(b, loc, fullRows, safeStreams));
    auto rowsType = RankedTensorType::get(
        {ShapedType::kDynamic, ShapedType::kDynamic}, floatType);
    Value drawn = emptyTensor(b, loc, rowsType, {rows, streams});
    auto stateType = cast<RankedTensorType>(state.getType());
    Value stateAfter =
        emptyTensor(b, loc, stateType, {streams, dimSize(b, loc, state, 1)});

    // Parts of whole vectors of streams, each at least kDrawsPerPart draws,
    // at most one per thread: a constant 1 for small static sizes (or one
    // thread), which canonicalization turns into straight-line code.
    Value lanes = cIndex(kLanes);
    Value vectors = arith::CeilDivUIOp::create(b, loc, streams, lanes);
    Value parts = one;
    if (maxParts > 1) {
      parts = arith::MinUIOp::create(
          b, loc,
          arith::MaxUIOp::create(
              b, loc, one,
              arith::CeilDivUIOp::create(b, loc, count, cIndex(kDrawsPerPart))),
          arith::MaxUIOp::create(b, loc, one, vectors));
      parts = arith::MinUIOp::create(b, loc, parts, cIndex(maxParts));
    }
    Value vectorsPerPart = arith::CeilDivUIOp::create(b, loc, vectors, parts);
    // the state and the rows of draws are read and written flat
    ReassociationIndices flat{0, 1};
    Value flatState =
        tensor::CollapseShapeOp::create(b, loc, state, ArrayRef{flat});
    auto forall = scf::ForallOp::create(
        b, loc, ArrayRef<OpFoldResult>{OpFoldResult(parts)},
        ValueRange{drawn, stateAfter}, std::nullopt);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(forall.getTerminator());
      Value part = forall.getInductionVars()[0];
      auto shared = forall.getRegionIterArgs();
      // the part's streams: whole vectors of them, clamped to n_streams
      auto streamAt = [&](Value vector) -> Value {
        return arith::MinUIOp::create(
            b, loc,
            arith::MulIOp::create(
                b, loc, arith::MinUIOp::create(b, loc, vector, vectors), lanes),
            streams);
      };
      Value first =
          streamAt(arith::MulIOp::create(b, loc, part, vectorsPerPart));
      Value end = streamAt(arith::MulIOp::create(
          b, loc, arith::AddIOp::create(b, loc, part, one), vectorsPerPart));
      Value width = arith::SubIOp::create(b, loc, end, first);
      OpFoldResult at0 = b.getIndexAttr(0);
      SmallVector<OpFoldResult> rowsOffsets{at0, first}, rowsSizes{rows, width},
          stateOffsets{first, at0}, stateSizes{width, b.getIndexAttr(6)},
          unit(2, b.getIndexAttr(1));
      Value rowsPart = tensor::ExtractSliceOp::create(
          b, loc, shared[0], rowsOffsets, rowsSizes, unit);
      Value statePart = tensor::ExtractSliceOp::create(
          b, loc, shared[1], stateOffsets, stateSizes, unit);
      Value flatPart =
          tensor::CollapseShapeOp::create(b, loc, statePart, ArrayRef{flat});
      RowCounts counts{fullRows, lastCount};
      auto streamsLoop = scf::ForOp::create(
          b, loc, zero, width, lanes, ValueRange{rowsPart, flatPart},
          [&](OpBuilder &vb, Location vl, Value at, ValueRange outs) {
            scf::YieldOp::create(vb, vl,
                                 drawVector(vb, vl, flatState, first, at, width,
                                            counts, outs, floatType));
          });
      Value newPart = tensor::ExpandShapeOp::create(b, loc, statePart.getType(),
                                                    streamsLoop.getResult(1),
                                                    ArrayRef{flat}, stateSizes);
      b.setInsertionPointToStart(forall.getTerminator().getBody());
      tensor::ParallelInsertSliceOp::create(b, loc, streamsLoop.getResult(0),
                                            shared[0], rowsOffsets, rowsSizes,
                                            unit);
      tensor::ParallelInsertSliceOp::create(b, loc, newPart, shared[1],
                                            stateOffsets, stateSizes, unit);
    }

    // the first `count` draws, in the result's shape
    Value flatRows = tensor::CollapseShapeOp::create(
        b, loc, forall.getResult(0), ArrayRef{flat});
    Value drawsInOrder = tensor::ExtractSliceOp::create(
        b, loc, flatRows, ArrayRef<OpFoldResult>{b.getIndexAttr(0)},
        ArrayRef<OpFoldResult>{count},
        ArrayRef<OpFoldResult>{b.getIndexAttr(1)});
    Value shape = tensor::FromElementsOp::create(
        b, loc, RankedTensorType::get({rank}, indexType), sizes);
    Value result =
        tensor::ReshapeOp::create(b, loc, resultType, drawsInOrder, shape);
    Value newState =
        castIfNeeded(b, loc, forall.getResult(1), op.getNewState().getType());
    rewriter.replaceOp(op, {newState, result});
    return success();
  }
};

} // namespace

void mlir::theano::populateRandomPatterns(const TypeConverter &converter,
                                          RewritePatternSet &patterns,
                                          int64_t threads) {
  patterns.add<MRGUniformLowering>(converter, patterns.getContext(),
                                   std::max<int64_t>(threads, 1));
}
