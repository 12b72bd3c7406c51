//===- TheanoBuilders.cpp - building common `theano` op patterns ----------===//
#include "theano_mlir/Dialect/Theano/IR/TheanoBuilders.h"

#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::theano;

static RankedTensorType typeOf(Value value) {
  return cast<RankedTensorType>(value.getType());
}

Value mlir::theano::splat(OpBuilder &b, Location loc, Type element,
                          int64_t rank, double value) {
  auto type = RankedTensorType::get(SmallVector<int64_t>(rank, 1), element);
  if (auto complex = dyn_cast<ComplexType>(element)) {
    APFloat real = b.getFloatAttr(complex.getElementType(), value).getValue();
    APFloat zero = b.getFloatAttr(complex.getElementType(), 0.0).getValue();
    return ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(type,
                               ArrayRef{std::complex<APFloat>(real, zero)}));
  }
  Attribute scalar;
  if (isa<FloatType>(element))
    scalar = b.getFloatAttr(element, value);
  else
    scalar = b.getIntegerAttr(element, static_cast<int64_t>(value));
  return ConstantOp::create(b, loc, DenseElementsAttr::get(type, scalar));
}

Value mlir::theano::zerosLike(OpBuilder &b, Location loc, Value like,
                              RankedTensorType type) {
  Value zero = splat(b, loc, type.getElementType(), type.getRank(), 0.0);
  return AllocOp::create(b, loc, type, zero, TheanoBuilder{b, loc}.shape(like));
}

Value mlir::theano::castTo(OpBuilder &b, Location loc, Value value,
                           RankedTensorType type) {
  RankedTensorType current = typeOf(value);
  if (current.getElementType() != type.getElementType()) {
    current = current.clone(type.getElementType());
    value = CastOp::create(b, loc, current, value);
  }
  if (current != type)
    value = tensor::CastOp::create(b, loc, type, value);
  return value;
}

Value mlir::theano::unbroadcast(OpBuilder &b, Location loc, Value grad,
                                RankedTensorType type) {
  RankedTensorType gradType = typeOf(grad);
  SmallVector<int64_t> axes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.getDimSize(d) == 1 && gradType.getDimSize(d) != 1)
      axes.push_back(d);
  if (!axes.empty()) {
    TheanoBuilder r{b, loc};
    grad = r.keepDims(r.sum(grad, axes), axes, type.getRank());
  }
  return castTo(b, loc, grad, type);
}

bool mlir::theano::isSplatOf(Attribute attr, double value) {
  auto splat = dyn_cast_if_present<SplatElementsAttr>(attr);
  if (!splat)
    return false;
  Type element = splat.getElementType();
  if (isa<FloatType>(element))
    return splat.getSplatValue<APFloat>().isExactlyValue(value);
  if (isa<IntegerType>(element))
    return static_cast<double>(splat.getSplatValue<APInt>().getSExtValue()) ==
           value;
  return false;
}

bool mlir::theano::isSplatConstant(Value value, double expected) {
  Attribute attr;
  return matchPattern(value, m_Constant(&attr)) && isSplatOf(attr, expected);
}

//===----------------------------------------------------------------------===//
// TheanoBuilder
//===----------------------------------------------------------------------===//

Value TheanoBuilder::constant(Value like, double value) {
  RankedTensorType type = typeOf(like);
  return splat(b, loc, type.getElementType(), type.getRank(), value);
}
Value TheanoBuilder::add(Value x, Value y) {
  return AddOp::create(b, loc, x, y);
}
Value TheanoBuilder::sub(Value x, Value y) {
  return SubOp::create(b, loc, x, y);
}
Value TheanoBuilder::mul(Value x, Value y) {
  return MulOp::create(b, loc, x, y);
}
Value TheanoBuilder::div(Value x, Value y) {
  return TrueDivOp::create(b, loc, x, y);
}
Value TheanoBuilder::neg(Value x) { return NegOp::create(b, loc, x); }
Value TheanoBuilder::exp(Value x) { return ExpOp::create(b, loc, x); }
Value TheanoBuilder::log(Value x) { return LogOp::create(b, loc, x); }
Value TheanoBuilder::eq(Value x, Value y) { return EqOp::create(b, loc, x, y); }
Value TheanoBuilder::select(Value condition, Value x, Value y) {
  return SwitchOp::create(b, loc, condition, x, y);
}

Value TheanoBuilder::asNumber(Value condition, Value like) {
  return CastOp::create(b, loc,
                        typeOf(condition).clone(typeOf(like).getElementType()),
                        condition);
}

Value TheanoBuilder::transpose(Value matrix) {
  return dimShuffle(matrix, {1, 0});
}

Value TheanoBuilder::dimShuffle(Value value, ArrayRef<int64_t> order) {
  RankedTensorType type = typeOf(value);
  SmallVector<int64_t> shape;
  for (int64_t entry : order)
    shape.push_back(entry < 0 ? 1 : type.getDimSize(entry));
  return DimShuffleOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), value,
      b.getDenseI64ArrayAttr(order));
}

Value TheanoBuilder::keepDims(Value value, ArrayRef<int64_t> axes,
                              int64_t rank) {
  SmallVector<int64_t> order;
  int64_t next = 0;
  for (int64_t d = 0; d < rank; ++d)
    order.push_back(llvm::is_contained(axes, d) ? -1 : next++);
  return dimShuffle(value, order);
}

Value TheanoBuilder::dot(Value x, Value y) {
  RankedTensorType xt = typeOf(x), yt = typeOf(y);
  SmallVector<int64_t> shape;
  if (xt.getRank() == 2)
    shape.push_back(xt.getDimSize(0));
  if (yt.getRank() == 2)
    shape.push_back(yt.getDimSize(1));
  return DotOp::create(b, loc,
                       RankedTensorType::get(shape, xt.getElementType()), x, y);
}

/// The type of `x` reduced over `axes`.
static RankedTensorType reducedType(Value x, ArrayRef<int64_t> axes) {
  RankedTensorType type = typeOf(x);
  SmallVector<int64_t> shape;
  for (auto [d, size] : llvm::enumerate(type.getShape()))
    if (!llvm::is_contained(axes, static_cast<int64_t>(d)))
      shape.push_back(size);
  return RankedTensorType::get(shape, type.getElementType());
}

Value TheanoBuilder::sum(Value x, ArrayRef<int64_t> axes) {
  return SumOp::create(b, loc, reducedType(x, axes), x,
                       b.getDenseI64ArrayAttr(axes));
}

Value TheanoBuilder::max(Value x, ArrayRef<int64_t> axes,
                         bool emptyIsIdentity) {
  return MaxOp::create(b, loc, reducedType(x, axes), x,
                       b.getDenseI64ArrayAttr(axes),
                       emptyIsIdentity ? b.getUnitAttr() : UnitAttr());
}

Value TheanoBuilder::shape(Value x) {
  auto type = RankedTensorType::get({typeOf(x).getRank()}, b.getI64Type());
  return ShapeOp::create(b, loc, type, x);
}

Value TheanoBuilder::unbroadcastTo(Value grad, Value operand) {
  return unbroadcast(b, loc, grad, typeOf(operand));
}
