//===- Reductions.cpp - sum, prod, max, min, argmax, argmin ---------------===//
#include "PopulatePatterns.h"
#include "theano_mlir/Conversion/TheanoToLinalg/LoweringUtils.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Complex/IR/Complex.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"
#include <limits>

using namespace mlir;
using namespace mlir::theano;

namespace {
/// The shape side of a reduction: sizes, indexing maps, iterator types.
struct ReductionShape {
  SmallVector<AffineMap> maps; // input map, then the output map
  SmallVector<utils::IteratorType> iterators;
  SmallVector<Value> inputSizes;
  SmallVector<Value> resultSizes; // one per result dimension

  ReductionShape(OpBuilder &b, Location loc, Value input,
                 ArrayRef<int64_t> axes) {
    auto inputType = cast<RankedTensorType>(input.getType());
    int64_t rank = inputType.getRank();
    SmallVector<AffineExpr> kept;
    for (int64_t d = 0; d < rank; ++d) {
      inputSizes.push_back(dimSize(b, loc, input, d));
      bool reduced = llvm::is_contained(axes, d);
      iterators.push_back(reduced ? utils::IteratorType::reduction
                                  : utils::IteratorType::parallel);
      if (!reduced) {
        kept.push_back(b.getAffineDimExpr(d));
        resultSizes.push_back(inputSizes.back());
      }
    }
    maps.push_back(b.getMultiDimIdentityMap(rank));
    maps.push_back(AffineMap::get(rank, 0, kept, b.getContext()));
  }

  /// Number of elements reduced into each result element.
  Value reducedCount(OpBuilder &b, Location loc, ArrayRef<int64_t> axes) const {
    Value count = arith::ConstantIndexOp::create(b, loc, 1);
    for (int64_t axis : axes)
      count = b.createOrFold<arith::MulIOp>(loc, count, inputSizes[axis]);
    return count;
  }

  /// A result-shaped tensor filled with `value`.
  Value filled(OpBuilder &b, Location loc, RankedTensorType type,
               Value value) const {
    return linalg::FillOp::create(b, loc, value,
                                  emptyTensor(b, loc, type, resultSizes))
        .getResult(0);
  }
};

/// The identity of max (`isMax`) or min for a Theano element type, in its
/// storage type (bools compare as unsigned bytes).
Value extremeIdentity(OpBuilder &b, Location loc, Type element, bool isMax) {
  Type type = storageElement(element);
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(
        b, loc,
        b.getFloatAttr(floatType,
                       isMax ? -std::numeric_limits<double>::infinity()
                             : std::numeric_limits<double>::infinity()));
  unsigned width = type.getIntOrFloatBitWidth();
  APInt value =
      isUnsignedElement(element)
          ? (isMax ? APInt::getMinValue(width) : APInt::getMaxValue(width))
          : (isMax ? APInt::getSignedMinValue(width)
                   : APInt::getSignedMaxValue(width));
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, value));
}

/// Checks that each result element reduces at least one element: numpy and
/// Theano refuse max/min/argmax/argmin of an empty reduction.
void checkNonEmpty(OpBuilder &b, Location loc, Operation *op,
                   const ReductionShape &shape, ArrayRef<int64_t> axes) {
  Value count = shape.reducedCount(b, loc, axes);
  if (auto constant = getConstantIntValue(count); constant && *constant > 0)
    return;
  Value nonEmpty =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, count,
                            arith::ConstantIndexOp::create(b, loc, 0));
  emitCheck(b, op, nonEmpty,
            "zero-size array to reduction operation, which has no identity");
}

/// sum and prod: accumulate in the result element type.
template <typename OpTy, typename FloatCombine, typename IntCombine,
          typename ComplexCombine>
struct AccumulateLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(
        this->getTypeConverter()->convertType(op.getType()));
    Type inElement = op.getInput().getType().getElementType();
    Type accElement = op.getType().getElementType();
    ReductionShape shape(rewriter, loc, adaptor.getInput(), op.getAxes());
    double identity = std::is_same_v<OpTy, SumOp> ? 0 : 1;
    Value init = shape.filled(
        rewriter, loc, resultType,
        scalarConstant(rewriter, loc, resultType.getElementType(), identity));
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{adaptor.getInput()},
        ValueRange{init}, shape.maps, shape.iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value x = emitScalarCast(b, l, loadScalar(b, l, args[0], inElement),
                                   inElement, accElement);
          Value combined;
          if (isa<FloatType>(accElement))
            combined = FloatCombine::create(b, l, args[1], x);
          else if (isa<ComplexType>(accElement))
            combined = ComplexCombine::create(b, l, args[1], x);
          else
            combined = IntCombine::create(b, l, args[1], x);
          linalg::YieldOp::create(b, l, combined);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// max and min. NaN propagates, as numpy's max.
