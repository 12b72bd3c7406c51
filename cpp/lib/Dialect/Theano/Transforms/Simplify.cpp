//===- Simplify.cpp - algebraic simplification of `theano` graphs ---------===//
//
// Theano's canonicalizing rewrites (local_mul_canonizer, local_pow_specialize,
// local_reshape_chain, ...) as MLIR patterns. A rewrite to an operand is made
// only where the operand already has the result's type, so no broadcasting
// is lost. What each pattern does to NaN, inf and integer overflow is said
// next to it.
//
//===----------------------------------------------------------------------===//
#include "theano_mlir/Dialect/Theano/Transforms/Passes.h"

#include "theano_mlir/Dialect/Theano/IR/TheanoBuilders.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include <limits>

namespace mlir::theano {
#define GEN_PASS_DEF_THEANOSIMPLIFY
#include "theano_mlir/Dialect/Theano/Transforms/Passes.h.inc"
} // namespace mlir::theano

using namespace mlir;
using namespace mlir::theano;

namespace {
/// The operand of a binary op other than `value`, if `value` is one of them.
template <typename OpTy> Value otherOperand(OpTy op, Value value) {
  if (op.getLhs() == value)
    return op.getRhs();
  if (op.getRhs() == value)
    return op.getLhs();
  return {};
}

/// x * y / x -> y. As Theano's mul canonicalizer: where x is 0 or inf the
/// quotient was NaN and is now y. The checks of computing x * y stay
/// (theano.keep_checks): sizes of x and y that disagree at run time, or bad
/// input to what computes x, are still an error, as in FAST_COMPILE.
struct CancelMulDiv : OpRewritePattern<TrueDivOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TrueDivOp op,
                                PatternRewriter &rewriter) const override {
    auto mul = op.getLhs().getDefiningOp<MulOp>();
    if (!mul)
      return failure();
    Value kept = otherOperand(mul, op.getRhs());
    if (!kept || kept.getType() != op.getType())
      return failure();
    rewriter.replaceOpWithNewOp<KeepChecksOp>(op, mul.getResult(), kept);
    return success();
  }
};

/// exp(log x) -> x where x >= 0, NaN elsewhere (as log gave): exact.
struct ExpOfLog : OpRewritePattern<ExpOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ExpOp op,
                                PatternRewriter &rewriter) const override {
    auto log = op.getOperand().getDefiningOp<LogOp>();
    if (!log)
      return failure();
    TheanoBuilder r{rewriter, op.getLoc()};
    Value x = log.getOperand();
    Value valid = GeOp::create(rewriter, op.getLoc(), x, r.constant(x, 0.0));
    rewriter.replaceOp(
        op, r.select(valid, x,
                     r.constant(x, std::numeric_limits<double>::quiet_NaN())));
    return success();
  }
};

/// log(exp x) -> x: exact where exp overflowed to inf or underflowed to 0.
struct LogOfExp : OpRewritePattern<LogOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LogOp op,
                                PatternRewriter &rewriter) const override {
    auto exp = op.getOperand().getDefiningOp<ExpOp>();
    if (!exp)
      return failure();
    rewriter.replaceOp(op, exp.getOperand());
    return success();
  }
};

/// x ** 2 -> sqr(x) (also for integers: the same wrapped product), and
/// x ** 0.5 -> sqrt(x) for floats (they differ at -inf: inf vs NaN, and -0).
struct SpecializePow : OpRewritePattern<PowOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(PowOp op,
                                PatternRewriter &rewriter) const override {
    Value x = op.getLhs();
    if (x.getType() != op.getType())
      return failure();
    if (isSplatConstant(op.getRhs(), 2.0)) {
      rewriter.replaceOpWithNewOp<SqrOp>(op, x);
      return success();
    }
    if (isa<FloatType>(op.getType().getElementType()) &&
        isSplatConstant(op.getRhs(), 0.5)) {
      rewriter.replaceOpWithNewOp<SqrtOp>(op, x);
      return success();
    }
    return failure();
  }
};

/// x / c -> x * (1 / c) for a float constant c whose inverse is exact (a
/// power of two), so every result, NaN and inf included, is unchanged.
struct DivideByConstant : OpRewritePattern<TrueDivOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TrueDivOp op,
                                PatternRewriter &rewriter) const override {
    SplatElementsAttr divisor;
    if (!matchPattern(op.getRhs(), m_Constant(&divisor)) ||
        !isa<FloatType>(divisor.getElementType()))
      return failure();
    APFloat inverse(0.0);
    if (!divisor.getSplatValue<APFloat>().getExactInverse(&inverse))
      return failure();
    Value constant = ConstantOp::create(
        rewriter, op.getLoc(),
        DenseElementsAttr::get(cast<ShapedType>(divisor.getType()), inverse));
    rewriter.replaceOpWithNewOp<MulOp>(op, op.getLhs(), constant);
    return success();
  }
};

/// Whether `value` is a constant splat of a finite float.
bool isFiniteSplatConstant(Value value) {
  SplatElementsAttr splat;
  return matchPattern(value, m_Constant(&splat)) &&
         isa<FloatType>(splat.getElementType()) &&
         splat.getSplatValue<APFloat>().isFinite();
}

