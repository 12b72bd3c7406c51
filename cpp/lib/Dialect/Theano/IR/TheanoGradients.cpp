//===- TheanoGradients.cpp - derivative rules of `theano` ops -------------===//
//
// GradientOpInterface, one rule per op, next to each other so that adding an
// op means adding its rule here. Rules follow Theano 1.0's `grad` methods
// (e.g. ties of maximum give the gradient to both operands).
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
// Builders
//===----------------------------------------------------------------------===//

Value mlir::theano::splat(OpBuilder &b, Location loc, Type element,
                          int64_t rank, double value) {
  auto type = RankedTensorType::get(SmallVector<int64_t>(rank, 1), element);
  Attribute scalar;
  if (isa<FloatType>(element))
    scalar = b.getFloatAttr(element, value);
  else
    scalar = b.getIntegerAttr(element, static_cast<int64_t>(value));
  return ConstantOp::create(b, loc, DenseElementsAttr::get(type, scalar));
}

static Value shapeOf(OpBuilder &b, Location loc, Value value) {
  auto type = RankedTensorType::get({typeOf(value).getRank()}, b.getI64Type());
  return ShapeOp::create(b, loc, type, value);
}

Value mlir::theano::zerosLike(OpBuilder &b, Location loc, Value like,
                              RankedTensorType type) {
  Value zero = splat(b, loc, type.getElementType(), type.getRank(), 0.0);
  return AllocOp::create(b, loc, type, zero, shapeOf(b, loc, like));
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

/// `value` with size-1 dimensions inserted at `axes` (the inverse of a
/// reduction over them, for broadcasting against its input).
static Value keepDims(OpBuilder &b, Location loc, Value value,
                      ArrayRef<int64_t> axes, int64_t rank) {
  RankedTensorType type = typeOf(value);
  SmallVector<int64_t> order, shape;
  int64_t next = 0;
  for (int64_t d = 0; d < rank; ++d) {
    bool reduced = llvm::is_contained(axes, d);
    order.push_back(reduced ? -1 : next);
    shape.push_back(reduced ? 1 : type.getDimSize(next));
    if (!reduced)
      ++next;
  }
  return DimShuffleOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), value,
      b.getDenseI64ArrayAttr(order));
}

Value mlir::theano::unbroadcast(OpBuilder &b, Location loc, Value grad,
                                RankedTensorType type) {
  RankedTensorType gradType = typeOf(grad);
  SmallVector<int64_t> axes, kept;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (type.getDimSize(d) == 1 && gradType.getDimSize(d) != 1)
      axes.push_back(d);
    else
      kept.push_back(gradType.getDimSize(d));
  }
  if (!axes.empty()) {
    auto summed = SumOp::create(
        b, loc, RankedTensorType::get(kept, gradType.getElementType()), grad,
        b.getDenseI64ArrayAttr(axes));
    grad = keepDims(b, loc, summed, axes, type.getRank());
  }
  return castTo(b, loc, grad, type);
}

//===----------------------------------------------------------------------===//
// Shorthands for the rules
//===----------------------------------------------------------------------===//

namespace {
/// Builds at one location, with constants of one element type and rank.
struct RuleBuilder {
  OpBuilder &b;
  Location loc;

