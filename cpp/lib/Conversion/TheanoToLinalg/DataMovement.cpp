//===- DataMovement.cpp - dimshuffle, reshape, shape, alloc, ... ---------===//
#include "PopulatePatterns.h"
#include "theano_mlir/Conversion/TheanoToLinalg/LoweringUtils.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::theano;

namespace {
/// A copy whose input map places each input dimension where new_order puts
/// it; dropped (broadcastable) input dimensions are read at index 0.
struct DimShuffleLowering : OpConversionPattern<DimShuffleOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DimShuffleOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    ArrayRef<int64_t> order = op.getNewOrder();
    MLIRContext *context = rewriter.getContext();
    int64_t rank = resultType.getRank();

    SmallVector<AffineExpr> inputExprs(inputType.getRank(),
                                       getAffineConstantExpr(0, context));
    SmallVector<Value> sizes;
    for (auto [i, entry] : llvm::enumerate(order)) {
      if (entry == -1) {
        sizes.push_back(arith::ConstantIndexOp::create(rewriter, loc, 1));
        continue;
      }
      inputExprs[entry] = getAffineDimExpr(i, context);
      sizes.push_back(dimSize(rewriter, loc, input, entry));
    }
    SmallVector<AffineMap> maps{AffineMap::get(rank, 0, inputExprs, context),
                                rewriter.getMultiDimIdentityMap(rank)};
    Value init = emptyTensor(rewriter, loc, resultType, sizes);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{input},
        ValueRange{init}, maps,
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [](OpBuilder &b, Location l, ValueRange args) {
          linalg::YieldOp::create(b, l, args[0]);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// Reads the requested shape (one entry may be -1), checks it against the
/// element count, and reshapes: no data moves for contiguous input.
struct ReshapeLowering : OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    int64_t inRank = inputType.getRank(), outRank = resultType.getRank();
    auto cIndex = [&](int64_t v) {
      return arith::ConstantIndexOp::create(rewriter, loc, v);
    };
    auto cmp = [&](arith::CmpIPredicate p, Value a, Value b) {
      return arith::CmpIOp::create(rewriter, loc, p, a, b);
    };
    auto mul = [&](Value a, Value b) {
      return arith::MulIOp::create(rewriter, loc, a, b);
    };
    auto select = [&](Value c, Value t, Value f) {
      return arith::SelectOp::create(rewriter, loc, c, t, f);
    };

    Value count = cIndex(1);
    for (int64_t d = 0; d < inRank; ++d)
      count = mul(count, dimSize(rewriter, loc, input, d));

    Value one = cIndex(1), zero = cIndex(0), minusOne = cIndex(-1);
    Value known = one, unknowns = zero;
    Value valid = arith::ConstantIntOp::create(rewriter, loc, 1, 1);
    SmallVector<Value> requested, isUnknown;
    for (int64_t i = 0; i < outRank; ++i) {
      Value entry = tensor::ExtractOp::create(rewriter, loc, adaptor.getShape(),
                                              ValueRange{cIndex(i)});
      Value size = arith::IndexCastOp::create(rewriter, loc,
                                              rewriter.getIndexType(), entry);
      Value unknown = cmp(arith::CmpIPredicate::eq, size, minusOne);
      valid = arith::AndIOp::create(
          rewriter, loc, valid, cmp(arith::CmpIPredicate::sge, size, minusOne));
      unknowns = arith::AddIOp::create(rewriter, loc, unknowns,
                                       select(unknown, one, zero));
      known = mul(known, select(unknown, one, size));
      requested.push_back(size);
      isUnknown.push_back(unknown);
    }
    valid = arith::AndIOp::create(
        rewriter, loc, valid, cmp(arith::CmpIPredicate::sle, unknowns, one));
    emitCheck(rewriter, op, valid,
              "sizes must be non-negative, with at most one "
              "-1");
    // numpy's rule: -1 is ambiguous where the other sizes multiply to 0
    emitCheck(rewriter, op,
              arith::OrIOp::create(
                  rewriter, loc, cmp(arith::CmpIPredicate::eq, unknowns, zero),
                  cmp(arith::CmpIPredicate::ne, known, zero)),
              "cannot infer the size of -1 for an array of {0} elements: the "
              "other sizes multiply to 0",
              {count});
    Value safeKnown =
        select(cmp(arith::CmpIPredicate::eq, known, zero), one, known);
    Value missing = arith::DivSIOp::create(rewriter, loc, count, safeKnown);
    SmallVector<Value> sizes;
    Value total = one;
    for (int64_t i = 0; i < outRank; ++i) {
      Value size = select(isUnknown[i], missing, requested[i]);
      total = mul(total, size);
      sizes.push_back(size);
      if (resultType.isDynamicDim(i))
        continue;
      int64_t staticSize = resultType.getDimSize(i);
      emitCheck(rewriter, op,
                cmp(arith::CmpIPredicate::eq, size, cIndex(staticSize)),
                "dimension " + Twine(i) + " must be " + Twine(staticSize) +
                    ", got {0}",
                {size});
    }
    emitCheck(rewriter, op, cmp(arith::CmpIPredicate::eq, total, count),
              "cannot reshape an array of {0} elements into "
              "a shape of {1} elements",
              {count, total});

    // tensor.reshape with the checked sizes (memref.reshape after
    // bufferization: a view of contiguous data). expand_shape would not do:
    // its lowering allows one dynamic size per group only.
    Value shape = tensor::FromElementsOp::create(
        rewriter, loc,
        RankedTensorType::get({outRank}, rewriter.getIndexType()), sizes);
    Value result =
        tensor::ReshapeOp::create(rewriter, loc, resultType, input, shape);
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ShapeLowering : OpConversionPattern<ShapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ShapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SmallVector<Value> sizes;
    for (int64_t d = 0; d < op.getInput().getType().getRank(); ++d)
      sizes.push_back(arith::IndexCastOp::create(
          rewriter, loc, rewriter.getI64Type(),
          dimSize(rewriter, loc, adaptor.getInput(), d)));
    rewriter.replaceOpWithNewOp<tensor::FromElementsOp>(op, op.getType(),
                                                        sizes);
    return success();
  }
};