/// sum(x * s) -> s * sum(x) for s broadcast from a scalar (every dimension
/// of size 1), when the sum adds in the product's element type. Integers
/// wrap alike; a float s must be a finite constant: inf or NaN times an
/// empty sum is NaN (numpy: 0), and inf * sum([0, 1]) is inf where
/// sum([0, 1] * inf) is NaN.
struct FactorScalarOutOfSum : OpRewritePattern<SumOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SumOp op,
                                PatternRewriter &rewriter) const override {
    auto mul = op.getInput().getDefiningOp<MulOp>();
    if (!mul || !mul->hasOneUse() ||
        mul.getType().getElementType() != op.getType().getElementType())
      return failure();
    for (auto [scalar, x] : {std::pair(mul.getLhs(), mul.getRhs()),
                             std::pair(mul.getRhs(), mul.getLhs())}) {
      auto scalarType = cast<RankedTensorType>(scalar.getType());
      if (x.getType() != mul.getType() ||
          llvm::any_of(scalarType.getShape(),
                       [](int64_t d) { return d != 1; }) ||
          (isa<FloatType>(scalarType.getElementType()) &&
           !isFiniteSplatConstant(scalar)))
        continue;
      TheanoBuilder r{rewriter, op.getLoc()};
      SmallVector<int64_t> kept;
      for (int64_t d = 0; d < scalarType.getRank(); ++d)
        if (!llvm::is_contained(op.getAxes(), d))
          kept.push_back(d);
      Value summed = SumOp::create(rewriter, op.getLoc(), op.getType(), x,
                                   op.getAxesAttr());
      rewriter.replaceOp(op, r.mul(summed, r.dimShuffle(scalar, kept)));
      return success();
    }
    return failure();
  }
};

/// a*x + a*y -> a*(x + y), and a*x - a*y -> a*(x - y): one product fewer.
/// Integers wrap alike; where the products were inf - inf the result is
/// NaN either way.
template <typename OpTy> struct ExtractCommonFactor : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    auto lhs = op.getLhs().template getDefiningOp<MulOp>();
    auto rhs = op.getRhs().template getDefiningOp<MulOp>();
    Type type = op.getType();
    if (!lhs || !rhs || lhs == rhs || !lhs->hasOneUse() || !rhs->hasOneUse() ||
        lhs.getType() != type || rhs.getType() != type ||
        cast<RankedTensorType>(type).getElementType().isInteger(1))
      return failure();
    for (Value factor : {lhs.getLhs(), lhs.getRhs()}) {
      Value y = otherOperand(rhs, factor);
      if (!y)
        continue;
      Value x = otherOperand(lhs, factor);
      SmallVector<Type> inner, outer;
      if (failed(inferBroadcastType(std::nullopt, {x.getType(), y.getType()},
                                    Type(), inner)) ||
          failed(inferBroadcastType(std::nullopt, {factor.getType(), inner[0]},
                                    Type(), outer)) ||
          outer[0] != type)
        continue;
      Value combined = OpTy::create(rewriter, op.getLoc(), x, y);
      rewriter.replaceOpWithNewOp<MulOp>(op, factor, combined);
      return success();
    }
    return failure();
  }
};

/// dimshuffle(dimshuffle(x)) -> one dimshuffle.
struct ComposeDimShuffles : OpRewritePattern<DimShuffleOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DimShuffleOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<DimShuffleOp>();
    if (!inner)
      return failure();
    SmallVector<int64_t> order;
    for (int64_t entry : op.getNewOrder())
      order.push_back(entry < 0 ? -1 : inner.getNewOrder()[entry]);
    rewriter.replaceOpWithNewOp<DimShuffleOp>(
        op, op.getType(), inner.getInput(),
        rewriter.getDenseI64ArrayAttr(order));
    return success();
  }
};

/// reshape(reshape(x, s1), s2) -> reshape(x, s2).
struct ComposeReshapes : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<ReshapeOp>();
    if (!inner)
      return failure();
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, op.getType(), inner.getInput(),
                                           op.getShape());
    return success();
  }
};

/// Whether every value of element type `from` converts to `to` exactly.
bool isExactConversion(Type from, Type to) {
  if (isa<ComplexType>(from) || isa<ComplexType>(to))
    return false; // complex casts are not simplified
  if (from.isInteger(1))
    return true;
  bool fromFloat = isa<FloatType>(from), toFloat = isa<FloatType>(to);
  unsigned fromWidth = from.getIntOrFloatBitWidth();
  if (fromFloat)
    return toFloat &&
           APFloat::isRepresentableBy(cast<FloatType>(from).getFloatSemantics(),
                                      cast<FloatType>(to).getFloatSemantics());
  if (toFloat) // every integer of the width fits the mantissa
    return static_cast<unsigned>(cast<FloatType>(to).getFPMantissaWidth()) >=
           fromWidth;
  if (to.isInteger(1))
    return false;
  bool fromUnsigned = from.isUnsignedInteger(),
       toUnsigned = to.isUnsignedInteger();
  unsigned toWidth = to.getIntOrFloatBitWidth();
  if (fromUnsigned == toUnsigned)
    return toWidth >= fromWidth;
  return fromUnsigned && toWidth > fromWidth; // unsigned into a wider signed
}

/// cast(cast(x, T1), T2) -> cast(x, T2) where x -> T1 loses nothing.
struct ComposeCasts : OpRewritePattern<CastOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(CastOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<CastOp>();
    if (!inner ||
        !isExactConversion(inner.getInput().getType().getElementType(),
                           inner.getType().getElementType()))
      return failure();
    rewriter.replaceOpWithNewOp<CastOp>(op, op.getType(), inner.getInput());
    return success();
  }
};

struct TheanoSimplifyPass
    : theano::impl::TheanoSimplifyBase<TheanoSimplifyPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<CancelMulDiv, ExpOfLog, LogOfExp, SpecializePow,
                 DivideByConstant, FactorScalarOutOfSum,
                 ExtractCommonFactor<AddOp>, ExtractCommonFactor<SubOp>,
                 ComposeDimShuffles, ComposeReshapes, ComposeCasts>(
        &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
