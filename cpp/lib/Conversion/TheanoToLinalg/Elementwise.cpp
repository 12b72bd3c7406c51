//===- Elementwise.cpp - elementwise ops to linalg.generic ----------------===//
//
// One linalg.generic per op. Broadcasting follows Theano: a dimension
// broadcasts only where its static size is 1 (a dynamic dimension that is 1
// at run time does not); the other operands must agree, checked at run time.
//
//===----------------------------------------------------------------------===//
#include "PopulatePatterns.h"
#include "theano_mlir/Conversion/TheanoToLinalg/LoweringUtils.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"
#include <limits>

using namespace mlir;
using namespace mlir::theano;

/// The broadcasting linalg.generic of an elementwise op: computes the result
/// sizes, checks that non-broadcast dimensions agree, and applies `scalarFn`.
static Value lowerBroadcast(OpBuilder &b, Location loc, Operation *op,
                            ValueRange operands, RankedTensorType resultType,
                            ScalarFn scalarFn) {
  int64_t rank = resultType.getRank();
  MLIRContext *context = b.getContext();
  SmallVector<Value> sizes;
  for (int64_t d = 0; d < rank; ++d) {
    Value size;
    int64_t first = -1;
    for (auto [k, operand] : llvm::enumerate(operands)) {
      auto type = cast<RankedTensorType>(operand.getType());
      if (type.getDimSize(d) == 1)
        continue; // broadcastable
      Value operandSize = dimSize(b, loc, operand, d);
      if (!size) {
        size = operandSize;
        first = k;
        continue;
      }
      auto firstType = cast<RankedTensorType>(operands[first].getType());
      if (!type.isDynamicDim(d) && !firstType.isDynamicDim(d))
        continue; // static sizes were checked by the verifier
      Value same = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, size,
                                         operandSize);
      emitCheck(b, op, same,
                "Input dimension mis-match. (input[" + Twine(first) +
                    "].shape[" + Twine(d) + "] = {0}, input[" + Twine(k) +
                    "].shape[" + Twine(d) + "] = {1})",
                {size, operandSize});
    }
    sizes.push_back(size ? size : arith::ConstantIndexOp::create(b, loc, 1));
  }

  return broadcastGeneric(b, loc, operands, resultType, sizes, scalarFn);
}

Value mlir::theano::broadcastGeneric(OpBuilder &b, Location loc,
                                     ValueRange operands,
                                     RankedTensorType resultType,
                                     ArrayRef<Value> sizes, ScalarFn scalarFn) {
  int64_t rank = resultType.getRank();
  MLIRContext *context = b.getContext();
  SmallVector<AffineMap> maps;
  for (Value operand : operands) {
    auto type = cast<RankedTensorType>(operand.getType());
    SmallVector<AffineExpr> exprs;
    for (int64_t d = 0; d < rank; ++d)
      exprs.push_back(type.getDimSize(d) == 1
                          ? getAffineConstantExpr(0, context)
                          : getAffineDimExpr(d, context));
    maps.push_back(AffineMap::get(rank, 0, exprs, context));
  }
  maps.push_back(b.getMultiDimIdentityMap(rank));

  Value init = emptyTensor(b, loc, resultType, sizes);
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, operands, ValueRange{init}, maps,
      iterators, [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = scalarFn(nested, nestedLoc, args.drop_back());
        linalg::YieldOp::create(nested, nestedLoc, result);
      });
  return generic.getResult(0);
}

//===----------------------------------------------------------------------===//
// Scalar bodies. `element` is the Theano element type of the (data)
// operands, which carries the signedness the signless args have lost.
//===----------------------------------------------------------------------===//

namespace {
struct Scalar {
  OpBuilder &b;
  Location loc;
  Type element;

  bool isFloat() const { return isa<FloatType>(element); }
  bool isUnsigned() const { return isUnsignedElement(element); }
  Value constant(Value like, double value) const {
    return scalarConstant(b, loc, like.getType(), value);
  }
  Value select(Value c, Value t, Value f) const {
    return arith::SelectOp::create(b, loc, c, t, f);
  }
  Value cmpi(arith::CmpIPredicate p, Value x, Value y) const {
    return arith::CmpIOp::create(b, loc, p, x, y);
  }
  Value cmpf(arith::CmpFPredicate p, Value x, Value y) const {
    return arith::CmpFOp::create(b, loc, p, x, y);
  }
  Value orI(Value x, Value y) const {
    return arith::OrIOp::create(b, loc, x, y);
  }
  Value andI(Value x, Value y) const {
    return arith::AndIOp::create(b, loc, x, y);
  }

