//===- TheanoGradients.cpp - derivative rules of composite ops ------------===//
//
// GradientOpInterface of the ops that are not elementwise, one rule per op,
// next to each other. (An elementwise op's rule is in TheanoOps.td, beside
// its definition.) Rules follow Theano 1.0's `grad` methods.
//
//===----------------------------------------------------------------------===//
#include "theano_mlir/Dialect/Theano/IR/TheanoBuilders.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::theano;

static RankedTensorType typeOf(Value value) {
  return cast<RankedTensorType>(value.getType());
}

//===----------------------------------------------------------------------===//
// Neural-network ops
//===----------------------------------------------------------------------===//

/// The last axis, over which softmax normalizes.
static SmallVector<int64_t, 1> lastAxis(Value x) {
  return {typeOf(x).getRank() - 1};
}

void SoftmaxOp::buildGradients(OpBuilder &b, ValueRange g,
                               SmallVectorImpl<Value> &out) {
  // (g - sum(g y)) y, the sum over each row.
  unaryGradient(b, getLoc(), g, out, [&](TheanoBuilder &r, Value g) {
    Value y = getResult();
    int64_t rank = typeOf(y).getRank();
    Value dot = r.keepDims(r.sum(r.mul(g, y), lastAxis(y)), lastAxis(y), rank);
    return r.mul(r.sub(g, dot), y);
  });
}

void LogSoftmaxOp::buildGradients(OpBuilder &b, ValueRange g,
                                  SmallVectorImpl<Value> &out) {
  // g - softmax sum(g), the sum over each row.
  unaryGradient(b, getLoc(), g, out, [&](TheanoBuilder &r, Value g) {
    Value y = getResult();
    int64_t rank = typeOf(y).getRank();
    Value total = r.keepDims(r.sum(g, lastAxis(y)), lastAxis(y), rank);
    return r.sub(g, r.mul(r.exp(y), total));
  });
}

void TakePerRowOp::buildGradients(OpBuilder &b, ValueRange g,
                                  SmallVectorImpl<Value> &out) {
  RankedTensorType input = getInput().getType();
  if (!g[0] || !isa<FloatType>(input.getElementType())) {
    out.append(2, Value());
    return;
  }
  // The row's gradient goes to the column taken: one_hot(indices) g[:, None].
  TheanoBuilder r{b, getLoc()};
  auto scalar = RankedTensorType::get({}, b.getI64Type());
  Value columns = DimOp::create(b, r.loc, scalar, getInput(), 1);
  Value hot = OneHotOp::create(b, r.loc, input, getIndices(), columns);
  out.push_back(r.mul(hot, r.dimShuffle(g[0], {0, -1})));
  out.push_back(Value()); // the indices
}

//===----------------------------------------------------------------------===//
// Indexing
//===----------------------------------------------------------------------===//

/// A tensor type of `rank` dynamic dimensions.
static RankedTensorType dynamicType(Type element, int64_t rank) {
  return RankedTensorType::get(SmallVector<int64_t>(rank, ShapedType::kDynamic),
                               element);
}

void SubtensorOp::buildGradients(OpBuilder &b, ValueRange g,
                                 SmallVectorImpl<Value> &out) {
  // The indexed part of zeros gets g (Theano: inc_subtensor(zeros, g)).
  RankedTensorType input = getInput().getType();
  if (g[0] && isa<FloatType>(input.getElementType())) {
    Value zeros = zerosLike(b, getLoc(), getInput(), input);
    out.push_back(IncSubtensorOp::create(
        b, getLoc(), input, zeros, castTo(b, getLoc(), g[0], getType()),
        getDynamic(), getIndices(), getStarts(), getStops(), getSteps(),
        /*set=*/true));
  } else {
    out.push_back(Value());
  }
  out.append(getDynamic().size(), Value());
}

