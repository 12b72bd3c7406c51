//===- NeuralNetwork.cpp - softmax, logsumexp, take_per_row, one_hot ------===//
//
// softmax, log_softmax and logsumexp lower to their stable compositions of
// `theano` ops (shifted by each row's maximum), which the conversion then
// lowers like any others. take_per_row and one_hot are linalg.generic ops of
// their own.
//
//===----------------------------------------------------------------------===//
#include "PopulatePatterns.h"
#include "theano_mlir/Conversion/TheanoToLinalg/LoweringUtils.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoBuilders.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::theano;

namespace {
/// x - max(x) over the last axis, the max kept as a broadcastable dimension
/// (an empty row has no element to shift: its max is the identity).
Value shiftedByRowMax(TheanoBuilder &r, Value x, int64_t rank) {
  SmallVector<int64_t, 1> last{rank - 1};
  return r.sub(
      x, r.keepDims(r.max(x, last, /*emptyIsIdentity=*/true), last, rank));
}

struct SoftmaxLowering : OpConversionPattern<SoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TheanoBuilder r{rewriter, op.getLoc()};
    int64_t rank = op.getType().getRank();
    SmallVector<int64_t, 1> last{rank - 1};
    Value e = r.exp(shiftedByRowMax(r, adaptor.getInput(), rank));
    rewriter.replaceOp(op, r.div(e, r.keepDims(r.sum(e, last), last, rank)));
    return success();
  }
};

struct LogSoftmaxLowering : OpConversionPattern<LogSoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LogSoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TheanoBuilder r{rewriter, op.getLoc()};
    int64_t rank = op.getType().getRank();
    SmallVector<int64_t, 1> last{rank - 1};
    Value shifted = shiftedByRowMax(r, adaptor.getInput(), rank);
    Value total = r.sum(r.exp(shifted), last);
    rewriter.replaceOp(op,
                       r.sub(shifted, r.keepDims(r.log(total), last, rank)));
    return success();
  }
};

/// m + log(sum(exp(x - m))), m the maximum over the axes, or 0 where it is
/// not finite (so inf - inf never appears).
struct LogSumExpLowering : OpConversionPattern<LogSumExpOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LogSumExpOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TheanoBuilder r{rewriter, op.getLoc()};
    Value x = adaptor.getInput();
    ArrayRef<int64_t> axes = op.getAxes();
    // the max of nothing (-inf) is not finite: the shift is 0 and the
    // result log(0) = -inf, numpy's
    Value max = r.max(x, axes, /*emptyIsIdentity=*/true);
    Value zero = r.constant(max, 0.0);
    Value shift = r.select(r.eq(r.sub(max, max), zero), max, zero);
    int64_t rank = op.getInput().getType().getRank();
    Value shifted = r.sub(x, r.keepDims(shift, axes, rank));
    rewriter.replaceOp(op, r.add(shift, r.log(r.sum(r.exp(shifted), axes))));
    return success();
  }
};

