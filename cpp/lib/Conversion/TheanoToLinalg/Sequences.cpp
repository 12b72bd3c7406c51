//===- Sequences.cpp - arange, cumulative sums and products, sort ---------===//
//
// arange: one linalg.generic over the index, its length checked. The
// cumulative ops: an scf.for along the axis, each step one elementwise
// generic of the previous result slice and the input slice. Sort: a
// bottom-up merge sort of each row (stable, NaN last), in scf loops over
// two buffers, carrying the positions or values to permute alongside.
//
//===----------------------------------------------------------------------===//
#include "PopulatePatterns.h"
#include "theano_mlir/Conversion/TheanoToLinalg/LoweringUtils.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"
#include <limits>

using namespace mlir;
using namespace mlir::theano;

static Value indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

static Value extractScalar(OpBuilder &b, Location loc, Value tensor0d,
                           Type element) {
  return loadScalar(b, loc, tensor::ExtractOp::create(b, loc, tensor0d),
                    element);
}

//===----------------------------------------------------------------------===//
// arange
//===----------------------------------------------------------------------===//

namespace {
struct ARangeLowering : OpConversionPattern<ARangeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ARangeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = dyn_cast_if_present<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    if (!resultType)
      return rewriter.notifyMatchFailure(op, "unsupported result type");
    OpBuilder &b = rewriter;
    Location loc = op.getLoc();
    Type element = op.getStart().getType().getElementType();
    Value start = extractScalar(b, loc, adaptor.getStart(), element);
    Value stop = extractScalar(b, loc, adaptor.getStop(), element);
    Value step = extractScalar(b, loc, adaptor.getStep(), element);
    Type indexType = b.getIndexType();
    Value zero = scalarConstant(b, loc, step.getType(), 0);
    Value length;
    if (auto floatType = dyn_cast<FloatType>(step.getType())) {
      emitCheck(
          b, op,
          arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, step, zero),
          "the step is 0");
      // ceil((stop - start) / step) in f64, finite, clamped at 0.
      Type f64 = b.getF64Type();
      auto wide = [&](Value v) -> Value {
        return floatType == f64 ? v : arith::ExtFOp::create(b, loc, f64, v);
      };
      Value count = math::CeilOp::create(
          b, loc,
          arith::DivFOp::create(
              b, loc, arith::SubFOp::create(b, loc, wide(stop), wide(start)),
              wide(step)));
      Value magnitude = math::AbsFOp::create(b, loc, count);
      Value finite = arith::CmpFOp::create(
          b, loc, arith::CmpFPredicate::OLT, magnitude,
          scalarConstant(b, loc, f64, std::numeric_limits<double>::max()));
      emitCheck(b, op, finite, "the length is not finite");
      Value positive =
          arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, count,
                                scalarConstant(b, loc, f64, 0));
      Value safe = arith::SelectOp::create(b, loc, positive, count,
                                           scalarConstant(b, loc, f64, 0));
      length = arith::IndexCastOp::create(
          b, loc, indexType,
          arith::FPToSIOp::create(b, loc, b.getI64Type(), safe));
    } else {
      emitCheck(
          b, op,
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, step, zero),
          "the step is 0");
      Value count;
      if (isUnsignedElement(element)) {
        Value ahead = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ugt,
                                            stop, start);
        Value diff = arith::SubIOp::create(b, loc, stop, start);
        Value safeStep = arith::SelectOp::create(
            b, loc,
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, step, zero),
            scalarConstant(b, loc, step.getType(), 1), step);
        count = arith::SelectOp::create(
            b, loc, ahead, arith::CeilDivUIOp::create(b, loc, diff, safeStep),
            zero);
        length = arith::IndexCastUIOp::create(b, loc, indexType, count);
      } else {
        // In i64: the difference of two narrower ints does not wrap.
        Type i64 = b.getI64Type();
        auto wide = [&](Value v) -> Value {
          return v.getType() == i64 ? v
                                    : arith::ExtSIOp::create(b, loc, i64, v);
        };
        Value zero64 = scalarConstant(b, loc, i64, 0);
        Value step64 = wide(step);
        Value safeStep = arith::SelectOp::create(
            b, loc,
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, step64,
                                  zero64),
            scalarConstant(b, loc, i64, 1), step64);
        count = arith::CeilDivSIOp::create(
            b, loc, arith::SubIOp::create(b, loc, wide(stop), wide(start)),
            safeStep);
        count = arith::MaxSIOp::create(b, loc, count, zero64);
        length = arith::IndexCastOp::create(b, loc, indexType, count);
      }
    }

    Value init = emptyTensor(b, loc, resultType, {length});
    AffineMap identity = b.getMultiDimIdentityMap(1);
    auto generic = linalg::GenericOp::create(
        b, loc, TypeRange{resultType}, ValueRange{}, ValueRange{init},
        ArrayRef<AffineMap>{identity},
        ArrayRef<utils::IteratorType>{utils::IteratorType::parallel},
        [&](OpBuilder &nb, Location nl, ValueRange) {
          Value i = linalg::IndexOp::create(nb, nl, 0);
          Value i64 = arith::IndexCastOp::create(nb, nl, nb.getI64Type(), i);
          Value value;
          if (isa<FloatType>(step.getType())) {
            // f16 computes in f32 and rounds once, as numpy's fill.
            Type type = step.getType();
            Type compute = type.isF16() ? nb.getF32Type() : type;
            auto widen = [&](Value v) -> Value {
              return compute == type
                         ? v
                         : arith::ExtFOp::create(nb, nl, compute, v);
            };
            Value fi = arith::SIToFPOp::create(nb, nl, compute, i64);
            value = arith::AddFOp::create(
                nb, nl, widen(start),
                arith::MulFOp::create(nb, nl, fi, widen(step)));
            if (compute != type)
              value = arith::TruncFOp::create(nb, nl, type, value);
          } else {
            Value ii =
                step.getType() == i64.getType()
                    ? i64
                    : arith::TruncIOp::create(nb, nl, step.getType(), i64)
                          .getResult();
            value = arith::AddIOp::create(
                nb, nl, start, arith::MulIOp::create(nb, nl, ii, step));
          }
          linalg::YieldOp::create(nb, nl, storeScalar(nb, nl, value, element));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// Cumulative sums and products
//===----------------------------------------------------------------------===//

namespace {
struct CumulativeLowering : OpConversionPattern<CumulativeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CumulativeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = dyn_cast_if_present<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    if (!type)
      return rewriter.notifyMatchFailure(op, "unsupported type");
    OpBuilder &b = rewriter;
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    Type element = op.getInput().getType().getElementType();
    int64_t rank = type.getRank(), axis = op.getAxis();
    bool product = op.getProduct(), reverse = op.getReverse();

    SmallVector<Value> sizes;
    for (int64_t d = 0; d < rank; ++d)
      sizes.push_back(dimSize(b, loc, x, d));
    Value n = sizes[axis];
    Value init = emptyTensor(b, loc, type, sizes);
    SmallVector<int64_t> sliceShape(type.getShape());
    sliceShape[axis] = 1;
    auto sliceType = RankedTensorType::get(sliceShape, type.getElementType());
    SmallVector<Value> sliceSizes(sizes);
    Value one = indexConstant(b, loc, 1);
    sliceSizes[axis] = one;

    auto slice = [&](OpBuilder &nb, Location nl, Value source, Value at) {
      SmallVector<OpFoldResult> offsets(rank, nb.getIndexAttr(0)), sizesAt,
          strides(rank, nb.getIndexAttr(1));
      offsets[axis] = at;
      for (int64_t d = 0; d < rank; ++d)
        sizesAt.push_back(sliceShape[d] == ShapedType::kDynamic
                              ? OpFoldResult(sliceSizes[d])
                              : OpFoldResult(nb.getIndexAttr(sliceShape[d])));
      return std::make_tuple(offsets, sizesAt, strides);
    };

    Value zero = indexConstant(b, loc, 0);
    auto loop = scf::ForOp::create(
        b, loc, zero, n, one, ValueRange{init},
        [&](OpBuilder &nb, Location nl, Value k, ValueRange iter) {
          Value out = iter[0];
          Value last = arith::SubIOp::create(nb, nl, n, one);
          Value i =
              reverse ? arith::SubIOp::create(nb, nl, last, k).getResult() : k;
          auto [offsets, sizesAt, strides] = slice(nb, nl, x, i);
          Value current = tensor::ExtractSliceOp::create(
              nb, nl, sliceType, x, offsets, sizesAt, strides);
          Value first =
              arith::CmpIOp::create(nb, nl, arith::CmpIPredicate::eq, k, zero);
          auto branch = scf::IfOp::create(
              nb, nl, first,
              [&](OpBuilder &tb, Location tl) {
                scf::YieldOp::create(tb, tl, current);
              },
              [&](OpBuilder &eb, Location el) {
                Value previousAt =
                    reverse ? arith::AddIOp::create(eb, el, i, one).getResult()
                            : arith::SubIOp::create(eb, el, i, one).getResult();
                auto [pOffsets, pSizes, pStrides] =
                    slice(eb, el, out, previousAt);
                Value previous = tensor::ExtractSliceOp::create(
                    eb, el, sliceType, out, pOffsets, pSizes, pStrides);
                Value combined = broadcastGeneric(
                    eb, el, {previous, current}, sliceType, sliceSizes,
                    [&](OpBuilder &gb, Location gl, ValueRange args) {
                      Value p = loadScalar(gb, gl, args[0], element);
                      Value c = loadScalar(gb, gl, args[1], element);
                      Value r;
                      if (isa<FloatType>(p.getType()))
                        r = product ? arith::MulFOp::create(gb, gl, p, c)
                                          .getResult()
                                    : arith::AddFOp::create(gb, gl, p, c)
                                          .getResult();
                      else
                        r = product ? arith::MulIOp::create(gb, gl, p, c)
                                          .getResult()
                                    : arith::AddIOp::create(gb, gl, p, c)
                                          .getResult();
                      return storeScalar(gb, gl, r, element);
                    });
                scf::YieldOp::create(eb, el, combined);
              });
          Value updated = tensor::InsertSliceOp::create(
              nb, nl, branch.getResult(0), out, offsets, sizesAt, strides);
          scf::YieldOp::create(nb, nl, updated);
        });
    rewriter.replaceOp(op, loop.getResult(0));
    return success();
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// Sort
//===----------------------------------------------------------------------===//

/// a < b for sorting: numpy's order, NaN after every number.
static Value sortsBefore(OpBuilder &b, Location loc, Value a, Value bv,
                         Type element) {
  if (isa<FloatType>(a.getType())) {
    Value less =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, a, bv);
    Value aNumber =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::ORD, a, a);
    Value bNaN =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, bv, bv);
    return arith::OrIOp::create(b, loc, less,
                                arith::AndIOp::create(b, loc, aNumber, bNaN));
  }
  return arith::CmpIOp::create(b, loc,
                               isUnsignedElement(element)
                                   ? arith::CmpIPredicate::ult
                                   : arith::CmpIPredicate::slt,
                               a, bv);
}