struct MakeVectorLowering : OpConversionPattern<MakeVectorOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MakeVectorOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    SmallVector<Value> scalars;
    for (Value element : adaptor.getElements())
      scalars.push_back(tensor::ExtractOp::create(rewriter, op.getLoc(),
                                                  element, ValueRange{}));
    rewriter.replaceOpWithNewOp<tensor::FromElementsOp>(
        op, getTypeConverter()->convertType(op.getType()), scalars);
    return success();
  }
};

struct DimLowering : OpConversionPattern<DimOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DimOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value size = arith::IndexCastOp::create(
        rewriter, loc, rewriter.getI64Type(),
        dimSize(rewriter, loc, adaptor.getInput(), op.getAxis()));
    rewriter.replaceOpWithNewOp<tensor::FromElementsOp>(op, op.getType(),
                                                        ValueRange{size});
    return success();
  }
};
/// A linalg.generic that reads the value's broadcast dimensions at index 0,
/// after checking the requested sizes against the value and the result type.
struct AllocLowering : OpConversionPattern<AllocOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AllocOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value value = adaptor.getValue();
    auto valueType = cast<RankedTensorType>(value.getType());
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    int64_t rank = resultType.getRank();
    MLIRContext *context = rewriter.getContext();
    SmallVector<Value> sizes;
    SmallVector<AffineExpr> inputExprs;
    for (int64_t d = 0; d < rank; ++d) {
      Value index = arith::ConstantIndexOp::create(rewriter, loc, d);
      Value entry = tensor::ExtractOp::create(rewriter, loc, adaptor.getShape(),
                                              ValueRange{index});
      Value size = arith::IndexCastOp::create(rewriter, loc,
                                              rewriter.getIndexType(), entry);
      Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
      emitCheck(rewriter, op,
                arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::sge,
                                      size, zero),
                "dimension " + Twine(d) + " has a negative size {0}", {size});
      auto expect = [&](Value expected, const Twine &what) {
        emitCheck(rewriter, op,
                  arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::eq,
                                        size, expected),
                  "dimension " + Twine(d) + " is {0}, but " + what + " is {1}",
                  {size, expected});
      };
      if (!resultType.isDynamicDim(d))
        expect(arith::ConstantIndexOp::create(rewriter, loc,
                                              resultType.getDimSize(d)),
               "its static size");
      if (valueType.getDimSize(d) == 1) {
        inputExprs.push_back(getAffineConstantExpr(0, context));
      } else {
        if (valueType.isDynamicDim(d) || resultType.isDynamicDim(d))
          expect(dimSize(rewriter, loc, value, d), "the value's");
        inputExprs.push_back(getAffineDimExpr(d, context));
      }
      sizes.push_back(size);
    }
    Value init = emptyTensor(rewriter, loc, resultType, sizes);
    SmallVector<AffineMap> maps{AffineMap::get(rank, 0, inputExprs, context),
                                rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    rewriter.replaceOpWithNewOp<linalg::GenericOp>(
        op, TypeRange{resultType}, ValueRange{value}, ValueRange{init}, maps,
        iterators, [](OpBuilder &b, Location loc, ValueRange args) {
          linalg::YieldOp::create(b, loc, args[0]);
        });
    return success();
  }
};