void IncSubtensorOp::buildGradients(OpBuilder &b, ValueRange g,
                                    SmallVectorImpl<Value> &out) {
  RankedTensorType input = getInput().getType();
  if (!g[0] || !isa<FloatType>(input.getElementType())) {
    out.append(2 + getDynamic().size(), Value());
    return;
  }
  Location loc = getLoc();
  TheanoBuilder r{b, loc};
  // x: g, where `set` overwrote the part: without it.
  Value gx = g[0];
  if (getSet()) {
    RankedTensorType value = getValue().getType();
    Value zero = splat(b, loc, value.getElementType(), value.getRank(), 0.0);
    gx = IncSubtensorOp::create(b, loc, typeOf(g[0]), g[0], zero, getDynamic(),
                                getIndices(), getStarts(), getStops(),
                                getSteps(), /*set=*/true);
  }
  out.push_back(gx);
  // value: g's indexed part, summed where value broadcast.
  RankedTensorType value = getValue().getType();
  Value part = SubtensorOp::create(
      b, loc, dynamicType(value.getElementType(), value.getRank()), g[0],
      getDynamic(), getIndices(), getStarts(), getStops(), getSteps());
  out.push_back(r.unbroadcastTo(part, getValue()));
  out.append(getDynamic().size(), Value());
}

void AdvancedSubtensorOp::buildGradients(OpBuilder &b, ValueRange g,
                                         SmallVectorImpl<Value> &out) {
  // Every indexed part of zeros gets its g; repeated indices accumulate.
  RankedTensorType input = getInput().getType();
  if (g[0] && isa<FloatType>(input.getElementType())) {
    Value zeros = zerosLike(b, getLoc(), getInput(), input);
    out.push_back(AdvancedIncSubtensorOp::create(
        b, getLoc(), input, zeros, castTo(b, getLoc(), g[0], getType()),
        getIndices(), /*set=*/false));
  } else {
    out.push_back(Value());
  }
  out.append(getIndices().size(), Value());
}

void AdvancedIncSubtensorOp::buildGradients(OpBuilder &b, ValueRange g,
                                            SmallVectorImpl<Value> &out) {
  RankedTensorType input = getInput().getType();
  if (!g[0] || !isa<FloatType>(input.getElementType())) {
    out.append(2 + getIndices().size(), Value());
    return;
  }
  Location loc = getLoc();
  TheanoBuilder r{b, loc};
  RankedTensorType value = getValue().getType();
  Value gx = g[0];
  if (getSet()) {
    Value zero = splat(b, loc, value.getElementType(), value.getRank(), 0.0);
    gx = AdvancedIncSubtensorOp::create(b, loc, typeOf(g[0]), g[0], zero,
                                        getIndices(),
                                        /*set=*/true);
  }
  out.push_back(gx);
  Value part = AdvancedSubtensorOp::create(
      b, loc, dynamicType(value.getElementType(), value.getRank()), g[0],
      getIndices());
  out.push_back(r.unbroadcastTo(part, getValue()));
  out.append(getIndices().size(), Value());
}

//===----------------------------------------------------------------------===//
// Casts and data movement
//===----------------------------------------------------------------------===//

void DimShuffleOp::buildGradients(OpBuilder &b, ValueRange g,
                                  SmallVectorImpl<Value> &out) {
  if (!g[0]) {
    out.push_back(Value());
    return;
  }
  // Input dimension j comes from the result dimension that took it, or is a
  // dropped broadcastable one ('x' again); new 'x' dimensions go away.
  RankedTensorType input = getInput().getType();
  SmallVector<int64_t> inverse(input.getRank(), -1);
  for (auto [i, entry] : llvm::enumerate(getNewOrder()))
    if (entry >= 0)
      inverse[entry] = i;
  out.push_back(DimShuffleOp::create(b, getLoc(), input, g[0],
                                     b.getDenseI64ArrayAttr(inverse)));
}

void ReshapeOp::buildGradients(OpBuilder &b, ValueRange g,
                               SmallVectorImpl<Value> &out) {
  TheanoBuilder r{b, getLoc()};
  out.push_back(g[0] ? ReshapeOp::create(b, getLoc(), getInput().getType(),
                                         g[0], r.shape(getInput()))
                     : Value());
  out.push_back(Value()); // the shape
}

