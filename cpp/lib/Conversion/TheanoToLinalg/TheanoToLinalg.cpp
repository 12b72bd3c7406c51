//===- TheanoToLinalg.cpp - the convert-theano-to-linalg pass -------------===//
#include "theano_mlir/Conversion/Passes.h"

#include "PopulatePatterns.h"
#include "theano_mlir/Conversion/TheanoToLinalg/LoweringUtils.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Complex/IR/Complex.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::theano {
#define GEN_PASS_DEF_CONVERTTHEANOTOLINALG
#include "theano_mlir/Conversion/Passes.h.inc"
} // namespace mlir::theano

using namespace mlir;
using namespace mlir::theano;

bool mlir::theano::isUnsignedElement(Type theanoElement) {
  return theanoElement.isUnsignedInteger() || theanoElement.isInteger(1);
}

Type mlir::theano::signlessElement(Type theanoElement) {
  if (auto integer = dyn_cast<IntegerType>(theanoElement))
    if (!integer.isSignless())
      return IntegerType::get(integer.getContext(), integer.getWidth());
  return theanoElement;
}

Type mlir::theano::storageElement(Type theanoElement) {
  if (theanoElement.isInteger(1))
    return IntegerType::get(theanoElement.getContext(), 8);
  return signlessElement(theanoElement);
}

Value mlir::theano::loadScalar(OpBuilder &b, Location loc, Value stored,
                               Type theanoElement) {
  if (!theanoElement.isInteger(1))
    return stored;
  return arith::TruncIOp::create(b, loc, b.getI1Type(), stored);
}

Value mlir::theano::storeScalar(OpBuilder &b, Location loc, Value computed,
                                Type theanoElement) {
  if (!theanoElement.isInteger(1))
    return computed;
  return arith::ExtUIOp::create(b, loc, b.getI8Type(), computed);
}

Value mlir::theano::scalarConstant(OpBuilder &b, Location loc, Type type,
                                   double value) {
  if (auto complexType = dyn_cast<ComplexType>(type)) {
    auto part = cast<FloatType>(complexType.getElementType());
    return complex::ConstantOp::create(
        b, loc, complexType,
        b.getArrayAttr({b.getFloatAttr(part, value), b.getFloatAttr(part, 0)}));
  }
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(floatType, value));
  if (type.isIndex())
    return arith::ConstantIndexOp::create(b, loc, static_cast<int64_t>(value));
  return arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(type, static_cast<int64_t>(value)));
}

Value mlir::theano::dimSize(OpBuilder &b, Location loc, Value tensor,
                            int64_t dim) {
  auto type = cast<RankedTensorType>(tensor.getType());
  if (!type.isDynamicDim(dim))
    return arith::ConstantIndexOp::create(b, loc, type.getDimSize(dim));
  return tensor::DimOp::create(b, loc, tensor, dim);
}

Value mlir::theano::emptyTensor(OpBuilder &b, Location loc,
                                RankedTensorType type, ArrayRef<Value> sizes) {
  SmallVector<Value> dynamic;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      dynamic.push_back(sizes[d]);
  return tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType(),
                                 dynamic);
}

/// The name the frontend gave an op's location, if any.
static std::optional<StringRef> locationName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().getValue();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (auto name = locationName(inner))
        return name;
  return std::nullopt;
}

Value mlir::theano::castIfNeeded(OpBuilder &b, Location loc, Value value,
                                 Type type) {
  return value.getType() == type
             ? value
             : tensor::CastOp::create(b, loc, type, value).getResult();
}

