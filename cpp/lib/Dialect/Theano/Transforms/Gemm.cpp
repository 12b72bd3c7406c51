//===- Gemm.cpp - forming `theano.gemm` from products and their epilogues -===//
//
// Theano's gemm optimizer (local_gemm_to_gemv, InplaceBlasOpt) as patterns:
// a matrix `theano.dot` used once and then added to, subtracted from,
// negated or scaled by a scalar becomes `theano.gemm`, whose lowering starts
// the matmul's accumulator at beta * c instead of writing the product and
// reading it back. The patterns compose: W - lr * dot(x, y) is one gemm
// with c = W, alpha = -lr, beta = 1.
//
//===----------------------------------------------------------------------===//
#include "theano_mlir/Dialect/Theano/Transforms/Passes.h"

#include "theano_mlir/Dialect/Theano/IR/TheanoBuilders.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::theano {
#define GEN_PASS_DEF_THEANOGEMM
#include "theano_mlir/Dialect/Theano/Transforms/Passes.h.inc"
} // namespace mlir::theano

using namespace mlir;
using namespace mlir::theano;

namespace {
/// A product beta * c + alpha * dot(a, b) read off a `theano.dot` of float
/// matrices or a `theano.gemm`; `c` and `beta` are null when there is no c,
/// `alpha` is null for 1 (nothing is built until a pattern commits).
struct Product {
  Value c, a, b, alpha, beta;
};

/// `value` as a Product when it is a matrix product used only once (so
/// folding it into its user leaves no second copy of the product).
std::optional<Product> productOf(Value value) {
  if (!value.hasOneUse())
    return std::nullopt;
  if (auto gemm = value.getDefiningOp<GemmOp>())
    return Product{gemm.getC(), gemm.getA(), gemm.getB(), gemm.getAlpha(),
                   gemm.getBeta()};
  auto dot = value.getDefiningOp<DotOp>();
  if (!dot || dot.getLhs().getType().getRank() != 2 ||
      dot.getRhs().getType().getRank() != 2 ||
      !isa<FloatType>(dot.getType().getElementType()))
    return std::nullopt;
  return Product{{}, dot.getLhs(), dot.getRhs(), {}, {}};
}

/// Whether `product` keeps its shape in `result` (an elementwise op's
/// result): the other operand broadcasts to it, not it to the other.
bool fillsResult(Value product, Value result) {
  auto productType = cast<RankedTensorType>(product.getType());
  auto resultType = cast<RankedTensorType>(result.getType());
  for (int64_t d = 0; d < 2; ++d)
    if (productType.getDimSize(d) == 1 && resultType.getDimSize(d) != 1)
      return false;
  return true;
}

/// Whether every dimension of `value` is static 1 (a broadcast scalar).
bool isScalar(Value value) {
  return llvm::all_of(cast<RankedTensorType>(value.getType()).getShape(),
                      [](int64_t d) { return d == 1; });
}

/// A scalar (isScalar) as a 0-d tensor.
Value asScalar(TheanoBuilder &r, Value value) {
  if (cast<RankedTensorType>(value.getType()).getRank() == 0)
    return value;
  return r.dimShuffle(value, {});
}

/// The product's alpha times `factor` (a 0-d tensor).
Value scaledAlpha(TheanoBuilder &r, const Product &p, Value factor) {
  return p.alpha ? r.mul(p.alpha, factor) : factor;
}

/// -alpha, or -1 for the implicit 1.
Value negatedAlpha(TheanoBuilder &r, const Product &p, Type element) {
  return p.alpha ? r.neg(p.alpha) : splat(r.b, r.loc, element, 0, -1.0);
}

void replaceWithGemm(PatternRewriter &rewriter, Operation *op, Product p) {
  Type element = cast<RankedTensorType>(p.a.getType()).getElementType();
  if (!p.alpha)
    p.alpha = splat(rewriter, op->getLoc(), element, 0, 1.0);
  rewriter.replaceOpWithNewOp<GemmOp>(op, op->getResult(0).getType(), p.c, p.a,
                                      p.b, p.alpha, p.beta);
}

/// x + dot(a, b), dot(a, b) + x, x - dot(a, b), dot(a, b) - x: x becomes c.
/// A product that already has a c keeps it (adding x to it would be one
/// more elementwise op, no saving).
template <typename OpTy, bool isSub>
struct AddToProduct : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    if (op.getType().getRank() != 2)
      return failure();
    for (bool productOnLeft : {false, true}) {
      Value productValue = productOnLeft ? op.getLhs() : op.getRhs();
      Value other = productOnLeft ? op.getRhs() : op.getLhs();
      std::optional<Product> p = productOf(productValue);
      if (!p || p->c || !fillsResult(productValue, op.getResult()))
        continue;
      TheanoBuilder r{rewriter, op.getLoc()};
      Type element = op.getType().getElementType();
      p->c = other;
      p->beta = splat(rewriter, op.getLoc(), element, 0,
                      isSub && productOnLeft ? -1.0 : 1.0); // dot - x
      if (isSub && !productOnLeft)                          // x - dot
        p->alpha = negatedAlpha(r, *p, element);
      replaceWithGemm(rewriter, op, *p);
      return success();
    }
    return failure();
  }
};

/// s * product, product * s for a scalar s (every dimension static 1).
struct ScaleProduct : OpRewritePattern<MulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MulOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getType().getRank() != 2)
      return failure();
    for (bool productOnLeft : {false, true}) {
      Value productValue = productOnLeft ? op.getLhs() : op.getRhs();
      Value scale = productOnLeft ? op.getRhs() : op.getLhs();
      if (productValue.getType() != op.getType())
        continue;
      std::optional<Product> p = productOf(productValue);
      if (!p || !isScalar(scale))
        continue;
      TheanoBuilder r{rewriter, op.getLoc()};
      Value s = asScalar(r, scale);
      p->alpha = scaledAlpha(r, *p, s);
      if (p->beta)
        p->beta = r.mul(p->beta, s);
      replaceWithGemm(rewriter, op, *p);
      return success();
    }
    return failure();
  }
};

/// -product.
struct NegateProduct : OpRewritePattern<NegOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(NegOp op,
                                PatternRewriter &rewriter) const override {
    std::optional<Product> p = productOf(op.getOperand());
    if (!p)
      return failure();
    TheanoBuilder r{rewriter, op.getLoc()};
    p->alpha = negatedAlpha(r, *p, op.getType().getElementType());
    if (p->beta)
      p->beta = r.neg(p->beta);
    replaceWithGemm(rewriter, op, *p);
    return success();
  }
};

struct TheanoGemmPass : theano::impl::TheanoGemmBase<TheanoGemmPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<AddToProduct<AddOp, false>, AddToProduct<SubOp, true>,
                 ScaleProduct, NegateProduct>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