namespace {
struct SortLowering : OpConversionPattern<SortOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SortOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = dyn_cast_if_present<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    if (!resultType)
      return rewriter.notifyMatchFailure(op, "unsupported result type");
    OpBuilder &b = rewriter;
    Location loc = op.getLoc();
    Type keyElement = op.getKeys().getType().getElementType();
    Value keys = adaptor.getKeys();
    auto keysType = cast<RankedTensorType>(keys.getType());
    int64_t rank = keysType.getRank();
    bool hasValues = static_cast<bool>(adaptor.getValues());
    bool positions = op.getPositions();

    // Rows: every index of the leading dimensions (a vector is one row),
    // visited in one loop whose counter is split into them.
    SmallVector<Value> sizes;
    for (int64_t d = 0; d < rank; ++d)
      sizes.push_back(dimSize(b, loc, keys, d));
    Value rowCount = indexConstant(b, loc, 1);
    for (int64_t d = 0; d + 1 < rank; ++d)
      rowCount = arith::MulIOp::create(b, loc, rowCount, sizes[d]);
    Value n = sizes[rank - 1];
    SmallVector<Value> rowSizes(sizes);
    auto rowsType = keysType;
    Value keyRows = keys;
    auto leadingOf = [&](OpBuilder &lb, Location ll,
                         Value row) -> SmallVector<Value> {
      SmallVector<Value> leading(rank - 1);
      for (int64_t d = rank - 2; d >= 0; --d) {
        leading[d] = arith::RemUIOp::create(lb, ll, row, sizes[d]);
        row = arith::DivUIOp::create(lb, ll, row, sizes[d]);
      }
      return leading;
    };