  Value constant(Value like, double value) {
    RankedTensorType type = typeOf(like);
    return splat(b, loc, type.getElementType(), type.getRank(), value);
  }
  Value add(Value x, Value y) { return AddOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return SubOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return MulOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return TrueDivOp::create(b, loc, x, y); }
  Value neg(Value x) { return NegOp::create(b, loc, x); }
  Value eq(Value x, Value y) { return EqOp::create(b, loc, x, y); }
  Value select(Value c, Value x, Value y) {
    return SwitchOp::create(b, loc, c, x, y);
  }
  /// A bool tensor as 0/1 of `like`'s element type.
  Value asNumber(Value condition, Value like) {
    return CastOp::create(
        b, loc, typeOf(condition).clone(typeOf(like).getElementType()),
        condition);
  }
  Value transpose(Value matrix) {
    RankedTensorType type = typeOf(matrix);
    return DimShuffleOp::create(
        b, loc,
        RankedTensorType::get({type.getDimSize(1), type.getDimSize(0)},
                              type.getElementType()),
        matrix, b.getDenseI64ArrayAttr({1, 0}));
  }
  Value insertDims(Value value, ArrayRef<int64_t> order) {
    RankedTensorType type = typeOf(value);
    SmallVector<int64_t> shape;
    for (int64_t entry : order)
      shape.push_back(entry < 0 ? 1 : type.getDimSize(entry));
    return DimShuffleOp::create(
        b, loc, RankedTensorType::get(shape, type.getElementType()), value,
        b.getDenseI64ArrayAttr(order));
  }
  Value dot(Value x, Value y) {
    RankedTensorType xt = typeOf(x), yt = typeOf(y);
    SmallVector<int64_t> shape;
    if (xt.getRank() == 2)
      shape.push_back(xt.getDimSize(0));
    if (yt.getRank() == 2)
      shape.push_back(yt.getDimSize(1));
    return DotOp::create(
        b, loc, RankedTensorType::get(shape, xt.getElementType()), x, y);
  }
  Value unbroadcastTo(Value grad, Value operand) {
    return unbroadcast(b, loc, grad, typeOf(operand));
  }
};

/// An elementwise unary rule: the operand's adjoint from the result's.
template <typename OpTy, typename Rule>
void unaryGradient(OpTy op, OpBuilder &b, ValueRange resultGrads,
                   SmallVectorImpl<Value> &operandGrads, Rule rule) {
  RuleBuilder r{b, op.getLoc()};
  Value g = resultGrads[0];
  operandGrads.push_back(g ? rule(r, g) : Value());
}

/// A binary rule: both adjoints before unbroadcasting.
template <typename OpTy, typename Rule>
void binaryGradient(OpTy op, OpBuilder &b, ValueRange resultGrads,
                    SmallVectorImpl<Value> &operandGrads, Rule rule) {
  RuleBuilder r{b, op.getLoc()};
  Value g = resultGrads[0];
  if (!g) {
    operandGrads.append(2, Value());
    return;
  }
  auto [gl, gr] = rule(r, g);
  operandGrads.push_back(gl ? r.unbroadcastTo(gl, op.getLhs()) : Value());
  operandGrads.push_back(gr ? r.unbroadcastTo(gr, op.getRhs()) : Value());
}

/// Ops whose derivative is zero almost everywhere (Theano: connected, zero).
template <typename OpTy>
void zeroGradient(OpTy op, SmallVectorImpl<Value> &operandGrads) {
  operandGrads.append(op->getNumOperands(), Value());
}
} // namespace

//===----------------------------------------------------------------------===//
// Elementwise binary
//===----------------------------------------------------------------------===//

void AddOp::buildGradients(OpBuilder &b, ValueRange g,
                           SmallVectorImpl<Value> &out) {
  binaryGradient(*this, b, g, out, [](RuleBuilder &, Value g) {
    return std::pair(g, g);
  });
}

void SubOp::buildGradients(OpBuilder &b, ValueRange g,
                           SmallVectorImpl<Value> &out) {
  binaryGradient(*this, b, g, out, [](RuleBuilder &r, Value g) {
    return std::pair(g, r.neg(g));
  });
}

void MulOp::buildGradients(OpBuilder &b, ValueRange g,
                           SmallVectorImpl<Value> &out) {
  binaryGradient(*this, b, g, out, [&](RuleBuilder &r, Value g) {
    return std::pair(r.mul(g, getRhs()), r.mul(g, getLhs()));
  });
}

void TrueDivOp::buildGradients(OpBuilder &b, ValueRange g,
                               SmallVectorImpl<Value> &out) {
  // d(x/y)/dy = -(x/y)/y.
  binaryGradient(*this, b, g, out, [&](RuleBuilder &r, Value g) {
    return std::pair(r.div(g, getRhs()),
                     r.neg(r.div(r.mul(g, getResult()), getRhs())));
  });
}

void ModOp::buildGradients(OpBuilder &b, ValueRange g,
                           SmallVectorImpl<Value> &out) {
  // x % y = x - y * floor(x / y).
  binaryGradient(*this, b, g, out, [&](RuleBuilder &r, Value g) {
    Value quotient = IntDivOp::create(r.b, r.loc, getLhs(), getRhs());
    return std::pair(g, r.neg(r.mul(g, quotient)));
  });
}