Value IndexArithmetic::c(int64_t v) const {
  return arith::ConstantIndexOp::create(b, loc, v);
}
Value IndexArithmetic::add(Value x, Value y) const {
  return arith::AddIOp::create(b, loc, x, y);
}
Value IndexArithmetic::sub(Value x, Value y) const {
  return arith::SubIOp::create(b, loc, x, y);
}
Value IndexArithmetic::mul(Value x, Value y) const {
  return arith::MulIOp::create(b, loc, x, y);
}
Value IndexArithmetic::mul(Value x, int64_t y) const {
  return y == 1 ? x : mul(x, c(y));
}
Value IndexArithmetic::div(Value x, Value y) const {
  return arith::DivSIOp::create(b, loc, x, y);
}
Value IndexArithmetic::div(Value x, int64_t y) const {
  return y == 1 ? x : div(x, c(y));
}
Value IndexArithmetic::min(Value x, Value y) const {
  return arith::MinSIOp::create(b, loc, x, y);
}
Value IndexArithmetic::max(Value x, Value y) const {
  return arith::MaxSIOp::create(b, loc, x, y);
}
Value IndexArithmetic::eq(Value x, Value y) const {
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, x, y);
}
Value IndexArithmetic::lt(Value x, Value y) const {
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, x, y);
}
Value IndexArithmetic::le(Value x, Value y) const {
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sle, x, y);
}
Value IndexArithmetic::both(Value x, Value y) const {
  return arith::AndIOp::create(b, loc, x, y);
}
Value IndexArithmetic::dim(Value tensor, int64_t d) const {
  return dimSize(b, loc, tensor, d);
}
Value IndexArithmetic::entry(Value vector, int64_t i) const {
  Value v = tensor::ExtractOp::create(b, loc, vector, ValueRange{c(i)});
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), v);
}

void mlir::theano::emitCheck(OpBuilder &b, Operation *op, Value condition,
                             const Twine &message, ValueRange values,
                             CheckError error) {
  StringRef node =
      locationName(op->getLoc()).value_or(op->getName().getStringRef());
  // Theano's node names hold braces (Reshape{2}): doubled, they do not read
  // as the message's {0}, {1}, ... placeholders.
  std::string escaped;
  for (char c : node) {
    escaped += c;
    if (c == '{' || c == '}')
      escaped += c;
  }
  StringRef kind = error == CheckError::Index       ? "IndexError: "
                   : error == CheckError::Assertion ? "AssertionError: "
                                                    : "";
  CheckOp::create(b, op->getLoc(), condition, values,
                  b.getStringAttr(Twine(kind) + escaped + ": " + message));
}

Value mlir::theano::emitScalarCast(OpBuilder &b, Location loc, Value value,
                                   Type from, Type to) {
  if (from == to)
    return value;
  if (auto fromComplex = dyn_cast<ComplexType>(from)) {
    Type part = fromComplex.getElementType();
    Value re = complex::ReOp::create(b, loc, value);
    Value im = complex::ImOp::create(b, loc, value);
    if (auto toComplex = dyn_cast<ComplexType>(to)) {
      Type toPart = toComplex.getElementType();
      return complex::CreateOp::create(
          b, loc, toComplex, emitScalarCast(b, loc, re, part, toPart),
          emitScalarCast(b, loc, im, part, toPart));
    }
    if (to.isInteger(1)) { // numpy: nonzero is true
      Value zero = scalarConstant(b, loc, part, 0);
      return arith::OrIOp::create(
          b, loc,
          arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, re, zero),
          arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, im, zero));
    }
    // numpy keeps the real part (the frontend refuses this cast, as Theano)
    return emitScalarCast(b, loc, re, part, to);
  }
  if (auto toComplex = dyn_cast<ComplexType>(to)) {
    Type part = toComplex.getElementType();
    return complex::CreateOp::create(b, loc, toComplex,
                                     emitScalarCast(b, loc, value, from, part),
                                     scalarConstant(b, loc, part, 0));
  }
  Type target = signlessElement(to);
  bool fromFloat = isa<FloatType>(from), toFloat = isa<FloatType>(to);
  if (to.isInteger(1)) { // numpy: nonzero (and NaN) is true
    Value zero = scalarConstant(b, loc, value.getType(), 0);
    if (fromFloat)
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, value,
                                   zero);
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, value, zero);
  }
  unsigned fromWidth = from.getIntOrFloatBitWidth();
  unsigned toWidth = to.getIntOrFloatBitWidth();
  if (fromFloat && toFloat) {
    if (fromWidth < toWidth)
      return arith::ExtFOp::create(b, loc, target, value);
    return arith::TruncFOp::create(b, loc, target, value);
  }
  if (fromFloat) {
    if (!to.isUnsignedInteger() || toWidth == 64)
      return to.isUnsignedInteger()
                 ? Value(arith::FPToUIOp::create(b, loc, target, value))
                 : Value(arith::FPToSIOp::create(b, loc, target, value));
    // Like C on x86 (and so numpy): through a wide signed int, then wrap;
    // negative values do not become poison.
    Value wide = arith::FPToSIOp::create(b, loc, b.getI64Type(), value);
    return arith::TruncIOp::create(b, loc, target, wide);
  }
  bool fromUnsigned = isUnsignedElement(from);
  if (toFloat)
    return fromUnsigned ? Value(arith::UIToFPOp::create(b, loc, target, value))
                        : Value(arith::SIToFPOp::create(b, loc, target, value));
  if (fromWidth == toWidth)
    return value;
  if (fromWidth < toWidth)
    return fromUnsigned ? Value(arith::ExtUIOp::create(b, loc, target, value))
                        : Value(arith::ExtSIOp::create(b, loc, target, value));
  return arith::TruncIOp::create(b, loc, target, value);
}

