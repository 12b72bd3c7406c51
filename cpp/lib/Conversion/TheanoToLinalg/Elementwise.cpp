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
#include "mlir/Dialect/Complex/IR/Complex.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"
#include <cmath>
#include <limits>
#include <type_traits>
#include <utility>

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

//===----------------------------------------------------------------------===//
// Special functions, computed in f64 without calls but to erf and erfc:
// log-gamma (Lanczos, g = 7, with the reflection formula below 1/2),
// digamma and trigamma (shifted past 10, then asymptotic series; reflection
// below 0), erfinv and erfcinv (Giles' approximation, then Newton steps on
// erf, or on log erfc in the tail), erfcx.
//===----------------------------------------------------------------------===//

namespace {
/// f64 arithmetic for the special functions' bodies.
struct F64 {
  OpBuilder &b;
  Location loc;

  Value c(double value) const {
    return arith::ConstantOp::create(b, loc, b.getF64FloatAttr(value));
  }
  Value add(Value x, Value y) const {
    return arith::AddFOp::create(b, loc, x, y);
  }
  Value sub(Value x, Value y) const {
    return arith::SubFOp::create(b, loc, x, y);
  }
  Value mul(Value x, Value y) const {
    return arith::MulFOp::create(b, loc, x, y);
  }
  Value div(Value x, Value y) const {
    return arith::DivFOp::create(b, loc, x, y);
  }
  Value neg(Value x) const { return arith::NegFOp::create(b, loc, x); }
  Value abs(Value x) const { return math::AbsFOp::create(b, loc, x); }
  Value log(Value x) const { return math::LogOp::create(b, loc, x); }
  Value exp(Value x) const { return math::ExpOp::create(b, loc, x); }
  Value sqrt(Value x) const { return math::SqrtOp::create(b, loc, x); }
  Value cmp(arith::CmpFPredicate p, Value x, Value y) const {
    return arith::CmpFOp::create(b, loc, p, x, y);
  }
  Value lt(Value x, double y) const {
    return cmp(arith::CmpFPredicate::OLT, x, c(y));
  }
  Value gt(Value x, double y) const {
    return cmp(arith::CmpFPredicate::OGT, x, c(y));
  }
  Value eq(Value x, double y) const {
    return cmp(arith::CmpFPredicate::OEQ, x, c(y));
  }
  Value select(Value cond, Value x, Value y) const {
    return arith::SelectOp::create(b, loc, cond, x, y);
  }
  Value orI(Value x, Value y) const {
    return arith::OrIOp::create(b, loc, x, y);
  }
  Value andI(Value x, Value y) const {
    return arith::AndIOp::create(b, loc, x, y);
  }
  /// coefficients[0] * w^(n-1) + ... + coefficients[n-1] (Horner).
  Value horner(ArrayRef<double> coefficients, Value w) const {
    Value p = c(coefficients.front());
    for (double k : coefficients.drop_front())
      p = add(c(k), mul(p, w));
    return p;
  }
  /// x minus its nearest integer: sin(pi x) and tan(pi x) reduced exactly.
  Value fractionalPart(Value x) const {
    return sub(x, math::RoundEvenOp::create(b, loc, x));
  }
  Value inf() const { return c(std::numeric_limits<double>::infinity()); }
  Value nan() const { return c(std::numeric_limits<double>::quiet_NaN()); }
};
} // namespace