void MakeVectorOp::buildGradients(OpBuilder &b, ValueRange g,
                                  SmallVectorImpl<Value> &out) {
  auto vector = getResult().getType();
  size_t count = getElements().size();
  if (!g[0] || !isa<FloatType>(vector.getElementType())) {
    out.append(count, Value());
    return;
  }
  // Element i's adjoint: sum(g * e_i), e_i the i-th unit vector.
  TheanoBuilder r{b, getLoc()};
  for (size_t i = 0; i < count; ++i) {
    SmallVector<Attribute> unit(count,
                                b.getFloatAttr(vector.getElementType(), 0));
    unit[i] = b.getFloatAttr(vector.getElementType(), 1);
    Value e =
        ConstantOp::create(b, r.loc, DenseElementsAttr::get(vector, unit));
    out.push_back(r.sum(r.mul(g[0], e), {0}));
  }
}

void AllocOp::buildGradients(OpBuilder &b, ValueRange g,
                             SmallVectorImpl<Value> &out) {
  out.push_back(g[0] ? unbroadcast(b, getLoc(), g[0], getValue().getType())
                     : Value());
  out.push_back(Value()); // the shape
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

void SumOp::buildGradients(OpBuilder &b, ValueRange g,
                           SmallVectorImpl<Value> &out) {
  if (!g[0]) {
    out.push_back(Value());
    return;
  }
  TheanoBuilder r{b, getLoc()};
  RankedTensorType input = getInput().getType();
  Value grad = castTo(b, r.loc, g[0],
                      getResult().getType().clone(input.getElementType()));
  Value kept = r.keepDims(grad, getAxes(), input.getRank());
  out.push_back(AllocOp::create(b, r.loc, input, kept, r.shape(getInput())));
}

void ProdOp::buildGradients(OpBuilder &b, ValueRange g,
                            SmallVectorImpl<Value> &out) {
  RankedTensorType input = getInput().getType();
  if (!g[0] || !isa<FloatType>(input.getElementType())) {
    out.push_back(Value());
    return;
  }
  // d prod / d x_i is the product of the others: prod / x_i without zeros;
  // with one zero, that product at the zero and 0 elsewhere; else 0 (Theano).
  TheanoBuilder r{b, getLoc()};
  Value x = getInput();
  ArrayRef<int64_t> axes = getAxes();
  int64_t rank = input.getRank();
  auto reduced = [&](Value v) {
    return RankedTensorType::get(getResult().getType().getShape(),
                                 typeOf(v).getElementType());
  };
  Value zero = r.constant(x, 0.0), one = r.constant(x, 1.0);
  Value isZero = r.eq(x, zero);
  Value nonZero = r.select(isZero, one, x);
  Value productOfNonZeros = r.keepDims(
      ProdOp::create(b, getLoc(), reduced(x), nonZero, getAxes()), axes, rank);
  Value zeros = r.keepDims(
      SumOp::create(b, getLoc(), reduced(x), r.asNumber(isZero, x), getAxes()),
      axes, rank);
  Value others =
      r.select(r.eq(zeros, zero), r.div(productOfNonZeros, nonZero),
               r.select(AndOp::create(b, getLoc(), r.eq(zeros, one), isZero),
                        productOfNonZeros, zero));
  Value grad = r.keepDims(castTo(b, getLoc(), g[0], reduced(x)), axes, rank);
  out.push_back(castTo(b, getLoc(), r.mul(grad, others), input));
}

void LogSumExpOp::buildGradients(OpBuilder &b, ValueRange g,
                                 SmallVectorImpl<Value> &out) {
  // softmax over the axes: exp(x - logsumexp(x)).
  if (!g[0]) {
    out.push_back(Value());
    return;
  }
  TheanoBuilder r{b, getLoc()};
  int64_t rank = getInput().getType().getRank();
  Value softmax =
      r.exp(r.sub(getInput(), r.keepDims(getResult(), getAxes(), rank)));
  out.push_back(r.mul(r.keepDims(g[0], getAxes(), rank), softmax));
}

template <typename OpTy>
static void reducedExtremumGradient(OpTy op, OpBuilder &b, ValueRange g,
                                    SmallVectorImpl<Value> &out) {
  RankedTensorType input = op.getInput().getType();
  if (!g[0] || !isa<FloatType>(input.getElementType())) {
    out.push_back(Value());
    return;
  }
  // Every position equal to the extremum gets the gradient (Theano).
  TheanoBuilder r{b, op.getLoc()};
  int64_t rank = input.getRank();
  Value extremum = r.keepDims(op.getResult(), op.getAxes(), rank);
  Value grad = r.keepDims(g[0], op.getAxes(), rank);
  Value mask = r.asNumber(r.eq(op.getInput(), extremum), grad);
  out.push_back(castTo(b, op.getLoc(), r.mul(grad, mask), input));
}

void MaxOp::buildGradients(OpBuilder &b, ValueRange g,
                           SmallVectorImpl<Value> &out) {
  reducedExtremumGradient(*this, b, g, out);
}

void MinOp::buildGradients(OpBuilder &b, ValueRange g,
                           SmallVectorImpl<Value> &out) {
  reducedExtremumGradient(*this, b, g, out);
}

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

void DotOp::buildGradients(OpBuilder &b, ValueRange g,
                           SmallVectorImpl<Value> &out) {
  Value x = getLhs(), y = getRhs();
  RankedTensorType xt = typeOf(x), yt = typeOf(y);
  if (!g[0] || !isa<FloatType>(xt.getElementType())) {
    out.append(2, Value());
    return;
  }
  TheanoBuilder r{b, getLoc()};
  Value gz = g[0], gx, gy;
  if (xt.getRank() == 1 && yt.getRank() == 1) { // scalar = x . y
    Value scalar = r.dimShuffle(gz, {-1});
    gx = r.mul(scalar, y);
    gy = r.mul(scalar, x);
  } else if (xt.getRank() == 2 && yt.getRank() == 1) { // vector = X y
    gx = r.mul(r.dimShuffle(gz, {0, -1}), r.dimShuffle(y, {-1, 0}));
    gy = r.dot(r.transpose(x), gz);
  } else if (xt.getRank() == 1) { // vector = x Y
    gx = r.dot(y, gz);
    gy = r.mul(r.dimShuffle(x, {0, -1}), r.dimShuffle(gz, {-1, 0}));
  } else { // matrix = X Y
    gx = r.dot(gz, r.transpose(y));
    gy = r.dot(r.transpose(x), gz);
  }
  out.push_back(castTo(b, getLoc(), gx, xt));
  out.push_back(castTo(b, getLoc(), gy, yt));
}

void GemmOp::buildGradients(OpBuilder &b, ValueRange g,
                            SmallVectorImpl<Value> &out) {
  // beta c + alpha dot(a, b), operands in the order c?, a, b, alpha, beta?.
  bool hasC = static_cast<bool>(getC());
  if (!g[0]) {
    out.append(getOperation()->getNumOperands(), Value());
    return;
  }
  TheanoBuilder r{b, getLoc()};
  Value gz = g[0], a = getA(), bm = getB();
  auto asMatrix = [&](Value scalar) { return r.dimShuffle(scalar, {-1, -1}); };
  if (hasC)
    out.push_back(r.unbroadcastTo(r.mul(gz, asMatrix(getBeta())), getC()));
  Value alpha = asMatrix(getAlpha());
  out.push_back(r.mul(alpha, r.dot(gz, r.transpose(bm))));
  out.push_back(r.mul(alpha, r.dot(r.transpose(a), gz)));
  out.push_back(r.sum(r.mul(gz, r.dot(a, bm)), {0, 1}));
  if (hasC)
    out.push_back(r.sum(r.mul(gz, getC()), {0, 1}));
}

void CumulativeOp::buildGradients(OpBuilder &b, ValueRange g,
                                  SmallVectorImpl<Value> &out) {
  RankedTensorType type = getInput().getType();
  if (!g[0] || !isa<FloatType>(type.getElementType())) {
    out.push_back(Value());
    return;
  }
  // Theano's: a cumulative sum's adjoint is the cumulative sum of g from
  // the other end; a product's, that of g * y from the other end, over x.
  TheanoBuilder r{b, getLoc()};
  bool reverse = !getReverse();
  auto sumFromOtherEnd = [&](Value v) {
    return CumulativeOp::create(b, getLoc(), type, v, getAxis(),
                                /*product=*/false, reverse)
        .getResult();
  };
  if (!getProduct()) {
    out.push_back(sumFromOtherEnd(g[0]));
    return;
  }
  out.push_back(r.div(sumFromOtherEnd(r.mul(g[0], getResult())), getInput()));
}

void SortOp::buildGradients(OpBuilder &b, ValueRange g,
                            SmallVectorImpl<Value> &out) {
  // result[i] = operand[p[i]], p the argsort of the keys (the operand: the
  // values, else the keys), so the operand's adjoint at p[i] is g[i]: g
  // sorted by p. Positions (argsort) and the order itself pass none.
  Value values = getValues();
  RankedTensorType result = getResult().getType();
  Value gradient;
  if (g[0] && !getPositions() && isa<FloatType>(result.getElementType())) {
    Value order = SortOp::create(b, getLoc(), result.clone(b.getI64Type()),
                                 getKeys(), Value(), /*positions=*/true)
                      .getResult();
    gradient = SortOp::create(b, getLoc(), result, order, g[0],
                              /*positions=*/false)
                   .getResult();
  }
  if (values)
    out.push_back(Value()); // the keys
  out.push_back(gradient);
}

void ARangeOp::buildGradients(OpBuilder &b, ValueRange g,
                              SmallVectorImpl<Value> &out) {
  RankedTensorType scalar = getStart().getType();
  if (!g[0] || !isa<FloatType>(scalar.getElementType())) {
    out.append(3, Value());
    return;
  }
  // Theano's: start shifts every element, step scales element i by i.
  TheanoBuilder r{b, getLoc()};
  Value gStart = r.sum(g[0], {0});
  auto i64 = RankedTensorType::get({}, b.getI64Type());
  Value length =
      castTo(b, r.loc, DimOp::create(b, r.loc, i64, getResult(), 0), scalar);
  Value index =
      ARangeOp::create(b, r.loc, getResult().getType(), r.constant(gStart, 0.0),
                       length, r.constant(gStart, 1.0));
  out.push_back(gStart);
  out.push_back(Value());
  out.push_back(r.sum(r.mul(g[0], index), {0}));
}

void GradClipOp::buildGradients(OpBuilder &b, ValueRange g,
                                SmallVectorImpl<Value> &out) {
  if (!g[0] || !isa<FloatType>(getInput().getType().getElementType())) {
    out.push_back(Value());
    return;
  }
  // Theano's GradClip: clip(g, lower, upper).
  TheanoBuilder r{b, getLoc()};
  Value upper = r.constant(g[0], getUpper().convertToDouble());
  Value lower = r.constant(g[0], getLower().convertToDouble());
  out.push_back(MaximumOp::create(
      b, getLoc(), MinimumOp::create(b, getLoc(), g[0], upper), lower));
}

void GradScaleOp::buildGradients(OpBuilder &b, ValueRange g,
                                 SmallVectorImpl<Value> &out) {
  if (!g[0] || !isa<FloatType>(getInput().getType().getElementType())) {
    out.push_back(Value());
    return;
  }
  TheanoBuilder r{b, getLoc()};
  out.push_back(
      r.mul(g[0], r.constant(g[0], getMultiplier().convertToDouble())));
}

//===----------------------------------------------------------------------===//
// Convolutions
//
// The three ops are each other's adjoints: with y = conv(x, w), the input's
// adjoint is conv_grad_input(w, g) and the filters' conv_grad_filter(x, g);
// both are linear in each operand, and their adjoints are the other two.
//===----------------------------------------------------------------------===//

namespace {
/// Builds the convolution family's ops with `op`'s attributes.
template <typename OpT> struct ConvBuilder {
  OpBuilder &b;
  OpT op;

  template <typename Built, typename... Operands>
  Value build(RankedTensorType type, Operands... operands) {
    return Built::create(b, op.getLoc(), type, operands..., op.getStrides(),
                         op.getDilations(), op.getPadding(), op.getGroups(),
                         op.getFlip());
  }
  Value shape(Value x) { return TheanoBuilder{b, op.getLoc()}.shape(x); }
  RankedTensorType typeOf(Value v) {
    return cast<RankedTensorType>(v.getType());
  }
  /// The adjoint `g` as the type of `like` (a gradient's static shape may
  /// be more or less known than the value's).
  Value as(Value g, Value like) {
    return castTo(b, op.getLoc(), g, typeOf(like));
  }
};
} // namespace

void ConvOp::buildGradients(OpBuilder &b, ValueRange g,
                            SmallVectorImpl<Value> &out) {
  if (!g[0]) {
    out.append(2, Value());
    return;
  }
  ConvBuilder<ConvOp> c{b, *this};
  Value grad = c.as(g[0], getResult());
  out.push_back(c.build<ConvGradInputOp>(getInput().getType(), getFilters(),
                                         grad, c.shape(getInput())));
  out.push_back(c.build<ConvGradFilterOp>(getFilters().getType(), getInput(),
                                          grad, c.shape(getFilters())));
}

void ConvGradInputOp::buildGradients(OpBuilder &b, ValueRange g,
                                     SmallVectorImpl<Value> &out) {
  if (!g[0]) {
    out.append(3, Value());
    return;
  }
  ConvBuilder<ConvGradInputOp> c{b, *this};
  Value grad = c.as(g[0], getResult());
  out.push_back(c.build<ConvGradFilterOp>(
      getFilters().getType(), grad, getOutputGrad(), c.shape(getFilters())));
  out.push_back(c.build<ConvOp>(getOutputGrad().getType(), grad, getFilters()));
  out.push_back(Value()); // the shape
}

void ConvGradFilterOp::buildGradients(OpBuilder &b, ValueRange g,
                                      SmallVectorImpl<Value> &out) {
  if (!g[0]) {
    out.append(3, Value());
    return;
  }
  ConvBuilder<ConvGradFilterOp> c{b, *this};
  Value grad = c.as(g[0], getResult());
  out.push_back(c.build<ConvGradInputOp>(getInput().getType(), grad,
                                         getOutputGrad(), c.shape(getInput())));
  out.push_back(c.build<ConvOp>(getOutputGrad().getType(), getInput(), grad));
  out.push_back(Value()); // the shape
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

void PoolGradOp::buildGradients(OpBuilder &b, ValueRange g,
                                SmallVectorImpl<Value> &out) {
  out.append(2, Value()); // zero almost everywhere in the input and maximum
  if (!g[0]) {
    out.push_back(Value());
    return;
  }
  Location loc = getLoc();
  Value grad = castTo(b, loc, g[0], getResult().getType());
  auto type = getOutputGrad().getType();
  if (getMode() == "max") {
    out.push_back(PoolMaxGradGradOp::create(
        b, loc, type, getInput(), getOutput(), grad, getWindow(), getStrides(),
        getPadding(), getIgnoreBorder()));
    return;
  }
  // sum and average: linear, and the pool of the seed is the transpose
  out.push_back(PoolOp::create(b, loc, type, grad, getWindow(), getStrides(),
                               getPadding(), getIgnoreBorder(), getMode()));
}

void PoolMaxGradGradOp::buildGradients(OpBuilder &b, ValueRange g,
                                       SmallVectorImpl<Value> &out) {
  out.append(2, Value());
  if (!g[0]) {
    out.push_back(Value());
    return;
  }
  Value grad = castTo(b, getLoc(), g[0], getResult().getType());
  out.push_back(PoolGradOp::create(
      b, getLoc(), getInputGrad().getType(), getInput(), getOutput(), grad,
      getWindow(), getStrides(), getPadding(), getIgnoreBorder(), "max"));
}

void PoolOp::buildGradients(OpBuilder &b, ValueRange g,
                            SmallVectorImpl<Value> &out) {
  if (!g[0]) {
    out.push_back(Value());
    return;
  }
  Value grad = castTo(b, getLoc(), g[0], getResult().getType());
  out.push_back(PoolGradOp::create(
      b, getLoc(), getInput().getType(), getInput(), getResult(), grad,
      getWindow(), getStrides(), getPadding(), getIgnoreBorder(), getMode()));
}