  /// A comparison with the predicate chosen by element kind.
  Value compare(arith::CmpFPredicate f, arith::CmpIPredicate s,
                arith::CmpIPredicate u, Value x, Value y) const {
    if (isFloat())
      return cmpf(f, x, y);
    return cmpi(isUnsigned() ? u : s, x, y);
  }

  template <typename FloatOp, typename IntOp>
  Value arith2(Value x, Value y) const {
    if (isFloat())
      return FloatOp::create(b, loc, x, y);
    return IntOp::create(b, loc, x, y);
  }

  /// Integer division guarded like numpy: x / 0 is 0; x / -1 is -x (no trap
  /// on INT_MIN / -1).
  Value intDivide(Value x, Value y) const {
    Value zero = constant(x, 0);
    Value isZero = cmpi(arith::CmpIPredicate::eq, y, zero);
    if (isUnsigned()) {
      Value safe = select(isZero, constant(y, 1), y);
      return select(isZero, zero, arith::DivUIOp::create(b, loc, x, safe));
    }
    Value isMinusOne = cmpi(arith::CmpIPredicate::eq, y, constant(y, -1));
    Value safe = select(orI(isZero, isMinusOne), constant(y, 1), y);
    Value quotient = arith::FloorDivSIOp::create(b, loc, x, safe);
    Value negated = arith::SubIOp::create(b, loc, zero, x);
    return select(isZero, zero, select(isMinusOne, negated, quotient));
  }

  /// Python's modulo (sign of the divisor); x % 0 is 0 like numpy.
  Value intModulo(Value x, Value y) const {
    Value zero = constant(x, 0);
    Value isZero = cmpi(arith::CmpIPredicate::eq, y, zero);
    if (isUnsigned()) {
      Value safe = select(isZero, constant(y, 1), y);
      return select(isZero, zero, arith::RemUIOp::create(b, loc, x, safe));
    }
    Value isMinusOne = cmpi(arith::CmpIPredicate::eq, y, constant(y, -1));
    Value unsafeDivisor = orI(isZero, isMinusOne);
    Value safe = select(unsafeDivisor, constant(y, 1), y);
    Value rem = arith::RemSIOp::create(b, loc, x, safe);
    Value signsDiffer = arith::XOrIOp::create(
        b, loc, cmpi(arith::CmpIPredicate::slt, rem, zero),
        cmpi(arith::CmpIPredicate::slt, y, zero));
    Value adjust = andI(cmpi(arith::CmpIPredicate::ne, rem, zero), signsDiffer);
    Value adjusted = select(adjust, arith::AddIOp::create(b, loc, rem, y), rem);
    return select(unsafeDivisor, zero, adjusted);
  }

  /// A zero with the sign bit of `y` (copysign(0, y), built from the sign
  /// bit: convert-math-to-libm rejects math.copysign in this LLVM).
  Value signedZeroLike(Value y) const {
    auto floatType = cast<FloatType>(y.getType());
    Type bits = b.getIntegerType(floatType.getWidth());
    Value asInt = arith::BitcastOp::create(b, loc, bits, y);
    Value negative = cmpi(arith::CmpIPredicate::slt, asInt, constant(asInt, 0));
    return select(negative, constant(y, -0.0), constant(y, 0.0));
  }

  /// numpy's float modulo: fmod, moved to the divisor's sign.
  Value floatModulo(Value x, Value y) const {
    Value zero = constant(x, 0);
    Value rem = arith::RemFOp::create(b, loc, x, y);
    Value signsDiffer = arith::XOrIOp::create(
        b, loc, cmpf(arith::CmpFPredicate::OLT, rem, zero),
        cmpf(arith::CmpFPredicate::OLT, y, zero));
    Value nonzero = cmpf(arith::CmpFPredicate::UNE, rem, zero);
    Value shifted =
        select(signsDiffer, arith::AddFOp::create(b, loc, rem, y), rem);
    return select(nonzero, shifted, signedZeroLike(y));
  }

