//===- TheanoFolds.cpp - constant folding and trivial identities ----------===//
//
// Only value-preserving folds live here: constants, x+0 (for floats only
// x+(-0.0)), x-0, x*1, neg(neg x), and x-x for integers (for floats it is
// wrong on NaN/inf).
// Broadcasting matters: a fold to an operand is valid only when the operand
// already has the result's type.
//
//===----------------------------------------------------------------------===//
#include "theano_mlir/Dialect/Theano/IR/TheanoBuilders.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::theano;

namespace {
/// A binary scalar function on APInt (with the operands' signedness) and one
/// on APFloat.
using IntFn =
    function_ref<APInt(const APInt &, const APInt &, bool isUnsigned)>;
using FloatFn = function_ref<APFloat(const APFloat &, const APFloat &)>;
} // namespace

static bool isUnsignedElement(Type type) {
  return type.isUnsignedInteger() || type.isInteger(1);
}

/// Folds `lhs op rhs` when both are dense constants: either two splats (any
/// broadcast, static result) or two tensors of the result's type.
static Attribute foldBinaryConstants(Attribute lhsAttr, Attribute rhsAttr,
                                     RankedTensorType resultType, IntFn intFn,
                                     FloatFn floatFn) {
  auto lhs = dyn_cast_if_present<DenseElementsAttr>(lhsAttr);
  auto rhs = dyn_cast_if_present<DenseElementsAttr>(rhsAttr);
  if (!lhs || !rhs || !resultType.hasStaticShape())
    return {};
  Type element = lhs.getElementType();
  if (element != resultType.getElementType())
    return {};
  bool isFloat = isa<FloatType>(element);
  if (!isFloat && (!intFn || !isa<IntegerType>(element)))
    return {};
  bool isUnsigned = isUnsignedElement(element);
  if (lhs.isSplat() && rhs.isSplat()) {
    if (isFloat)
      return DenseElementsAttr::get(
          resultType,
          floatFn(lhs.getSplatValue<APFloat>(), rhs.getSplatValue<APFloat>()));
    return DenseElementsAttr::get(resultType, intFn(lhs.getSplatValue<APInt>(),
                                                    rhs.getSplatValue<APInt>(),
                                                    isUnsigned));
  }
  if (lhs.getType() != resultType || rhs.getType() != resultType)
    return {};
  if (isFloat) {
    SmallVector<APFloat> values;
    for (auto [a, b] :
         llvm::zip(lhs.getValues<APFloat>(), rhs.getValues<APFloat>()))
      values.push_back(floatFn(a, b));
    return DenseElementsAttr::get(resultType, values);
  }
  SmallVector<APInt> values;
  for (auto [a, b] : llvm::zip(lhs.getValues<APInt>(), rhs.getValues<APInt>()))
    values.push_back(intFn(a, b, isUnsigned));
  return DenseElementsAttr::get(resultType, values);
}

/// The operand that `op(identityOperand, other)` folds to, if `other` is the
/// identity constant and `identityOperand` already has the result type.
static Value foldIdentity(Value operand, Attribute otherAttr, int64_t identity,
                          Type resultType) {
  if (operand.getType() == resultType && isSplatOf(otherAttr, identity))
    return operand;
  return {};
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

/// Whether `attr` is a splat of x + 0's identity: for floats -0.0 only, as
/// -0.0 + 0.0 is +0.0.
static bool isAdditiveIdentity(Attribute attr) {
  auto splat = dyn_cast_if_present<SplatElementsAttr>(attr);
  if (splat && isa<FloatType>(splat.getElementType()))
    return splat.getSplatValue<APFloat>().isNegZero();
  return isSplatOf(attr, 0);
}

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  if (getLhs().getType() == getType() && isAdditiveIdentity(adaptor.getRhs()))
    return getLhs();
  if (getRhs().getType() == getType() && isAdditiveIdentity(adaptor.getLhs()))
    return getRhs();
  return foldBinaryConstants(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](const APInt &a, const APInt &b, bool) { return a + b; },
      [](const APFloat &a, const APFloat &b) { return a + b; });
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  if (Value v = foldIdentity(getLhs(), adaptor.getRhs(), 0, getType()))
    return v;
  // x - x == 0 holds for integers only (NaN - NaN and inf - inf are NaN).
  auto type = getType();
  if (getLhs() == getRhs() && isa<IntegerType>(type.getElementType()) &&
      type.hasStaticShape())
    return DenseElementsAttr::get(
        type, APInt::getZero(type.getElementType().getIntOrFloatBitWidth()));
  return foldBinaryConstants(
      adaptor.getLhs(), adaptor.getRhs(), type,
      [](const APInt &a, const APInt &b, bool) { return a - b; },
      [](const APFloat &a, const APFloat &b) { return a - b; });
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  if (Value v = foldIdentity(getLhs(), adaptor.getRhs(), 1, getType()))
    return v;
  if (Value v = foldIdentity(getRhs(), adaptor.getLhs(), 1, getType()))
    return v;
  return foldBinaryConstants(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](const APInt &a, const APInt &b, bool) { return a * b; },
      [](const APFloat &a, const APFloat &b) { return a * b; });
}