    // The buffers sorted together: the keys, and what the result permutes.
    // The sort writes its buffers: copies, never the operands themselves.
    auto fresh = [&](Value tensor) -> Value {
      auto type = cast<RankedTensorType>(tensor.getType());
      return linalg::CopyOp::create(b, loc, tensor,
                                    emptyTensor(b, loc, type, rowSizes))
          .getResult(0);
    };
    SmallVector<Value> buffers{fresh(keyRows)};
    if (hasValues) {
      buffers.push_back(fresh(adaptor.getValues()));
    } else if (positions) {
      auto i64Rows = cast<RankedTensorType>(rowsType.clone(b.getI64Type()));
      Value init = emptyTensor(b, loc, i64Rows, rowSizes);
      auto iota = linalg::GenericOp::create(
          b, loc, TypeRange{i64Rows}, ValueRange{}, ValueRange{init},
          ArrayRef<AffineMap>{b.getMultiDimIdentityMap(rank)},
          SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
          [&](OpBuilder &nb, Location nl, ValueRange) {
            Value j = linalg::IndexOp::create(nb, nl, rank - 1);
            linalg::YieldOp::create(
                nb, nl,
                arith::IndexCastOp::create(nb, nl, nb.getI64Type(), j)
                    .getResult());
          });
      buffers.push_back(iota.getResult(0));
    }
    size_t count = buffers.size();
    // Temporaries of distinct values: two loop arguments starting from one
    // tensor.empty (merged by CSE where the types agree) would share a
    // buffer once bufferized.
    SmallVector<Value> temporaries{emptyTensor(b, loc, keysType, rowSizes)};
    for (Value buffer : ArrayRef<Value>(buffers).drop_front())
      temporaries.push_back(fresh(buffer));