/// result[i] = input[i, indices[i]], after checking the indices' count and
/// range (the smallest and largest index, found in one pass).
struct TakePerRowLowering : OpConversionPattern<TakePerRowOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TakePerRowOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput(), indices = adaptor.getIndices();
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    Value rows = dimSize(rewriter, loc, input, 0);
    Value columns = dimSize(rewriter, loc, input, 1);
    Value count = dimSize(rewriter, loc, indices, 0);
    emitCheck(rewriter, op,
              arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::eq,
                                    rows, count),
              "{0} rows but {1} indices", {rows, count});

    // min starts at 0 and max at -1, so an empty vector passes both checks.
    Type i64 = rewriter.getI64Type();
    auto scalar = RankedTensorType::get({}, i64);
    auto filled = [&](int64_t value) {
      Value empty =
          tensor::EmptyOp::create(rewriter, loc, scalar.getShape(), i64);
      Value constant = arith::ConstantIntOp::create(rewriter, loc, i64, value);
      return linalg::FillOp::create(rewriter, loc, constant, empty)
          .getResult(0);
    };
    MLIRContext *context = rewriter.getContext();
    AffineMap identity = AffineMap::getMultiDimIdentityMap(1, context);
    AffineMap toScalar = AffineMap::get(1, 0, {}, context);
    auto bounds = linalg::GenericOp::create(
        rewriter, loc, TypeRange{scalar, scalar}, ValueRange{indices},
        ValueRange{filled(0), filled(-1)},
        ArrayRef<AffineMap>{identity, toScalar, toScalar},
        ArrayRef<utils::IteratorType>{utils::IteratorType::reduction},
        [](OpBuilder &b, Location loc, ValueRange args) {
          linalg::YieldOp::create(
              b, loc,
              ValueRange{arith::MinSIOp::create(b, loc, args[0], args[1]),
                         arith::MaxSIOp::create(b, loc, args[0], args[2])});
        });
    auto index = [&](Value bound) {
      Value value =
          tensor::ExtractOp::create(rewriter, loc, bound, ValueRange{});
      return arith::IndexCastOp::create(rewriter, loc, rewriter.getIndexType(),
                                        value)
          .getResult();
    };
    Value low = index(bounds.getResult(0)), high = index(bounds.getResult(1));
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    emitCheck(rewriter, op,
              arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::sge,
                                    low, zero),
              "index {0} is out of bounds (negative)", {low});
    emitCheck(rewriter, op,
              arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::slt,
                                    high, columns),
              "index {0} is out of bounds for {1} columns", {high, columns});

    Value init = emptyTensor(rewriter, loc, resultType, {rows});
    auto taken = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{indices},
        ValueRange{init}, ArrayRef<AffineMap>{identity, identity},
        ArrayRef<utils::IteratorType>{utils::IteratorType::parallel},
        [&](OpBuilder &b, Location loc, ValueRange args) {
          Value row = linalg::IndexOp::create(b, loc, 0);
          Value column =
              arith::IndexCastOp::create(b, loc, b.getIndexType(), args[0]);
          linalg::YieldOp::create(
              b, loc,
              tensor::ExtractOp::create(b, loc, input, ValueRange{row, column})
                  .getResult());
        });
    rewriter.replaceOp(op, taken.getResult(0));
    return success();
  }
};

/// result[i, j] = (j == indices[i]), zeros outside [0, depth).
struct OneHotLowering : OpConversionPattern<OneHotOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OneHotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type element = op.getType().getElementType();
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    Value depth = arith::IndexCastOp::create(
        rewriter, loc, rewriter.getIndexType(),
        tensor::ExtractOp::create(rewriter, loc, adaptor.getDepth(),
                                  ValueRange{}));
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    emitCheck(rewriter, op,
              arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::sge,
                                    depth, zero),
              "depth {0} is negative", {depth});
    Value rows = dimSize(rewriter, loc, adaptor.getIndices(), 0);
    Value init = emptyTensor(rewriter, loc, resultType, {rows, depth});
    MLIRContext *context = rewriter.getContext();
    AffineMap rowMap =
        AffineMap::get(2, 0, {rewriter.getAffineDimExpr(0)}, context);
    auto hot = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{adaptor.getIndices()},
        ValueRange{init},
        ArrayRef<AffineMap>{rowMap, rewriter.getMultiDimIdentityMap(2)},
        ArrayRef<utils::IteratorType>{utils::IteratorType::parallel,
                                      utils::IteratorType::parallel},
        [&](OpBuilder &b, Location loc, ValueRange args) {
          Value column = arith::IndexCastOp::create(
              b, loc, b.getI64Type(), linalg::IndexOp::create(b, loc, 1));
          Value isHot = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                              column, args[0]);
          Value value = emitScalarCast(b, loc, isHot, b.getI1Type(), element);
          linalg::YieldOp::create(b, loc, storeScalar(b, loc, value, element));
        });
    rewriter.replaceOp(op, hot.getResult(0));
    return success();
  }
};
} // namespace

void mlir::theano::populateNeuralNetworkPatterns(const TypeConverter &converter,
                                                 RewritePatternSet &patterns) {
  patterns.add<SoftmaxLowering, LogSoftmaxLowering, LogSumExpLowering,
               TakePerRowLowering, OneHotLowering>(converter,
                                                   patterns.getContext());
}
