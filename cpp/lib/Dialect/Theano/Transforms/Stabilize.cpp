//===- Stabilize.cpp - numerically stable forms of `theano` graphs --------===//
//
// Theano's stabilize rewrites: expressions that overflow, underflow or lose
// precision become the forms that do not (log1p, expm1, softplus,
// log_softmax, a max-shifted log-sum-exp). They run before `theano-autodiff`,
// so gradients are taken of the stable forms.
//
//===----------------------------------------------------------------------===//
#include "theano_mlir/Dialect/Theano/Transforms/Passes.h"

#include "theano_mlir/Dialect/Theano/IR/TheanoBuilders.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::theano {
#define GEN_PASS_DEF_THEANOSTABILIZE
#include "theano_mlir/Dialect/Theano/Transforms/Passes.h.inc"
} // namespace mlir::theano

using namespace mlir;
using namespace mlir::theano;

namespace {
/// The x of `1 + x` (either order) or of `1 - x`, if it has the result's
/// type.
template <typename OpTy> Value besideOne(Value value, bool eitherOrder) {
  auto op = value.getDefiningOp<OpTy>();
  if (!op)
    return {};
  Value x;
  if (isSplatConstant(op.getLhs(), 1.0))
    x = op.getRhs();
  else if (eitherOrder && isSplatConstant(op.getRhs(), 1.0))
    x = op.getLhs();
  return x && x.getType() == op.getType() ? x : Value();
}

/// log(1 + x) -> log1p(x); log(1 - x) -> log1p(-x).
struct LogOfOnePlus : OpRewritePattern<LogOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LogOp op,
                                PatternRewriter &rewriter) const override {
    if (Value x = besideOne<AddOp>(op.getOperand(), /*eitherOrder=*/true)) {
      rewriter.replaceOpWithNewOp<Log1pOp>(op, x);
      return success();
    }
    if (Value x = besideOne<SubOp>(op.getOperand(), /*eitherOrder=*/false)) {
      Value negated = NegOp::create(rewriter, op.getLoc(), x);
      rewriter.replaceOpWithNewOp<Log1pOp>(op, negated);
      return success();
    }
    return failure();
  }
};

/// exp(x) - 1 -> expm1(x).
struct ExpMinusOne : OpRewritePattern<SubOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SubOp op,
                                PatternRewriter &rewriter) const override {
    auto exp = op.getLhs().getDefiningOp<ExpOp>();
    if (!exp || exp.getType() != op.getType() ||
        !isSplatConstant(op.getRhs(), 1.0))
      return failure();
    rewriter.replaceOpWithNewOp<Expm1Op>(op, exp.getOperand());
    return success();
  }
};

/// log1p(exp x) -> softplus(x) (Theano's log1pexp_to_softplus): finite
/// where exp overflows. With log(1 + x) -> log1p(x), log(1 + exp x) too.
struct Log1pOfExp : OpRewritePattern<Log1pOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(Log1pOp op,
                                PatternRewriter &rewriter) const override {
    auto exp = op.getOperand().getDefiningOp<ExpOp>();
    if (!exp)
      return failure();
    rewriter.replaceOpWithNewOp<SoftplusOp>(op, exp.getOperand());
    return success();
  }
};

/// log(sigmoid x) -> -softplus(-x); log(1 - sigmoid x) -> -softplus(x).
/// Before log(1 - x) -> log1p(-x) (a higher benefit).
struct LogOfSigmoid : OpRewritePattern<LogOp> {
  LogOfSigmoid(MLIRContext *context)
      : OpRewritePattern(context, /*benefit=*/2) {}
  LogicalResult matchAndRewrite(LogOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    if (auto sigmoid = op.getOperand().getDefiningOp<SigmoidOp>()) {
      Value negated = NegOp::create(rewriter, loc, sigmoid.getOperand());
      Value softplus = SoftplusOp::create(rewriter, loc, negated);
      rewriter.replaceOpWithNewOp<NegOp>(op, softplus);
      return success();
    }
    Value complement = besideOne<SubOp>(op.getOperand(), /*eitherOrder=*/false);
    auto sigmoid = complement ? complement.getDefiningOp<SigmoidOp>() : nullptr;
    if (!sigmoid)
      return failure();
    Value softplus = SoftplusOp::create(rewriter, loc, sigmoid.getOperand());
    rewriter.replaceOpWithNewOp<NegOp>(op, softplus);
    return success();
  }
};