/// log |gamma(x)| for x >= 1/2 (Lanczos' approximation, g = 7, n = 9).
static Value lanczosLogGamma(const F64 &f, Value x) {
  static constexpr double kP[] = {
      0.99999999999980993,  676.5203681218851,     -1259.1392167224028,
      771.32342877765313,   -176.61502916214059,   12.507343278686905,
      -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
  constexpr double kG = 7.0;
  Value sum = f.c(kP[0]);
  for (int i = 1; i < 9; ++i)
    sum = f.add(sum, f.div(f.c(kP[i]), f.add(x, f.c(i - 1))));
  Value t = f.add(x, f.c(kG - 0.5));
  // (x - 1/2) log t - t, written so that x = inf gives inf.
  Value power = f.mul(f.sub(x, f.c(0.5)), f.sub(f.log(t), f.c(1.0)));
  return f.add(f.add(f.c(0.91893853320467274178), f.sub(power, f.c(kG))),
               f.log(sum));
}

static Value logGamma(const F64 &f, Value x) {
  Value reflect = f.lt(x, 0.5);
  Value positive = lanczosLogGamma(f, f.select(reflect, f.sub(f.c(1), x), x));
  // log(pi / |sin(pi x)|) - lgamma(1 - x); -log|x| where sin(pi x) ~ pi x.
  Value r = f.fractionalPart(x);
  Value absR = f.abs(r);
  Value sine = f.abs(math::SinOp::create(f.b, f.loc, f.mul(f.c(M_PI), r)));
  Value logTerm = f.select(f.lt(absR, 1e-8), f.neg(f.log(absR)),
                           f.sub(f.c(1.1447298858494002), f.log(sine)));
  Value result = f.select(reflect, f.sub(logTerm, positive), positive);
  Value exactZero = f.orI(f.eq(x, 1.0), f.eq(x, 2.0));
  result = f.select(exactZero, f.c(0.0), result);
  return f.select(f.eq(f.abs(x), std::numeric_limits<double>::infinity()),
                  f.inf(), result);
}

/// sum_{k<10} term(x + k), and x + 10, where x < 10: the shift of the
/// recurrences of digamma and trigamma to where their series converge.
template <typename Term>
static std::pair<Value, Value> shiftPastTen(const F64 &f, Value x, Term term) {
  Value small = f.lt(x, 10.0);
  Value acc = f.c(0.0);
  for (int k = 0; k < 10; ++k)
    acc = f.add(acc, term(f.add(x, f.c(k))));
  return {f.select(small, acc, f.c(0.0)),
          f.select(small, f.add(x, f.c(10.0)), x)};
}

static Value digamma(const F64 &f, Value x) {
  Value negative = f.lt(x, 0.0);
  Value xp = f.select(negative, f.sub(f.c(1.0), x), x);
  auto [acc, y] =
      shiftPastTen(f, xp, [&](Value v) { return f.div(f.c(1.0), v); });
  // log y - 1/(2y) - sum B_2k / (2k y^2k)
  Value z = f.div(f.c(1.0), f.mul(y, y));
  Value series = f.c(1.0 / 12);
  for (double k :
       {691.0 / 32760, 1.0 / 132, 1.0 / 240, 1.0 / 252, 1.0 / 120, 1.0 / 12})
    series = f.sub(f.c(k), f.mul(z, series));
  Value positive =
      f.sub(f.sub(f.sub(f.log(y), f.div(f.c(0.5), y)), f.mul(z, series)), acc);
  // psi(x) = psi(1 - x) - pi / tan(pi x); poles at the negative integers.
  Value r = f.fractionalPart(x);
  Value tangent = math::TanOp::create(f.b, f.loc, f.mul(f.c(M_PI), r));
  Value reflected = f.sub(positive, f.div(f.c(M_PI), tangent));
  Value result = f.select(negative, reflected, positive);
  result = f.select(f.andI(negative, f.eq(r, 0.0)), f.nan(), result);
  // psi(+0) = -inf, psi(-0) = +inf (scipy).
  return f.select(f.eq(x, 0.0), f.neg(f.div(f.c(1.0), x)), result);
}

static Value trigamma(const F64 &f, Value x) {
  Value reflect = f.lt(x, 0.5);
  Value xp = f.select(reflect, f.sub(f.c(1.0), x), x);
  auto [acc, y] = shiftPastTen(
      f, xp, [&](Value v) { return f.div(f.c(1.0), f.mul(v, v)); });
  // 1/y + 1/(2y^2) + sum B_2k / y^(2k+1)
  Value z = f.div(f.c(1.0), f.mul(y, y));
  Value series = f.c(7.0 / 6);
  for (double k :
       {-691.0 / 2730, 5.0 / 66, -1.0 / 30, 1.0 / 42, -1.0 / 30, 1.0 / 6})
    series = f.add(f.c(k), f.mul(z, series));
  Value positive = f.add(f.add(f.add(f.div(f.c(1.0), y), f.mul(f.c(0.5), z)),
                               f.div(f.mul(z, series), y)),
                         acc);
  // psi'(x) = pi^2 / sin^2(pi x) - psi'(1 - x)
  Value r = f.fractionalPart(x);
  Value sine = math::SinOp::create(f.b, f.loc, f.mul(f.c(M_PI), r));
  Value reflected = f.sub(f.div(f.c(M_PI * M_PI), f.mul(sine, sine)), positive);
  return f.select(reflect, reflected, positive);
}

static Value gammaFunction(const F64 &f, Value x) {
  // sign(gamma(x)) * exp(lgamma(x)): negative on (-1, 0), (-3, -2), ...
  Value magnitude = f.exp(logGamma(f, x));
  Value floorX = math::FloorOp::create(f.b, f.loc, x);
  Value half = f.mul(floorX, f.c(0.5));
  Value odd = f.cmp(arith::CmpFPredicate::ONE,
                    math::FloorOp::create(f.b, f.loc, half), half);
  Value negative = f.andI(f.lt(x, 0.0), odd);
  Value result = f.select(negative, f.neg(magnitude), magnitude);
  // Poles: the negative integers (NaN), 0 (inf with the sign of 0).
  Value pole =
      f.andI(f.lt(x, 0.0), f.cmp(arith::CmpFPredicate::OEQ, floorX, x));
  result = f.select(pole, f.nan(), result);
  result = f.select(f.eq(x, 0.0), f.div(f.c(1.0), x), result);
  return f.select(f.eq(x, -std::numeric_limits<double>::infinity()), f.nan(),
                  result);
}

/// The x >= 0 with erf(x) = a and erfc(x) = q, given both (a + q = 1).
static Value inverseErf(const F64 &f, Value a, Value q) {
  // Giles' single-precision approximation, and x^2 ~ L - log(sqrt(pi L))
  // (L = -log q) in the far tail, refined by three Newton steps.
  static constexpr double kCentral[] = {
      2.81022636e-08,  3.43273939e-07, -3.5233877e-06,
      -4.39150654e-06, 0.00021858087,  -0.00125372503,
      -0.00417768164,  0.246640727,    1.50140941};
  static constexpr double kTail[] = {
      -0.000200214257, 0.000100950558, 0.00134934322,
      -0.00367342844,  0.00573950773,  -0.0076224613,
      0.00943887047,   1.00167406,     2.83297682};
  Value logQ = f.log(q);
  Value w = f.neg(f.add(logQ, math::Log1pOp::create(f.b, f.loc, a)));
  Value central = f.mul(f.horner(kCentral, f.sub(w, f.c(2.5))), a);
  Value tail = f.mul(f.horner(kTail, f.sub(f.sqrt(w), f.c(3.0))), a);
  Value l = f.neg(logQ);
  Value far = f.sqrt(f.sub(l, f.mul(f.c(0.5), f.log(f.mul(f.c(M_PI), l)))));
  Value x = f.select(f.lt(w, 5.0), central, f.select(f.lt(w, 25.0), tail, far));
  Value inTail = f.gt(a, 0.5);
  for (int step = 0; step < 3; ++step) {
    Value density = f.mul(f.c(1.1283791670955126), f.exp(f.neg(f.mul(x, x))));
    Value erfcX = math::ErfcOp::create(f.b, f.loc, x);
    Value tailStep = f.div(f.mul(f.sub(f.log(erfcX), logQ), erfcX), density);
    Value centralStep =
        f.div(f.sub(math::ErfOp::create(f.b, f.loc, x), a), density);
    x = f.add(x, f.select(inTail, tailStep, f.neg(centralStep)));
  }
  return x;
}

static Value erfInverse(const F64 &f, Value y) {
  Value a = f.abs(y);
  Value x = inverseErf(f, a, f.sub(f.c(1.0), a));
  x = f.select(f.eq(a, 1.0), f.inf(), f.select(f.gt(a, 1.0), f.nan(), x));
  // x with y's sign bit (not math.copysign: convert-math-to-libm rejects it)
  Value bits = arith::BitcastOp::create(f.b, f.loc, f.b.getI64Type(), y);
  Value negative = arith::CmpIOp::create(
      f.b, f.loc, arith::CmpIPredicate::slt, bits,
      arith::ConstantOp::create(f.b, f.loc, f.b.getI64IntegerAttr(0)));
  return f.select(negative, f.neg(x), x);
}

static Value erfcInverse(const F64 &f, Value z) {
  Value lower = f.cmp(arith::CmpFPredicate::OLE, z, f.c(1.0));
  Value q = f.select(lower, z, f.sub(f.c(2.0), z));
  Value a = f.select(lower, f.sub(f.c(1.0), z), f.sub(z, f.c(1.0)));
  Value x = inverseErf(f, a, q);
  x = f.select(f.eq(q, 0.0), f.inf(), x);
  x = f.select(lower, x, f.neg(x));
  Value outside = f.orI(f.lt(z, 0.0), f.gt(z, 2.0));
  return f.select(outside, f.nan(), x);
}

static Value scaledErfc(const F64 &f, Value x) {
  // exp(x^2) erfc(x), x^2 split into hi + lo exactly; past 26 (where erfc
  // underflows) the asymptotic series 1/(x sqrt(pi)) sum (-1)^k (2k-1)!!
  // / (2x^2)^k.
  Value hi = f.mul(x, x);
  Value lo = math::FmaOp::create(f.b, f.loc, x, x, f.neg(hi));
  Value scale = f.mul(f.exp(hi), f.add(f.c(1.0), lo));
  Value direct = f.mul(scale, math::ErfcOp::create(f.b, f.loc, x));
  Value v = f.div(f.c(1.0), f.mul(f.c(2.0), hi));
  Value series = f.c(1.0);
  for (int k = 7; k >= 1; --k)
    series = f.sub(f.c(1.0), f.mul(f.mul(f.c(2 * k - 1), v), series));
  Value asymptotic = f.div(series, f.mul(x, f.c(1.7724538509055160273)));
  return f.select(f.lt(x, 26.0), direct, asymptotic);
}

/// sum_k sign^k (x/2)^(2k+v) / (k! gamma(k+v+1)) for x > 0 and v not a
/// negative integer: the power series of J_v (sign -1) and I_v (sign +1).
static Value besselSeries(const F64 &f, Value v, Value x, double sign) {
  Value vp1 = f.add(v, f.c(1.0));
  Value gammaSign =
      f.select(f.lt(gammaFunction(f, vp1), 0.0), f.c(-1.0), f.c(1.0));
  Value term = f.mul(gammaSign, f.exp(f.sub(f.mul(v, f.log(f.mul(x, f.c(0.5)))),
                                            logGamma(f, vp1))));
  Value q = f.mul(f.c(0.25 * sign), f.mul(x, x));
  Value sum = term;
  for (int k = 0; k < 60; ++k) {
    term = f.div(f.mul(term, q), f.mul(f.c(k + 1), f.add(v, f.c(k + 1))));
    sum = f.add(sum, term);
  }
  return sum;
}

/// Hankel's asymptotic expansion of J_v (modified: of I_v) for large x > 0.
static Value besselAsymptotic(const F64 &f, Value v, Value x, bool modified) {
  Value mu = f.mul(f.c(4.0), f.mul(v, v));
  Value a = f.c(1.0);
  Value p = f.c(1.0), q = f.c(0.0);
  for (int k = 1; k < 30; ++k) {
    // a_k = a_{k-1} (4v^2 - (2k-1)^2) / (8 k x)
    a = f.div(f.mul(a, f.sub(mu, f.c((2.0 * k - 1) * (2.0 * k - 1)))),
              f.mul(f.c(8.0 * k), x));
    if (modified)
      p = (k % 2) ? f.sub(p, a) : f.add(p, a);
    else if (k % 2)
      q = (k % 4 == 1) ? f.add(q, a) : f.sub(q, a);
    else
      p = (k % 4 == 2) ? f.sub(p, a) : f.add(p, a);
  }
  if (modified)
    return f.div(f.mul(f.exp(x), p), f.sqrt(f.mul(f.c(2.0 * M_PI), x)));
  // sqrt(2 / (pi x)) (P cos(x - phase) - Q sin(x - phase)), the phase
  // (v / 2 + 1/4) pi taken apart from x
  Value phase = f.mul(f.add(f.mul(v, f.c(0.5)), f.c(0.25)), f.c(M_PI));
  Value cx = math::CosOp::create(f.b, f.loc, x);
  Value sx = math::SinOp::create(f.b, f.loc, x);
  Value cp = math::CosOp::create(f.b, f.loc, phase);
  Value sp = math::SinOp::create(f.b, f.loc, phase);
  Value cosine = f.add(f.mul(cx, cp), f.mul(sx, sp));
  Value sine = f.sub(f.mul(sx, cp), f.mul(cx, sp));
  return f.mul(f.sqrt(f.div(f.c(2.0 / M_PI), x)),
               f.sub(f.mul(p, cosine), f.mul(q, sine)));
}

/// J_v(x) or I_v(x) of real order v: the series below 14 (J) or 30 (I),
/// the asymptotic expansion above; integer orders of either sign and
/// negative x by symmetry (NaN for a non-integer order there).
static Value bessel(const F64 &f, Value v, Value x, bool modified) {
  Value integer = f.eq(f.fractionalPart(v), 0.0);
  Value odd =
      f.andI(integer, f.cmp(arith::CmpFPredicate::ONE,
                            f.fractionalPart(f.mul(v, f.c(0.5))), f.c(0.0)));
  Value order = f.select(integer, f.abs(v), v);
  Value ax = f.abs(x);
  Value series = besselSeries(f, order, ax, modified ? 1.0 : -1.0);
  Value asymptotic = besselAsymptotic(f, order, ax, modified);
  Value result = f.select(f.lt(ax, modified ? 30.0 : 14.0), series, asymptotic);
  // x = 0: 1 for order 0, 0 above, inf below; x = inf: 0 (J), inf (I)
  Value atZero = f.select(f.eq(order, 0.0), f.c(1.0),
                          f.select(f.gt(order, 0.0), f.c(0.0), f.inf()));
  result = f.select(f.eq(ax, 0.0), atZero, result);
  result = f.select(f.eq(ax, std::numeric_limits<double>::infinity()),
                    modified ? f.inf() : f.c(0.0), result);
  // J_{-n} = (-1)^n J_n, I_{-n} = I_n; f_n(-x) = (-1)^n f_n(x)
  Value negativeX = f.lt(x, 0.0);
  Value flip = f.andI(odd, negativeX);
  if (!modified)
    flip = arith::XOrIOp::create(f.b, f.loc, flip, f.andI(odd, f.lt(v, 0.0)));
  result = f.select(flip, f.neg(result), result);
  Value undefined =
      f.andI(negativeX,
             arith::XOrIOp::create(
                 f.b, f.loc, integer,
                 arith::ConstantOp::create(f.b, f.loc, f.b.getBoolAttr(true))));
  return f.select(undefined, f.nan(), result);
}

static Value besselJ0(const F64 &f, Value x) {
  return bessel(f, f.c(0.0), x, false);
}
static Value besselJ1(const F64 &f, Value x) {
  return bessel(f, f.c(1.0), x, false);
}
static Value besselI0(const F64 &f, Value x) {
  return bessel(f, f.c(0.0), x, true);
}
static Value besselI1(const F64 &f, Value x) {
  return bessel(f, f.c(1.0), x, true);
}
static Value besselJv(const F64 &f, Value v, Value x) {
  return bessel(f, v, x, false);
}
static Value besselIv(const F64 &f, Value v, Value x) {
  return bessel(f, v, x, true);
}

/// The chi-squared survival function at x with k degrees of freedom:
/// Q(k/2, x/2), the regularized upper incomplete gamma function (1 - the
/// series of P below a + 1, Legendre's continued fraction by Lentz's method
/// above).
static Value chiSquaredSurvival(const F64 &f, Value x, Value k) {
  Value a = f.mul(k, f.c(0.5));
  Value y = f.mul(x, f.c(0.5));
  // y^a e^-y / gamma(a)
  Value prefix = f.exp(f.sub(f.sub(f.mul(a, f.log(y)), y), logGamma(f, a)));
  Value term = f.div(f.c(1.0), a), sum = term, ap = a;
  for (int n = 0; n < 200; ++n) {
    ap = f.add(ap, f.c(1.0));
    term = f.mul(term, f.div(y, ap));
    sum = f.add(sum, term);
  }
  Value lower = f.sub(f.c(1.0), f.mul(sum, prefix));
  constexpr double kTiny = 1e-300;
  Value bn = f.add(f.sub(y, a), f.c(1.0));
  Value c = f.c(1.0 / kTiny);
  Value d = f.div(f.c(1.0), bn);
  Value h = d;
  for (int i = 1; i < 100; ++i) {
    Value an = f.mul(f.c(-i), f.sub(f.c(i), a));
    bn = f.add(bn, f.c(2.0));
    d = f.add(f.mul(an, d), bn);
    d = f.select(f.lt(f.abs(d), kTiny), f.c(kTiny), d);
    c = f.add(bn, f.div(an, c));
    c = f.select(f.lt(f.abs(c), kTiny), f.c(kTiny), c);
    d = f.div(f.c(1.0), d);
    h = f.mul(h, f.mul(d, c));
  }
  Value upper = f.mul(prefix, h);
  Value result = f.select(f.lt(y, 0.0), f.c(1.0), upper);
  result = f.select(f.cmp(arith::CmpFPredicate::OLT, y, f.add(a, f.c(1.0))),
                    lower, result);
  result =
      f.select(f.cmp(arith::CmpFPredicate::OLE, y, f.c(0.0)), f.c(1.0), result);
  result = f.select(f.eq(y, std::numeric_limits<double>::infinity()), f.c(0.0),
                    result);
  return f.select(f.cmp(arith::CmpFPredicate::ULE, k, f.c(0.0)), f.nan(),
                  result);
}

/// `fn` applied in f64 to a float scalar, rounded back to its type.
static Value inF64(const Scalar &s, Value x, Value (*fn)(const F64 &, Value)) {
  Type type = x.getType();
  Type f64 = s.b.getF64Type();
  if (type != f64)
    x = arith::ExtFOp::create(s.b, s.loc, f64, x);
  Value result = fn(F64{s.b, s.loc}, x);
  if (type != f64)
    result = arith::TruncFOp::create(s.b, s.loc, type, result);
  return result;
}

/// `fn` applied in f64 to two float scalars of one type, rounded back.
static Value inF64(const Scalar &s, Value x, Value y,
                   Value (*fn)(const F64 &, Value, Value)) {
  Type type = x.getType();
  Type f64 = s.b.getF64Type();
  if (type != f64) {
    x = arith::ExtFOp::create(s.b, s.loc, f64, x);
    y = arith::ExtFOp::create(s.b, s.loc, f64, y);
  }
  Value result = fn(F64{s.b, s.loc}, x, y);
  if (type != f64)
    result = arith::TruncFOp::create(s.b, s.loc, type, result);
  return result;
}

//===----------------------------------------------------------------------===//
// Complex bodies: numpy's functions of complex numbers. The complex dialect
// has what C's <complex.h> calls cexp, clog, csqrt, ...; the inverse
// trigonometric and hyperbolic functions are Kahan's formulas ("Branch cuts
// for complex elementary functions"), which keep numpy's branch cuts and
// signed zeros and lose no precision near the real axis.
//===----------------------------------------------------------------------===//

namespace {
struct ComplexMath {
  OpBuilder &b;
  Location loc;

  Value re(Value z) const { return complex::ReOp::create(b, loc, z); }
  Value im(Value z) const { return complex::ImOp::create(b, loc, z); }
  Value make(Value re, Value im) const {
    return complex::CreateOp::create(b, loc, ComplexType::get(re.getType()), re,
                                     im);
  }
  Value constant(Value like, double value) const {
    return scalarConstant(b, loc, like.getType(), value);
  }
  Value add(Value x, Value y) const {
    return complex::AddOp::create(b, loc, x, y);
  }
  Value mul(Value x, Value y) const {
    return complex::MulOp::create(b, loc, x, y);
  }
  Value sqrt(Value z) const { return complex::SqrtOp::create(b, loc, z); }
  Value log(Value z) const { return complex::LogOp::create(b, loc, z); }
  Value exp(Value z) const { return complex::ExpOp::create(b, loc, z); }
  Value conj(Value z) const { return complex::ConjOp::create(b, loc, z); }
  /// Both parts of z times the real `factor`.
  Value scale(Value z, double factor) const {
    Value k = constant(re(z), factor);
    return make(fmul(re(z), k), fmul(im(z), k));
  }
  /// -i z and i z, exactly (no multiplication: signed zeros kept).
  Value timesMinusI(Value z) const { return make(im(z), fneg(re(z))); }
  Value timesI(Value z) const { return make(fneg(im(z)), re(z)); }
  /// c + z and c - z for a real c (the imaginary part is z's, or -z's).
  Value plusReal(double c, Value z) const {
    return make(fadd(constant(re(z), c), re(z)), im(z));
  }
  Value realMinus(double c, Value z) const {
    return make(fsub(constant(re(z), c), re(z)), fneg(im(z)));
  }

  Value fadd(Value x, Value y) const {
    return arith::AddFOp::create(b, loc, x, y);
  }
  Value fsub(Value x, Value y) const {
    return arith::SubFOp::create(b, loc, x, y);
  }
  Value fmul(Value x, Value y) const {
    return arith::MulFOp::create(b, loc, x, y);
  }
  Value fdiv(Value x, Value y) const {
    return arith::DivFOp::create(b, loc, x, y);
  }
  Value fneg(Value x) const { return arith::NegFOp::create(b, loc, x); }
  Value atan2(Value y, Value x) const {
    return math::Atan2Op::create(b, loc, y, x);
  }
  Value asinh(Value x) const { return math::AsinhOp::create(b, loc, x); }
  Value cmpf(arith::CmpFPredicate p, Value x, Value y) const {
    return arith::CmpFOp::create(b, loc, p, x, y);
  }
  Value select(Value c, Value t, Value f) const {
    return arith::SelectOp::create(b, loc, c, t, f);
  }
  Value isNan(Value z) const {
    return arith::OrIOp::create(b, loc,
                                cmpf(arith::CmpFPredicate::UNO, re(z), re(z)),
                                cmpf(arith::CmpFPredicate::UNO, im(z), im(z)));
  }

  /// numpy's order of complex numbers: by real part, then imaginary part.
  Value greater(Value x, Value y) const {
    Value reGreater = cmpf(arith::CmpFPredicate::OGT, re(x), re(y));
    Value reEqual = cmpf(arith::CmpFPredicate::OEQ, re(x), re(y));
    Value imGreater = cmpf(arith::CmpFPredicate::OGT, im(x), im(y));
    return arith::OrIOp::create(
        b, loc, reGreater, arith::AndIOp::create(b, loc, reEqual, imGreater));
  }
  /// numpy's maximum (`larger`) or minimum: a NaN operand wins.
  Value extremum(Value x, Value y, bool larger) const {
    Value pick = larger ? greater(x, y) : greater(y, x);
    Value choice = select(pick, x, y);
    return select(isNan(x), x, select(isNan(y), y, choice));
  }

  Value arcsin(Value z) const {
    Value s1 = sqrt(realMinus(1, z)), s2 = sqrt(plusReal(1, z));
    return make(atan2(re(z), re(mul(s1, s2))), asinh(im(mul(conj(s1), s2))));
  }
  Value arccos(Value z) const {
    Value s1 = sqrt(realMinus(1, z)), s2 = sqrt(plusReal(1, z));
    Value real = fmul(constant(re(z), 2), atan2(re(s1), re(s2)));
    return make(real, asinh(im(mul(conj(s2), s1))));
  }
  Value arccosh(Value z) const {
    Value s1 = sqrt(plusReal(-1, z)), s2 = sqrt(plusReal(1, z));
    Value imag = fmul(constant(re(z), 2), atan2(im(s1), re(s2)));
    return make(asinh(re(mul(conj(s1), s2))), imag);
  }
  Value arctanh(Value z) const {
    // 1/4 log1p(4x / ((1-x)^2 + y^2)) + i/2 atan2(2y, (1-x)(1+x) - y^2)
    Value x = re(z), y = im(z), one = constant(x, 1);
    Value oneMinusX = fsub(one, x);
    Value ySquared = fmul(y, y);
    Value ratio = fdiv(fmul(constant(x, 4), x),
                       fadd(fmul(oneMinusX, oneMinusX), ySquared));
    Value real = fmul(constant(x, 0.25), math::Log1pOp::create(b, loc, ratio));
    Value imag = fmul(constant(x, 0.5),
                      atan2(fmul(constant(y, 2), y),
                            fsub(fmul(oneMinusX, fadd(one, x)), ySquared)));
    return make(real, imag);
  }
};
} // namespace

#define COMPLEX(OpTy)                                                          \
  static Value emitComplex(OpTy, const ComplexMath &c, ValueRange a)

COMPLEX(AddOp) { return c.add(a[0], a[1]); }
COMPLEX(SubOp) { return complex::SubOp::create(c.b, c.loc, a[0], a[1]); }
COMPLEX(MulOp) { return c.mul(a[0], a[1]); }
COMPLEX(TrueDivOp) { return complex::DivOp::create(c.b, c.loc, a[0], a[1]); }
COMPLEX(PowOp) { return complex::PowOp::create(c.b, c.loc, a[0], a[1]); }
COMPLEX(NegOp) { return complex::NegOp::create(c.b, c.loc, a[0]); }
COMPLEX(SqrOp) { return c.mul(a[0], a[0]); }
COMPLEX(InvOp) {
  Value one = c.make(c.constant(c.re(a[0]), 1), c.constant(c.re(a[0]), 0));
  return complex::DivOp::create(c.b, c.loc, one, a[0]);
}
COMPLEX(ExpOp) { return c.exp(a[0]); }
COMPLEX(LogOp) { return c.log(a[0]); }
COMPLEX(Log1pOp) { return complex::Log1pOp::create(c.b, c.loc, a[0]); }
COMPLEX(Expm1Op) { return complex::Expm1Op::create(c.b, c.loc, a[0]); }
COMPLEX(SqrtOp) { return c.sqrt(a[0]); }
COMPLEX(TanhOp) { return complex::TanhOp::create(c.b, c.loc, a[0]); }
COMPLEX(SinOp) { return complex::SinOp::create(c.b, c.loc, a[0]); }
COMPLEX(CosOp) { return complex::CosOp::create(c.b, c.loc, a[0]); }
COMPLEX(TanOp) { return complex::TanOp::create(c.b, c.loc, a[0]); }
COMPLEX(SinhOp) {
  // sinh x cos y + i cosh x sin y
  Value x = c.re(a[0]), y = c.im(a[0]);
  return c.make(c.fmul(math::SinhOp::create(c.b, c.loc, x),
                       math::CosOp::create(c.b, c.loc, y)),
                c.fmul(math::CoshOp::create(c.b, c.loc, x),
                       math::SinOp::create(c.b, c.loc, y)));
}
COMPLEX(CoshOp) {
  // cosh x cos y + i sinh x sin y
  Value x = c.re(a[0]), y = c.im(a[0]);
  return c.make(c.fmul(math::CoshOp::create(c.b, c.loc, x),
                       math::CosOp::create(c.b, c.loc, y)),
                c.fmul(math::SinhOp::create(c.b, c.loc, x),
                       math::SinOp::create(c.b, c.loc, y)));
}
COMPLEX(ArcSinOp) { return c.arcsin(a[0]); }
COMPLEX(ArcCosOp) { return c.arccos(a[0]); }
COMPLEX(ArcTanOp) { return c.timesMinusI(c.arctanh(c.timesI(a[0]))); }
COMPLEX(ArcSinhOp) { return c.timesMinusI(c.arcsin(c.timesI(a[0]))); }
COMPLEX(ArcCoshOp) { return c.arccosh(a[0]); }
COMPLEX(ArcTanhOp) { return c.arctanh(a[0]); }
COMPLEX(Log2Op) { return c.scale(c.log(a[0]), 1.0 / M_LN2); }
COMPLEX(Log10Op) { return c.scale(c.log(a[0]), 1.0 / M_LN10); }
COMPLEX(Exp2Op) { return c.exp(c.scale(a[0], M_LN2)); }
COMPLEX(MaximumOp) { return c.extremum(a[0], a[1], /*larger=*/true); }
COMPLEX(MinimumOp) { return c.extremum(a[0], a[1], /*larger=*/false); }
COMPLEX(EqOp) { return complex::EqualOp::create(c.b, c.loc, a[0], a[1]); }
COMPLEX(NeqOp) { return complex::NotEqualOp::create(c.b, c.loc, a[0], a[1]); }
COMPLEX(SwitchOp) { return c.select(a[0], a[1], a[2]); }
COMPLEX(RealOp) { return c.re(a[0]); }
COMPLEX(ImagOp) { return c.im(a[0]); }
COMPLEX(AngleOp) { return complex::AngleOp::create(c.b, c.loc, a[0]); }
COMPLEX(ComplexAbsOp) { return complex::AbsOp::create(c.b, c.loc, a[0]); }
COMPLEX(ConjOp) { return c.conj(a[0]); }
static Value emitComplex(CastOp op, const ComplexMath &c, ValueRange a) {
  return emitScalarCast(c.b, c.loc, a[0], a[0].getType(),
                        op.getType().getElementType());
}
#undef COMPLEX

/// Whether `emitComplex` has a body for OpTy.
template <typename OpTy, typename = void>
struct HasComplexBody : std::false_type {};
template <typename OpTy>
struct HasComplexBody<
    OpTy, std::void_t<decltype(emitComplex(std::declval<OpTy>(),
                                           std::declval<const ComplexMath &>(),
                                           std::declval<ValueRange>()))>>
    : std::true_type {};

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
SCALAR(TanOp) { return math::TanOp::create(s.b, s.loc, a[0]); }
SCALAR(ArcSinOp) { return math::AsinOp::create(s.b, s.loc, a[0]); }
SCALAR(ArcCosOp) { return math::AcosOp::create(s.b, s.loc, a[0]); }
SCALAR(ArcTanOp) { return math::AtanOp::create(s.b, s.loc, a[0]); }
SCALAR(ArcTan2Op) { return math::Atan2Op::create(s.b, s.loc, a[0], a[1]); }
SCALAR(SinhOp) { return math::SinhOp::create(s.b, s.loc, a[0]); }
SCALAR(CoshOp) { return math::CoshOp::create(s.b, s.loc, a[0]); }
SCALAR(ArcSinhOp) { return math::AsinhOp::create(s.b, s.loc, a[0]); }
SCALAR(ArcCoshOp) { return math::AcoshOp::create(s.b, s.loc, a[0]); }
SCALAR(ArcTanhOp) { return math::AtanhOp::create(s.b, s.loc, a[0]); }
SCALAR(Log2Op) { return math::Log2Op::create(s.b, s.loc, a[0]); }
SCALAR(Log10Op) { return math::Log10Op::create(s.b, s.loc, a[0]); }
SCALAR(Exp2Op) { return math::Exp2Op::create(s.b, s.loc, a[0]); }
SCALAR(TruncOp) { return math::TruncOp::create(s.b, s.loc, a[0]); }
SCALAR(Deg2RadOp) {
  // numpy's x * (pi / 180), the constant in x's type.
  return arith::MulFOp::create(s.b, s.loc, a[0],
                               s.constant(a[0], M_PI / 180.0));
}
SCALAR(Rad2DegOp) {
  return arith::MulFOp::create(s.b, s.loc, a[0],
                               s.constant(a[0], 180.0 / M_PI));
}
SCALAR(GammaOp) { return inF64(s, a[0], gammaFunction); }
SCALAR(GammaLnOp) { return inF64(s, a[0], logGamma); }
SCALAR(PsiOp) { return inF64(s, a[0], digamma); }
SCALAR(TriGammaOp) { return inF64(s, a[0], trigamma); }
SCALAR(ErfInvOp) { return inF64(s, a[0], erfInverse); }
SCALAR(ErfcInvOp) { return inF64(s, a[0], erfcInverse); }
SCALAR(ErfcxOp) { return inF64(s, a[0], scaledErfc); }
SCALAR(J0Op) { return inF64(s, a[0], besselJ0); }
SCALAR(J1Op) { return inF64(s, a[0], besselJ1); }
SCALAR(I0Op) { return inF64(s, a[0], besselI0); }
SCALAR(I1Op) { return inF64(s, a[0], besselI1); }
SCALAR(JvOp) { return inF64(s, a[0], a[1], besselJv); }
SCALAR(IvOp) { return inF64(s, a[0], a[1], besselIv); }
SCALAR(Chi2SFOp) { return inF64(s, a[0], a[1], chiSquaredSurvival); }
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
SCALAR(ComplexOp) { return ComplexMath{s.b, s.loc}.make(a[0], a[1]); }
SCALAR(ComplexFromPolarOp) {
  // r cos(theta) + i r sin(theta)
  ComplexMath c{s.b, s.loc};
  return c.make(c.fmul(a[0], math::CosOp::create(s.b, s.loc, a[1])),
                c.fmul(a[0], math::SinOp::create(s.b, s.loc, a[1])));
}
static Value emitScalar(CastOp op, const Scalar &s, ValueRange a) {
  return emitScalarCast(s.b, s.loc, a[0], s.element,
                        op.getType().getElementType());
}
#undef SCALAR

/// Whether `emitScalar` has a body for OpTy (the parts of complex numbers
/// have only complex ones).
template <typename OpTy, typename = void>
struct HasScalarBody : std::false_type {};
template <typename OpTy>
struct HasScalarBody<OpTy,
                     std::void_t<decltype(emitScalar(
                         std::declval<OpTy>(), std::declval<const Scalar &>(),
                         std::declval<ValueRange>()))>> : std::true_type {};

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
    bool complexElement = isa<ComplexType>(element);
    if (complexElement ? !HasComplexBody<OpTy>::value
                       : !HasScalarBody<OpTy>::value)
      return rewriter.notifyMatchFailure(op, "no body for this element type");
    Value result = lowerBroadcast(
        rewriter, op.getLoc(), op, adaptor.getOperands(), resultType,
        [&](OpBuilder &b, Location loc, ValueRange stored) {
          SmallVector<Value> args;
          for (auto [value, operand] : llvm::zip(stored, op->getOperands()))
            args.push_back(
                loadScalar(b, loc, value, getElementTypeOrSelf(operand)));
          Value computed;
          if constexpr (HasComplexBody<OpTy>::value)
            if (complexElement)
              computed = emitComplex(op, ComplexMath{b, loc}, args);
          if constexpr (HasScalarBody<OpTy>::value)
            if (!computed)
              computed = emitScalar(op, Scalar{b, loc, element}, args);
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