  /// numpy's float floor division (npy_divmod): (x - fmod(x, y)) / y,
  /// corrected, so that x == y * (x // y) + x % y as closely as possible.
  Value floatFloorDivide(Value x, Value y) const {
    Value zero = constant(x, 0);
    Value mod = arith::RemFOp::create(b, loc, x, y);
    Value div =
        arith::DivFOp::create(b, loc, arith::SubFOp::create(b, loc, x, mod), y);
    Value signsDiffer = arith::XOrIOp::create(
        b, loc, cmpf(arith::CmpFPredicate::OLT, mod, zero),
        cmpf(arith::CmpFPredicate::OLT, y, zero));
    Value correct =
        andI(cmpf(arith::CmpFPredicate::UNE, mod, zero), signsDiffer);
    div = select(correct, arith::SubFOp::create(b, loc, div, constant(x, 1)),
                 div);
    Value floorDiv = math::FloorOp::create(b, loc, div);
    Value roundUp =
        cmpf(arith::CmpFPredicate::OGT,
             arith::SubFOp::create(b, loc, div, floorDiv), constant(x, 0.5));
    floorDiv =
        select(roundUp, arith::AddFOp::create(b, loc, floorDiv, constant(x, 1)),
               floorDiv);
    Value quotient = arith::DivFOp::create(b, loc, x, y);
    Value divIsZero = cmpf(arith::CmpFPredicate::OEQ, div, zero);
    Value result = select(divIsZero, signedZeroLike(quotient), floorDiv);
    // y == 0: x / y (inf or NaN), as numpy.
    Value yIsZero = cmpf(arith::CmpFPredicate::OEQ, y, zero);
    return select(yIsZero, quotient, result);
  }
};
} // namespace

#define SCALAR(OpTy)                                                           \
  static Value emitScalar(OpTy, const Scalar &s, ValueRange a)

SCALAR(AddOp) { return s.arith2<arith::AddFOp, arith::AddIOp>(a[0], a[1]); }
SCALAR(SubOp) { return s.arith2<arith::SubFOp, arith::SubIOp>(a[0], a[1]); }
SCALAR(MulOp) { return s.arith2<arith::MulFOp, arith::MulIOp>(a[0], a[1]); }
SCALAR(TrueDivOp) { return arith::DivFOp::create(s.b, s.loc, a[0], a[1]); }
SCALAR(IntDivOp) {
  return s.isFloat() ? s.floatFloorDivide(a[0], a[1]) : s.intDivide(a[0], a[1]);
}
SCALAR(ModOp) {
  return s.isFloat() ? s.floatModulo(a[0], a[1]) : s.intModulo(a[0], a[1]);
}
SCALAR(PowOp) {
  if (s.isFloat())
    return math::PowFOp::create(s.b, s.loc, a[0], a[1]);
  return math::IPowIOp::create(s.b, s.loc, a[0], a[1]);
}
SCALAR(MaximumOp) {
  if (s.isFloat())
    return arith::MaximumFOp::create(s.b, s.loc, a[0], a[1]);
  if (s.isUnsigned())
    return arith::MaxUIOp::create(s.b, s.loc, a[0], a[1]);
  return arith::MaxSIOp::create(s.b, s.loc, a[0], a[1]);
}
SCALAR(MinimumOp) {
  if (s.isFloat())
    return arith::MinimumFOp::create(s.b, s.loc, a[0], a[1]);
  if (s.isUnsigned())
    return arith::MinUIOp::create(s.b, s.loc, a[0], a[1]);
  return arith::MinSIOp::create(s.b, s.loc, a[0], a[1]);
}
SCALAR(EqOp) {
  return s.compare(arith::CmpFPredicate::OEQ, arith::CmpIPredicate::eq,
                   arith::CmpIPredicate::eq, a[0], a[1]);
}
SCALAR(NeqOp) {
  return s.compare(arith::CmpFPredicate::UNE, arith::CmpIPredicate::ne,
                   arith::CmpIPredicate::ne, a[0], a[1]);
}
SCALAR(LtOp) {
  return s.compare(arith::CmpFPredicate::OLT, arith::CmpIPredicate::slt,
                   arith::CmpIPredicate::ult, a[0], a[1]);
}
SCALAR(LeOp) {
  return s.compare(arith::CmpFPredicate::OLE, arith::CmpIPredicate::sle,
                   arith::CmpIPredicate::ule, a[0], a[1]);
}
SCALAR(GtOp) {
  return s.compare(arith::CmpFPredicate::OGT, arith::CmpIPredicate::sgt,
                   arith::CmpIPredicate::ugt, a[0], a[1]);
}
SCALAR(GeOp) {
  return s.compare(arith::CmpFPredicate::OGE, arith::CmpIPredicate::sge,
                   arith::CmpIPredicate::uge, a[0], a[1]);
}
SCALAR(AndOp) { return s.andI(a[0], a[1]); }
SCALAR(OrOp) { return s.orI(a[0], a[1]); }
SCALAR(XorOp) { return arith::XOrIOp::create(s.b, s.loc, a[0], a[1]); }
SCALAR(SwitchOp) { return s.select(a[0], a[1], a[2]); }