template <typename OpTy, bool IsMax>
struct ExtremeLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(
        this->getTypeConverter()->convertType(op.getType()));
    Type element = op.getType().getElementType();
    if (isa<ComplexType>(element)) // numpy's order of complex numbers: not yet
      return rewriter.notifyMatchFailure(op, "complex elements");
    ReductionShape shape(rewriter, loc, adaptor.getInput(), op.getAxes());
    if (!op.getEmptyIsIdentity())
      checkNonEmpty(rewriter, loc, op, shape, op.getAxes());
    Value init = shape.filled(rewriter, loc, resultType,
                              extremeIdentity(rewriter, loc, element, IsMax));
    bool isUnsigned = isUnsignedElement(element);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{adaptor.getInput()},
        ValueRange{init}, shape.maps, shape.iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value x = args[0], acc = args[1], result;
          if (isa<FloatType>(element))
            result = IsMax ? Value(arith::MaximumFOp::create(b, l, acc, x))
                           : Value(arith::MinimumFOp::create(b, l, acc, x));
          else if (isUnsigned)
            result = IsMax ? Value(arith::MaxUIOp::create(b, l, acc, x))
                           : Value(arith::MinUIOp::create(b, l, acc, x));
          else
            result = IsMax ? Value(arith::MaxSIOp::create(b, l, acc, x))
                           : Value(arith::MinSIOp::create(b, l, acc, x));
          linalg::YieldOp::create(b, l, result);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// argmax and argmin: the smallest row-major index (over `axes`) of the
/// extreme value; the first NaN wins, as in numpy. The update rule does not
/// depend on the order in which elements are visited.
template <typename OpTy, bool IsMax>
struct ArgExtremeLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto indexType = cast<RankedTensorType>(
        this->getTypeConverter()->convertType(op.getType()));
    Type element = op.getInput().getType().getElementType();
    if (isa<ComplexType>(element)) // numpy's order of complex numbers: not yet
      return rewriter.notifyMatchFailure(op, "complex elements");
    auto valueType = indexType.clone(storageElement(element));
    ArrayRef<int64_t> axes = op.getAxes();
    ReductionShape shape(rewriter, loc, adaptor.getInput(), axes);
    checkNonEmpty(rewriter, loc, op, shape, axes);

    // Row-major strides of the reduced axes, for the flat index.
    SmallVector<Value> strides(axes.size());
    Value stride = arith::ConstantIndexOp::create(rewriter, loc, 1);
    for (int64_t i = axes.size() - 1; i >= 0; --i) {
      strides[i] = stride;
      stride = arith::MulIOp::create(rewriter, loc, stride,
                                     shape.inputSizes[axes[i]]);
    }
    Value initValue =
        shape.filled(rewriter, loc, valueType,
                     extremeIdentity(rewriter, loc, element, IsMax));
    Value initIndex = shape.filled(
        rewriter, loc, indexType,
        arith::ConstantOp::create(
            rewriter, loc,
            rewriter.getI64IntegerAttr(std::numeric_limits<int64_t>::max())));
    SmallVector<AffineMap> maps = shape.maps;
    maps.push_back(maps.back());
    bool isFloat = isa<FloatType>(element);
    bool isUnsigned = isUnsignedElement(element);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{valueType, indexType},
        ValueRange{adaptor.getInput()}, ValueRange{initValue, initIndex}, maps,
        shape.iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          Value x = args[0], best = args[1], bestIndex = args[2];
          Value flat = arith::ConstantIndexOp::create(b, l, 0);
          for (auto [axis, axisStride] : llvm::zip(axes, strides))
            flat = arith::AddIOp::create(
                b, l, flat,
                arith::MulIOp::create(b, l, linalg::IndexOp::create(b, l, axis),
                                      axisStride));
          Value index = arith::IndexCastOp::create(b, l, b.getI64Type(), flat);
          Value earlier = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt,
                                                index, bestIndex);
          Value take;
          if (isFloat) {
            using P = arith::CmpFPredicate;
            Value better =
                arith::CmpFOp::create(b, l, IsMax ? P::OGT : P::OLT, x, best);
            Value tie = arith::AndIOp::create(
                b, l, arith::CmpFOp::create(b, l, P::OEQ, x, best), earlier);
            Value xNaN = arith::CmpFOp::create(b, l, P::UNO, x, x);
            Value bestNaN = arith::CmpFOp::create(b, l, P::UNO, best, best);
            Value ifNumber = arith::OrIOp::create(
                b, l, xNaN, arith::OrIOp::create(b, l, better, tie));
            Value ifNaN = arith::AndIOp::create(b, l, xNaN, earlier);
            take = arith::SelectOp::create(b, l, bestNaN, ifNaN, ifNumber);
          } else {
            using P = arith::CmpIPredicate;
            P strict = IsMax ? (isUnsigned ? P::ugt : P::sgt)
                             : (isUnsigned ? P::ult : P::slt);
            Value better = arith::CmpIOp::create(b, l, strict, x, best);
            Value tie = arith::AndIOp::create(
                b, l, arith::CmpIOp::create(b, l, P::eq, x, best), earlier);
            take = arith::OrIOp::create(b, l, better, tie);
          }
          linalg::YieldOp::create(
              b, l,
              ValueRange{
                  arith::SelectOp::create(b, l, take, x, best),
                  arith::SelectOp::create(b, l, take, index, bestIndex)});
        });
    rewriter.replaceOp(op, generic.getResult(1));
    return success();
  }
};
} // namespace

void mlir::theano::populateReductionPatterns(const TypeConverter &converter,
                                             RewritePatternSet &patterns) {
  patterns.add<
      AccumulateLowering<SumOp, arith::AddFOp, arith::AddIOp, complex::AddOp>,
      AccumulateLowering<ProdOp, arith::MulFOp, arith::MulIOp, complex::MulOp>,
      ExtremeLowering<MaxOp, true>, ExtremeLowering<MinOp, false>,
      ArgExtremeLowering<ArgMaxOp, true>, ArgExtremeLowering<ArgMinOp, false>>(
      converter, patterns.getContext());
}