void PowOp::buildGradients(OpBuilder &b, ValueRange g,
                           SmallVectorImpl<Value> &out) {
  // d/dx = y x^(y-1); d/dy = log(x) x^y, taken as 0 where x = 0 (Theano).
  binaryGradient(*this, b, g, out, [&](RuleBuilder &r, Value g) {
    Value x = getLhs(), y = getRhs();
    Value one = r.constant(y, 1.0), zero = r.constant(x, 0.0);
    Value power = PowOp::create(r.b, r.loc, x, r.sub(y, one));
    Value dx = r.mul(g, r.mul(y, power));
    Value logX = LogOp::create(r.b, r.loc, x);
    Value dy = r.mul(g, r.select(r.eq(x, zero), r.constant(getResult(), 0.0),
                                 r.mul(logX, getResult())));
    return std::pair(dx, dy);
  });
}

template <typename OpTy>
static void extremumGradient(OpTy op, OpBuilder &b, ValueRange g,
                             SmallVectorImpl<Value> &out) {
  binaryGradient(op, b, g, out, [&](RuleBuilder &r, Value g) {
    Value result = op.getResult();
    return std::pair(r.mul(g, r.asNumber(r.eq(result, op.getLhs()), g)),
                     r.mul(g, r.asNumber(r.eq(result, op.getRhs()), g)));
  });
}

void MaximumOp::buildGradients(OpBuilder &b, ValueRange g,
                               SmallVectorImpl<Value> &out) {
  extremumGradient(*this, b, g, out);
}

void MinimumOp::buildGradients(OpBuilder &b, ValueRange g,
                               SmallVectorImpl<Value> &out) {
  extremumGradient(*this, b, g, out);
}

void SwitchOp::buildGradients(OpBuilder &b, ValueRange g,
                              SmallVectorImpl<Value> &out) {
  RuleBuilder r{b, getLoc()};
  out.push_back(Value()); // the condition
  if (!g[0]) {
    out.append(2, Value());
    return;
  }
  Value zero = r.constant(g[0], 0.0);
  out.push_back(r.unbroadcastTo(r.select(getCondition(), g[0], zero), getIfTrue()));
  out.push_back(r.unbroadcastTo(r.select(getCondition(), zero, g[0]), getIfFalse()));
}

//===----------------------------------------------------------------------===//
// Elementwise unary
//===----------------------------------------------------------------------===//

#define THEANO_UNARY_GRADIENT(OP, BODY)                                        \
  void OP::buildGradients(OpBuilder &b, ValueRange g,                          \
                          SmallVectorImpl<Value> &out) {                       \
    Value x = getOperand(), y = getResult();                                   \
    (void)x;                                                                   \
    (void)y;                                                                   \
    unaryGradient(*this, b, g, out, [&](RuleBuilder &r, Value g) BODY);        \
  }

THEANO_UNARY_GRADIENT(NegOp, { return r.neg(g); })
THEANO_UNARY_GRADIENT(AbsOp, { return r.mul(g, SgnOp::create(r.b, r.loc, x)); })
THEANO_UNARY_GRADIENT(SqrOp, { return r.mul(g, r.mul(x, r.constant(x, 2.0))); })
THEANO_UNARY_GRADIENT(ExpOp, { return r.mul(g, y); })
THEANO_UNARY_GRADIENT(LogOp, { return r.div(g, x); })
THEANO_UNARY_GRADIENT(Log1pOp, { return r.div(g, r.add(x, r.constant(x, 1.0))); })
THEANO_UNARY_GRADIENT(Expm1Op, { return r.mul(g, r.add(y, r.constant(y, 1.0))); })
THEANO_UNARY_GRADIENT(SqrtOp, { return r.div(r.mul(g, r.constant(y, 0.5)), y); })
THEANO_UNARY_GRADIENT(TanhOp, {
  return r.mul(g, r.sub(r.constant(y, 1.0), r.mul(y, y)));
})
THEANO_UNARY_GRADIENT(SigmoidOp, {
  return r.mul(g, r.mul(y, r.sub(r.constant(y, 1.0), y)));
})
THEANO_UNARY_GRADIENT(SoftplusOp, {
  return r.mul(g, SigmoidOp::create(r.b, r.loc, x));
})
THEANO_UNARY_GRADIENT(SinOp, { return r.mul(g, CosOp::create(r.b, r.loc, x)); })
THEANO_UNARY_GRADIENT(CosOp, {
  return r.neg(r.mul(g, SinOp::create(r.b, r.loc, x)));
})
#undef THEANO_UNARY_GRADIENT