SCALAR(NegOp) {
  if (s.isFloat())
    return arith::NegFOp::create(s.b, s.loc, a[0]);
  return arith::SubIOp::create(s.b, s.loc, s.constant(a[0], 0), a[0]);
}
SCALAR(AbsOp) {
  if (s.isFloat())
    return math::AbsFOp::create(s.b, s.loc, a[0]);
  if (s.isUnsigned())
    return a[0];
  // Not math.absi: convert-math-to-libm rejects it in this LLVM.
  Value zero = s.constant(a[0], 0);
  Value negative = s.cmpi(arith::CmpIPredicate::slt, a[0], zero);
  return s.select(negative, arith::SubIOp::create(s.b, s.loc, zero, a[0]),
                  a[0]);
}
SCALAR(SgnOp) {
  // -1, 0 or 1; a float NaN stays NaN and zeros keep their sign, as numpy.
  Value x = a[0], zero = s.constant(x, 0), one = s.constant(x, 1);
  Value positive =
      s.compare(arith::CmpFPredicate::OGT, arith::CmpIPredicate::sgt,
                arith::CmpIPredicate::ugt, x, zero);
  if (s.isUnsigned())
    return s.select(positive, one, zero);
  Value negative =
      s.compare(arith::CmpFPredicate::OLT, arith::CmpIPredicate::slt,
                arith::CmpIPredicate::ult, x, zero);
  Value otherwise = s.isFloat() ? x : zero;
  return s.select(positive, one,
                  s.select(negative, s.constant(x, -1), otherwise));
}
SCALAR(SqrOp) { return s.arith2<arith::MulFOp, arith::MulIOp>(a[0], a[0]); }
SCALAR(NotOp) {
  return arith::XOrIOp::create(s.b, s.loc, a[0], s.constant(a[0], -1));
}
SCALAR(ExpOp) { return math::ExpOp::create(s.b, s.loc, a[0]); }
SCALAR(LogOp) { return math::LogOp::create(s.b, s.loc, a[0]); }
SCALAR(Log1pOp) { return math::Log1pOp::create(s.b, s.loc, a[0]); }
SCALAR(Expm1Op) { return math::ExpM1Op::create(s.b, s.loc, a[0]); }
SCALAR(SqrtOp) { return math::SqrtOp::create(s.b, s.loc, a[0]); }
SCALAR(TanhOp) { return math::TanhOp::create(s.b, s.loc, a[0]); }
SCALAR(SinOp) { return math::SinOp::create(s.b, s.loc, a[0]); }
SCALAR(CosOp) { return math::CosOp::create(s.b, s.loc, a[0]); }
SCALAR(FloorOp) { return math::FloorOp::create(s.b, s.loc, a[0]); }
SCALAR(CeilOp) { return math::CeilOp::create(s.b, s.loc, a[0]); }
static Value emitScalar(RoundOp op, const Scalar &s, ValueRange a) {
  if (op.getHalfAwayFromZero())
    return math::RoundOp::create(s.b, s.loc, a[0]);
  return math::RoundEvenOp::create(s.b, s.loc, a[0]);
}
SCALAR(SigmoidOp) {
  // 1 / (1 + exp(-x)): exp overflows to inf for very negative x, giving 0.
  Value one = s.constant(a[0], 1);
  Value e =
      math::ExpOp::create(s.b, s.loc, arith::NegFOp::create(s.b, s.loc, a[0]));
  return arith::DivFOp::create(s.b, s.loc, one,
                               arith::AddFOp::create(s.b, s.loc, one, e));
}
SCALAR(SoftplusOp) {
  // max(x, 0) + log1p(exp(-|x|)): no overflow for large |x|.
  Value x = a[0];
  Value negAbs =
      arith::NegFOp::create(s.b, s.loc, math::AbsFOp::create(s.b, s.loc, x));
  Value tail = math::Log1pOp::create(s.b, s.loc,
                                     math::ExpOp::create(s.b, s.loc, negAbs));
  Value relu = arith::MaximumFOp::create(s.b, s.loc, x, s.constant(x, 0));
  return arith::AddFOp::create(s.b, s.loc, relu, tail);
}
SCALAR(ReluOp) {
  // alpha = 0: max(x, 0) (NaN stays NaN, -inf gives 0); else x > 0 ? x : a x.
  Value x = a[0], alpha = a[1], zero = s.constant(x, 0);
  Value leaky = s.select(s.cmpf(arith::CmpFPredicate::OGT, x, zero), x,
                         arith::MulFOp::create(s.b, s.loc, alpha, x));
  return s.select(s.cmpf(arith::CmpFPredicate::OEQ, alpha, zero),
                  arith::MaximumFOp::create(s.b, s.loc, x, zero), leaky);
}
SCALAR(ErfOp) { return math::ErfOp::create(s.b, s.loc, a[0]); }
SCALAR(ErfcOp) { return math::ErfcOp::create(s.b, s.loc, a[0]); }
SCALAR(IsNanOp) { return s.cmpf(arith::CmpFPredicate::UNO, a[0], a[0]); }
SCALAR(IsInfOp) {
  Value magnitude = math::AbsFOp::create(s.b, s.loc, a[0]);
  return s.cmpf(arith::CmpFPredicate::OEQ, magnitude,
                s.constant(a[0], std::numeric_limits<double>::infinity()));
}
SCALAR(InvOp) {
  return arith::DivFOp::create(s.b, s.loc, s.constant(a[0], 1), a[0]);
}
SCALAR(EluOp) {
  // x > 0 ? x : alpha * expm1(x) (NaN: alpha * NaN).
  Value x = a[0], alpha = a[1];
  Value negative = arith::MulFOp::create(s.b, s.loc, alpha,
                                         math::ExpM1Op::create(s.b, s.loc, x));
  return s.select(s.cmpf(arith::CmpFPredicate::OGT, x, s.constant(x, 0)), x,
                  negative);
}
SCALAR(SoftsignOp) {
  Value x = a[0];
  Value denominator = arith::AddFOp::create(
      s.b, s.loc, s.constant(x, 1), math::AbsFOp::create(s.b, s.loc, x));
  return arith::DivFOp::create(s.b, s.loc, x, denominator);
}
SCALAR(HardSigmoidOp) {
  // Theano's clip(x * 0.2 + 0.5, 0, 1), rounded as Theano rounds it: the
  // constants in x's type, no fused multiply-add; NaN stays NaN.
  Value x = a[0], zero = s.constant(x, 0), one = s.constant(x, 1);
  Value t = arith::AddFOp::create(
      s.b, s.loc, arith::MulFOp::create(s.b, s.loc, x, s.constant(x, 0.2)),
      s.constant(x, 0.5));
  return s.select(s.cmpf(arith::CmpFPredicate::OLT, t, zero), zero,
                  s.select(s.cmpf(arith::CmpFPredicate::OGT, t, one), one, t));
}
static Value emitScalar(CastOp op, const Scalar &s, ValueRange a) {
  return emitScalarCast(s.b, s.loc, a[0], s.element,
                        op.getType().getElementType());
}
#undef SCALAR