/// Only the gradient sees them (stop_gradient, grad_clip, grad_scale): the
/// value passes through.
template <typename GradientOnlyOp>
struct GradientOnlyLowering : OpConversionPattern<GradientOnlyOp> {
  using OpConversionPattern<GradientOnlyOp>::OpConversionPattern;
  using OpAdaptor = typename GradientOnlyOp::Adaptor;
  LogicalResult
  matchAndRewrite(GradientOnlyOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

/// The value passes through; what computes `checked` is lowered on its
/// own, with its checks, and its unused value goes away.
struct KeepChecksLowering : OpConversionPattern<KeepChecksOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(KeepChecksOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, adaptor.getValue());
    return success();
  }
};

/// The value passes through once each condition, read as a scalar, is
/// nonzero (numpy's truth: NaN is true); else Theano's AssertionError.
struct AssertLowering : OpConversionPattern<AssertOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AssertOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    // The user's message, its braces doubled: not the check's {0}, {1}, ...
    std::string escapedMessage;
    for (char c : op.getMessage()) {
      escapedMessage += c;
      if (c == '{' || c == '}')
        escapedMessage += c;
    }
    for (auto [stored, original] :
         llvm::zip(adaptor.getConditions(), op.getConditions())) {
      Type element = getElementTypeOrSelf(original);
      Value scalar =
          loadScalar(rewriter, loc,
                     tensor::ExtractOp::create(rewriter, loc, stored), element);
      Value holds =
          emitScalarCast(rewriter, loc, scalar, element, rewriter.getI1Type());
      emitCheck(rewriter, op, holds, escapedMessage, {}, CheckError::Assertion);
    }
    rewriter.replaceOp(op, adaptor.getValue());
    return success();
  }
};
} // namespace

void mlir::theano::populateDataMovementPatterns(const TypeConverter &converter,
                                                RewritePatternSet &patterns) {
  patterns.add<
      DimShuffleLowering, ReshapeLowering, ShapeLowering, MakeVectorLowering,
      DimLowering, AllocLowering, GradientOnlyLowering<StopGradientOp>,
      GradientOnlyLowering<GradClipOp>, GradientOnlyLowering<GradScaleOp>,
      KeepChecksLowering, AssertLowering>(converter, patterns.getContext());
}