void SgnOp::buildGradients(OpBuilder &, ValueRange, SmallVectorImpl<Value> &out) {
  zeroGradient(*this, out);
}
void FloorOp::buildGradients(OpBuilder &, ValueRange, SmallVectorImpl<Value> &out) {
  zeroGradient(*this, out);
}
void CeilOp::buildGradients(OpBuilder &, ValueRange, SmallVectorImpl<Value> &out) {
  zeroGradient(*this, out);
}
void RoundOp::buildGradients(OpBuilder &, ValueRange, SmallVectorImpl<Value> &out) {
  zeroGradient(*this, out);
}
void StopGradientOp::buildGradients(OpBuilder &, ValueRange,
                                    SmallVectorImpl<Value> &out) {
  zeroGradient(*this, out);
}

//===----------------------------------------------------------------------===//
// Casts and data movement
//===----------------------------------------------------------------------===//

void CastOp::buildGradients(OpBuilder &b, ValueRange g,
                            SmallVectorImpl<Value> &out) {
  RankedTensorType input = getInput().getType();
  bool differentiable = isa<FloatType>(input.getElementType());
  out.push_back(g[0] && differentiable ? castTo(b, getLoc(), g[0], input)
                                       : Value());
}

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
  out.push_back(g[0] ? ReshapeOp::create(b, getLoc(), getInput().getType(), g[0],
                                         shapeOf(b, getLoc(), getInput()))
                     : Value());
  out.push_back(Value()); // the shape
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
  Location loc = getLoc();
  RankedTensorType input = getInput().getType();
  Value grad = castTo(b, loc, g[0], getResult().getType().clone(input.getElementType()));
  Value kept = keepDims(b, loc, grad, getAxes(), input.getRank());
  out.push_back(AllocOp::create(b, loc, input, kept, shapeOf(b, loc, getInput())));
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
  RuleBuilder r{b, getLoc()};
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
  Value productOfNonZeros = keepDims(
      b, getLoc(), ProdOp::create(b, getLoc(), reduced(x), nonZero, getAxes()),
      axes, rank);
  Value zeros = keepDims(
      b, getLoc(),
      SumOp::create(b, getLoc(), reduced(x), r.asNumber(isZero, x), getAxes()),
      axes, rank);
  Value others = r.select(
      r.eq(zeros, zero), r.div(productOfNonZeros, nonZero),
      r.select(AndOp::create(b, getLoc(), r.eq(zeros, one), isZero),
               productOfNonZeros, zero));
  Value grad = keepDims(b, getLoc(),
                        castTo(b, getLoc(), g[0], reduced(x)), axes, rank);
  out.push_back(castTo(b, getLoc(), r.mul(grad, others), input));
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
  RuleBuilder r{b, op.getLoc()};
  int64_t rank = input.getRank();
  Value extremum = keepDims(b, op.getLoc(), op.getResult(), op.getAxes(), rank);
  Value grad = keepDims(b, op.getLoc(), g[0], op.getAxes(), rank);
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
  RuleBuilder r{b, getLoc()};
  Value gz = g[0], gx, gy;
  if (xt.getRank() == 1 && yt.getRank() == 1) { // scalar = x . y
    Value scalar = r.insertDims(gz, {-1});
    gx = r.mul(scalar, y);
    gy = r.mul(scalar, x);
  } else if (xt.getRank() == 2 && yt.getRank() == 1) { // vector = X y
    gx = r.mul(r.insertDims(gz, {0, -1}), r.insertDims(y, {-1, 0}));
    gy = r.dot(r.transpose(x), gz);
  } else if (xt.getRank() == 1) { // vector = x Y
    gx = r.dot(y, gz);
    gy = r.mul(r.insertDims(x, {0, -1}), r.insertDims(gz, {-1, 0}));
  } else { // matrix = X Y
    gx = r.dot(gz, r.transpose(y));
    gy = r.dot(r.transpose(x), gz);
  }
  out.push_back(castTo(b, getLoc(), gx, xt));
  out.push_back(castTo(b, getLoc(), gy, yt));
}