OpFoldResult MaximumOp::fold(FoldAdaptor adaptor) {
  return foldBinaryConstants(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](const APInt &a, const APInt &b, bool isUnsigned) {
        return (isUnsigned ? a.uge(b) : a.sge(b)) ? a : b;
      },
      [](const APFloat &a, const APFloat &b) { return llvm::maximum(a, b); });
}

OpFoldResult MinimumOp::fold(FoldAdaptor adaptor) {
  return foldBinaryConstants(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](const APInt &a, const APInt &b, bool isUnsigned) {
        return (isUnsigned ? a.ule(b) : a.sle(b)) ? a : b;
      },
      [](const APFloat &a, const APFloat &b) { return llvm::minimum(a, b); });
}

OpFoldResult NegOp::fold(FoldAdaptor adaptor) {
  if (auto inner = getOperand().getDefiningOp<NegOp>())
    return inner.getOperand();
  auto dense = dyn_cast_if_present<DenseElementsAttr>(adaptor.getOperand());
  if (!dense || isa<ComplexType>(dense.getElementType()))
    return {};
  if (isa<FloatType>(dense.getElementType()))
    return dense.mapValues(dense.getElementType(), [](const APFloat &a) {
      return neg(a).bitcastToAPInt();
    });
  return dense.mapValues(dense.getElementType(),
                         [](const APInt &a) { return -a; });
}

/// Constants convert as numpy's astype does; float to int (truncation, and
/// NaN) is left to run time.
OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  auto dense = dyn_cast_if_present<DenseElementsAttr>(adaptor.getInput());
  if (!dense)
    return {};
  Type from = dense.getElementType(), to = getType().getElementType();
  if (isa<ComplexType>(from) || isa<ComplexType>(to))
    return {}; // left to run time
  auto resultType = getType();
  if (auto toFloat = dyn_cast<FloatType>(to)) {
    const llvm::fltSemantics &semantics = toFloat.getFloatSemantics();
    if (isa<FloatType>(from))
      return dense
          .mapValues(to,
                     [&](const APFloat &value) {
                       APFloat converted = value;
                       bool losesInfo;
                       converted.convert(
                           semantics, APFloat::rmNearestTiesToEven, &losesInfo);
                       return converted.bitcastToAPInt();
                     })
          .reshape(resultType);
    bool isSigned = !isUnsignedElement(from);
    return dense
        .mapValues(to,
                   [&](const APInt &value) {
                     APFloat converted(semantics);
                     converted.convertFromAPInt(value, isSigned,
                                                APFloat::rmNearestTiesToEven);
                     return converted.bitcastToAPInt();
                   })
        .reshape(resultType);
  }
  if (isa<IntegerType>(from) && !to.isInteger(1)) {
    unsigned width = to.getIntOrFloatBitWidth();
    bool isSigned = !isUnsignedElement(from);
    return dense
        .mapValues(to,
                   [&](const APInt &value) {
                     return isSigned ? value.sextOrTrunc(width)
                                     : value.zextOrTrunc(width);
                   })
        .reshape(resultType);
  }
  return {};
}

OpFoldResult DimShuffleOp::fold(FoldAdaptor adaptor) {
  // A splat constant keeps its value in any shape.
  if (auto splat = dyn_cast_if_present<SplatElementsAttr>(adaptor.getInput()))
    if (getType().hasStaticShape())
      return splat.resizeSplat(getType());
  if (getInput().getType() != getType())
    return {};
  for (auto [i, entry] : llvm::enumerate(getNewOrder()))
    if (entry != static_cast<int64_t>(i))
      return {};
  return getInput();
}