    Value zero = indexConstant(b, loc, 0), one = indexConstant(b, loc, 1);

    // One pass over a row: the runs of `width` in `from`, merged in pairs
    // into `to`; gives `to` updated.
    auto mergePass = [&](OpBuilder &wb, Location wl, ValueRange leading,
                         Value width, ValueRange from,
                         ValueRange to) -> SmallVector<Value> {
      Value runPair =
          arith::MulIOp::create(wb, wl, width, indexConstant(wb, wl, 2));
      auto pairs = scf::ForOp::create(
          wb, wl, indexConstant(wb, wl, 0), n, runPair, to,
          [&](OpBuilder &pb, Location pl, Value lo, ValueRange targets) {
            Value mid = arith::MinUIOp::create(
                pb, pl, arith::AddIOp::create(pb, pl, lo, width), n);
            Value hi = arith::MinUIOp::create(
                pb, pl, arith::AddIOp::create(pb, pl, lo, runPair), n);
            Value pOne = indexConstant(pb, pl, 1);
            Value lastLeft = arith::SubIOp::create(pb, pl, mid, pOne);
            Value lastRight = arith::SubIOp::create(pb, pl, hi, pOne);
            SmallVector<Value> mergeInit{lo, mid};
            mergeInit.append(targets.begin(), targets.end());
            auto merge = scf::ForOp::create(
                pb, pl, lo, hi, pOne, mergeInit,
                [&](OpBuilder &mb, Location ml, Value k, ValueRange state) {
                  auto at = [&](Value last) {
                    SmallVector<Value> index(leading);
                    index.push_back(last);
                    return index;
                  };
                  Value i = state[0], j = state[1];
                  Value ii = arith::MinUIOp::create(mb, ml, i, lastLeft);
                  Value jj = arith::MinUIOp::create(mb, ml, j, lastRight);
                  Value leftKey =
                      tensor::ExtractOp::create(mb, ml, from[0], at(ii));
                  Value rightKey =
                      tensor::ExtractOp::create(mb, ml, from[0], at(jj));
                  Value rightLess = sortsBefore(
                      mb, ml, loadScalar(mb, ml, rightKey, keyElement),
                      loadScalar(mb, ml, leftKey, keyElement), keyElement);
                  Value leftDone = arith::CmpIOp::create(
                      mb, ml, arith::CmpIPredicate::uge, i, mid);
                  Value rightLeft = arith::CmpIOp::create(
                      mb, ml, arith::CmpIPredicate::ult, j, hi);
                  Value takeRight = arith::AndIOp::create(
                      mb, ml, rightLeft,
                      arith::OrIOp::create(mb, ml, leftDone, rightLess));
                  SmallVector<Value> next;
                  Value mOne = indexConstant(mb, ml, 1);
                  next.push_back(arith::SelectOp::create(
                      mb, ml, takeRight, i,
                      arith::AddIOp::create(mb, ml, i, mOne)));
                  next.push_back(arith::SelectOp::create(
                      mb, ml, takeRight, arith::AddIOp::create(mb, ml, j, mOne),
                      j));
                  for (size_t c = 0; c < count; ++c) {
                    Value left =
                        c == 0
                            ? leftKey
                            : tensor::ExtractOp::create(mb, ml, from[c], at(ii))
                                  .getResult();
                    Value right =
                        c == 0
                            ? rightKey
                            : tensor::ExtractOp::create(mb, ml, from[c], at(jj))
                                  .getResult();
                    Value chosen =
                        arith::SelectOp::create(mb, ml, takeRight, right, left);
                    next.push_back(tensor::InsertOp::create(
                        mb, ml, chosen, state[2 + c], at(k)));
                  }
                  scf::YieldOp::create(mb, ml, next);
                });
            scf::YieldOp::create(pb, pl, merge.getResults().drop_front(2));
          });
      return SmallVector<Value>(pairs.getResults());
    };