namespace {
template <typename OpTy>
struct ElementwiseLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = dyn_cast_if_present<RankedTensorType>(
        this->getTypeConverter()->convertType(op.getType()));
    if (!resultType)
      return rewriter.notifyMatchFailure(op, "unsupported result type");
    // The data operands' element type; for switch, the last operand's.
    Type element =
        getElementTypeOrSelf(op->getOperand(op->getNumOperands() - 1));
    Type resultElement = op.getType().getElementType();
    Value result = lowerBroadcast(
        rewriter, op.getLoc(), op, adaptor.getOperands(), resultType,
        [&](OpBuilder &b, Location loc, ValueRange stored) {
          SmallVector<Value> args;
          for (auto [value, operand] : llvm::zip(stored, op->getOperands()))
            args.push_back(
                loadScalar(b, loc, value, getElementTypeOrSelf(operand)));
          Value computed = emitScalar(op, Scalar{b, loc, element}, args);
          return storeScalar(b, loc, computed, resultElement);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};
} // namespace

template <typename OpTy>
static void addIfElementwise(const TypeConverter &converter,
                             RewritePatternSet &patterns) {
  if constexpr (OpTy::template hasTrait<ElementwiseOp>())
    patterns.add<ElementwiseLowering<OpTy>>(converter, patterns.getContext());
}

/// ElementwiseLowering<Op> for each op of the list that is elementwise.
template <typename... OpTys>
static void addElementwiseLowerings(const TypeConverter &converter,
                                    RewritePatternSet &patterns) {
  (addIfElementwise<OpTys>(converter, patterns), ...);
}

void mlir::theano::populateElementwisePatterns(const TypeConverter &converter,
                                               RewritePatternSet &patterns) {
  // Every Theano_Elementwise op of TheanoOps.td; one without a scalar body
  // (`emitScalar` above) does not compile.
  addElementwiseLowerings<
#define GET_OP_LIST
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.cpp.inc"
      >(converter, patterns);
}
