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

namespace {
/// An elementwise unary rule: the operand's adjoint from the result's.
template <typename OpTy, typename Rule>
void unaryGradient(OpTy op, OpBuilder &b, ValueRange resultGrads,
                   SmallVectorImpl<Value> &operandGrads, Rule rule) {
  TheanoBuilder r{b, op.getLoc()};
  Value g = resultGrads[0];
  operandGrads.push_back(g ? rule(r, g) : Value());
}

/// A binary rule: both adjoints before unbroadcasting.
template <typename OpTy, typename Rule>
void binaryGradient(OpTy op, OpBuilder &b, ValueRange resultGrads,
                    SmallVectorImpl<Value> &operandGrads, Rule rule) {
  TheanoBuilder r{b, op.getLoc()};
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
  binaryGradient(*this, b, g, out, [](TheanoBuilder &, Value g) {
    return std::pair(g, g);
  });
}

void SubOp::buildGradients(OpBuilder &b, ValueRange g,
                           SmallVectorImpl<Value> &out) {
  binaryGradient(*this, b, g, out, [](TheanoBuilder &r, Value g) {
    return std::pair(g, r.neg(g));
  });
}

void MulOp::buildGradients(OpBuilder &b, ValueRange g,
                           SmallVectorImpl<Value> &out) {
  binaryGradient(*this, b, g, out, [&](TheanoBuilder &r, Value g) {
    return std::pair(r.mul(g, getRhs()), r.mul(g, getLhs()));
  });
}

void TrueDivOp::buildGradients(OpBuilder &b, ValueRange g,
                               SmallVectorImpl<Value> &out) {
  // d(x/y)/dy = -(x/y)/y.
  binaryGradient(*this, b, g, out, [&](TheanoBuilder &r, Value g) {
    return std::pair(r.div(g, getRhs()),
                     r.neg(r.div(r.mul(g, getResult()), getRhs())));
  });
}

void ModOp::buildGradients(OpBuilder &b, ValueRange g,
                           SmallVectorImpl<Value> &out) {
  // x % y = x - y * floor(x / y).
  binaryGradient(*this, b, g, out, [&](TheanoBuilder &r, Value g) {
    Value quotient = IntDivOp::create(r.b, r.loc, getLhs(), getRhs());
    return std::pair(g, r.neg(r.mul(g, quotient)));
  });
}

void PowOp::buildGradients(OpBuilder &b, ValueRange g,
                           SmallVectorImpl<Value> &out) {
  // d/dx = y x^(y-1); d/dy = log(x) x^y, taken as 0 where x = 0 (Theano).
  binaryGradient(*this, b, g, out, [&](TheanoBuilder &r, Value g) {
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
  binaryGradient(op, b, g, out, [&](TheanoBuilder &r, Value g) {
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
  TheanoBuilder r{b, getLoc()};
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
    unaryGradient(*this, b, g, out, [&](TheanoBuilder &r, Value g) BODY);        \
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
// Neural-network ops
//===----------------------------------------------------------------------===//

void ReluOp::buildGradients(OpBuilder &b, ValueRange g,
                            SmallVectorImpl<Value> &out) {
  // Theano's relu is (1 + a)/2 x + (1 - a)/2 |x|: slope (1 + a)/2 at 0, and
  // min(x, 0) with respect to a.
  binaryGradient(*this, b, g, out, [&](TheanoBuilder &r, Value g) {
    Value x = getLhs(), alpha = getRhs();
    Value zero = r.constant(x, 0.0), one = r.constant(x, 1.0);
    Value atZero = r.mul(r.constant(x, 0.5), r.add(one, alpha));
    // NaN where x is NaN, as Theano's 0.5 (1 + sgn x).
    Value slope = r.select(
        GtOp::create(b, r.loc, x, zero), one,
        r.select(LtOp::create(b, r.loc, x, zero), alpha,
                 r.select(r.eq(x, zero), atZero, x)));
    return std::pair(r.mul(g, slope),
                     r.mul(g, MinimumOp::create(b, r.loc, x, zero)));
  });
}

/// The last axis, over which softmax normalizes.
static SmallVector<int64_t, 1> lastAxis(Value x) {
  return {typeOf(x).getRank() - 1};
}

void SoftmaxOp::buildGradients(OpBuilder &b, ValueRange g,
                               SmallVectorImpl<Value> &out) {
  // (g - sum(g y)) y, the sum over each row.
  unaryGradient(*this, b, g, out, [&](TheanoBuilder &r, Value g) {
    Value y = getResult();
    int64_t rank = typeOf(y).getRank();
    Value dot = r.keepDims(r.sum(r.mul(g, y), lastAxis(y)), lastAxis(y), rank);
    return r.mul(r.sub(g, dot), y);
  });
}

void LogSoftmaxOp::buildGradients(OpBuilder &b, ValueRange g,
                                  SmallVectorImpl<Value> &out) {
  // g - softmax sum(g), the sum over each row.
  unaryGradient(*this, b, g, out, [&](TheanoBuilder &r, Value g) {
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
  TheanoBuilder r{b, getLoc()};
  out.push_back(g[0] ? ReshapeOp::create(b, getLoc(), getInput().getType(), g[0],
                                         r.shape(getInput()))
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
  TheanoBuilder r{b, getLoc()};
  RankedTensorType input = getInput().getType();
  Value grad = castTo(b, r.loc, g[0], getResult().getType().clone(input.getElementType()));
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
      ProdOp::create(b, getLoc(), reduced(x), nonZero, getAxes()),
      axes, rank);
  Value zeros = r.keepDims(
      SumOp::create(b, getLoc(), reduced(x), r.asNumber(isZero, x), getAxes()),
      axes, rank);
  Value others = r.select(
      r.eq(zeros, zero), r.div(productOfNonZeros, nonZero),
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
  Value softmax = r.exp(r.sub(getInput(), r.keepDims(getResult(), getAxes(), rank)));
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