    SmallVector<Value> initial(buffers);
    initial.append(temporaries);
    auto rowLoop = scf::ForOp::create(
        b, loc, zero, rowCount, one, initial,
        [&](OpBuilder &rb, Location rl, Value row, ValueRange rowIter) {
          SmallVector<Value> leading = leadingOf(rb, rl, row);
          // while width < n: two passes, buffers -> temporaries (runs of
          // width) -> buffers (runs of 2 width), so the sorted row ends in
          // the buffers (a pass whose runs span the row copies it).
          SmallVector<Value> whileInit{one};
          whileInit.append(rowIter.begin(), rowIter.end());
          SmallVector<Type> whileTypes;
          for (Value v : whileInit)
            whileTypes.push_back(v.getType());
          auto whileOp = scf::WhileOp::create(
              rb, rl, whileTypes, whileInit,
              [&](OpBuilder &cb, Location cl, ValueRange args) {
                Value more = arith::CmpIOp::create(
                    cb, cl, arith::CmpIPredicate::ult, args[0], n);
                scf::ConditionOp::create(cb, cl, more, args);
              },
              [&](OpBuilder &wb, Location wl, ValueRange args) {
                Value width = args[0];
                ValueRange bufs = args.slice(1, count);
                ValueRange temps = args.slice(1 + count, count);
                SmallVector<Value> merged =
                    mergePass(wb, wl, leading, width, bufs, temps);
                Value doubled = arith::MulIOp::create(wb, wl, width,
                                                      indexConstant(wb, wl, 2));
                SmallVector<Value> back =
                    mergePass(wb, wl, leading, doubled, merged, bufs);
                SmallVector<Value> next{arith::MulIOp::create(
                    wb, wl, width, indexConstant(wb, wl, 4))};
                next.append(back);
                next.append(merged);
                scf::YieldOp::create(wb, wl, next);
              });
          scf::YieldOp::create(rb, rl, whileOp.getResults().drop_front());
        });

    Value sorted = rowLoop.getResult(count == 1 ? 0 : 1);
    rewriter.replaceOp(op, sorted);
    return success();
  }
};
} // namespace

void mlir::theano::populateSequencePatterns(const TypeConverter &converter,
                                            RewritePatternSet &patterns) {
  patterns.add<ARangeLowering, CumulativeLowering, SortLowering>(
      converter, patterns.getContext());
}