namespace {
/// Theano tensors to tensors of their storage element types: arith needs
/// signless integers (each pattern picks signed or unsigned ops from the
/// original types), and bool is stored as a byte.
class TheanoTypeConverter : public TypeConverter {
public:
  TheanoTypeConverter() {
    addConversion([](Type type) { return type; });
    addConversion([](RankedTensorType type) -> Type {
      return type.clone(storageElement(type.getElementType()));
    });
  }
};

/// Constants: the same values, in the storage element type.
struct ConstantLowering : OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto dense = dyn_cast<DenseElementsAttr>(op.getValue());
    if (!dense)
      return rewriter.notifyMatchFailure(op, "only dense constants lower");
    auto type =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    Type storage = type.getElementType();
    if (dense.getElementType().isInteger(1))
      dense = dense.mapValues(storage,
                              [](const APInt &bit) { return bit.zext(8); });
    else if (dense.getElementType() != storage)
      dense = dense.bitcast(storage);
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, type, dense);
    return success();
  }
};

/// A change of static shape (the frontend's with_static_shape, autodiff's
/// pass-through) of a tensor whose element type converts (bool to a byte):
/// the same cast of the converted value.
struct TensorCastLowering : OpConversionPattern<tensor::CastOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(tensor::CastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type type = getTypeConverter()->convertType(op.getType());
    if (!type)
      return rewriter.notifyMatchFailure(op, "unsupported result type");
    rewriter.replaceOpWithNewOp<tensor::CastOp>(op, type, adaptor.getSource());
    return success();
  }
};

struct ConvertTheanoToLinalgPass
    : theano::impl::ConvertTheanoToLinalgBase<ConvertTheanoToLinalgPass> {
  using ConvertTheanoToLinalgBase::ConvertTheanoToLinalgBase;
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    TheanoTypeConverter converter;
    RewritePatternSet patterns(context);
    patterns.add<ConstantLowering>(converter, context);
    populateElementwisePatterns(converter, patterns);
    populateReductionPatterns(converter, patterns);
    populateContractionPatterns(converter, patterns);
    populateDataMovementPatterns(converter, patterns);
    populateIndexingPatterns(converter, patterns);
    populateNeuralNetworkPatterns(converter, patterns);
    populateSequencePatterns(converter, patterns);
    populateRandomPatterns(converter, patterns, threads);
    populateConvolutionPatterns(converter, patterns);
    populatePoolingPatterns(converter, patterns);
    populateHostCallPatterns(converter, patterns);
    patterns.add<TensorCastLowering>(converter, context);
    populateControlFlowPatterns(converter, patterns);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateCallOpTypeConversionPattern(patterns, converter);
    populateReturnOpTypeConversionPattern(patterns, converter);

    ConversionTarget target(*context);
    target.addLegalDialect<
        arith::ArithDialect, bufferization::BufferizationDialect,
        complex::ComplexDialect, linalg::LinalgDialect, math::MathDialect,
        memref::MemRefDialect, scf::SCFDialect, tensor::TensorDialect,
        vector::VectorDialect>();
    target.addIllegalDialect<TheanoDialect>();
    target.addLegalOp<CheckOp>();
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp op) {
      return converter.isSignatureLegal(op.getFunctionType()) &&
             converter.isLegal(&op.getBody());
    });
    target.addDynamicallyLegalOp<func::ReturnOp, func::CallOp, tensor::CastOp>(
        [&](Operation *op) { return converter.isLegal(op); });
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