/// log(softmax x) -> log_softmax(x), and through the per-row selection of
/// a categorical cross-entropy: log(take_per_row(softmax x, t)) ->
/// take_per_row(log_softmax x, t), whose gradient is finite too.
struct LogOfSoftmax : OpRewritePattern<LogOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LogOp op,
                                PatternRewriter &rewriter) const override {
    if (auto softmax = op.getOperand().getDefiningOp<SoftmaxOp>()) {
      rewriter.replaceOpWithNewOp<LogSoftmaxOp>(op, softmax.getInput());
      return success();
    }
    auto take = op.getOperand().getDefiningOp<TakePerRowOp>();
    auto softmax = take ? take.getInput().getDefiningOp<SoftmaxOp>() : nullptr;
    if (!softmax)
      return failure();
    Value logSoftmax =
        LogSoftmaxOp::create(rewriter, op.getLoc(), softmax.getInput());
    rewriter.replaceOpWithNewOp<TakePerRowOp>(op, op.getType(), logSoftmax,
                                              take.getIndices());
    return success();
  }
};

/// log(sum(exp x)) -> logsumexp(x), which shifts by the maximum. Not for a
/// sum into a wider type (sum(exp x, dtype='float64') of float32 x):
/// logsumexp keeps its input's element type. A float16 sum, which
/// accumulates in float32 and is cast back (Theano's accumulator),
/// log(cast(sum(exp x))) or log(cast(sum(cast(exp x)))), becomes
/// cast(logsumexp(cast(x))): computed in the accumulator's type, as the sum
/// was.
struct LogSumExp : OpRewritePattern<LogOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LogOp op,
                                PatternRewriter &rewriter) const override {
    auto narrowed = op.getOperand().getDefiningOp<CastOp>();
    Value total = narrowed ? narrowed.getInput() : op.getOperand();
    auto sum = total.getDefiningOp<SumOp>();
    if (!sum)
      return failure();
    // The accumulator's type may come from a cast of the terms (the
    // frontend's Sum casts them to its acc_dtype first).
    Value terms = sum.getInput();
    if (auto widened = terms.getDefiningOp<CastOp>())
      if (isa<FloatType>(widened.getInput().getType().getElementType()))
        terms = widened.getInput();
    auto exp = terms.getDefiningOp<ExpOp>();
    Type element = op.getType().getElementType();
    if (!exp || exp.getType().getElementType() != element)
      return failure();
    if (!narrowed) {
      if (sum.getType() != op.getType())
        return failure();
      rewriter.replaceOpWithNewOp<LogSumExpOp>(
          op, op.getType(), exp.getOperand(), sum.getAxesAttr());
      return success();
    }
    auto accumulator = dyn_cast<FloatType>(sum.getType().getElementType());
    if (!accumulator ||
        accumulator.getWidth() <= cast<FloatType>(element).getWidth())
      return failure();
    Location loc = op.getLoc();
    RankedTensorType input = exp.getOperand().getType();
    Value widened = CastOp::create(rewriter, loc, input.clone(accumulator),
                                   exp.getOperand());
    Value result = LogSumExpOp::create(rewriter, loc, sum.getType(), widened,
                                       sum.getAxesAttr());
    rewriter.replaceOpWithNewOp<CastOp>(op, op.getType(), result);
    return success();
  }
};

struct TheanoStabilizePass
    : theano::impl::TheanoStabilizeBase<TheanoStabilizePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<LogOfOnePlus, ExpMinusOne, Log1pOfExp, LogOfSigmoid,
                 LogOfSoftmax, LogSumExp>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
