//===- ScaleSmallerOperand.cpp - alpha on the cheaper matmul operand ------===//
//
// `theano.gemm` lowers `c + alpha * dot(a, b)` with alpha applied to `a`;
// its shapes are unknown then. For SGD's `w - lr * dot(x.T, delta)` with a
// 600x784 `x` and a 600x10 `delta`, that multiplies 470k elements where 6k
// would do. Once shapes are static, the scale moves to the smaller operand.
//
//===----------------------------------------------------------------------===//
#include "theano_mlir/Transforms/CPU/Passes.h"

#include "theano_mlir/Conversion/TheanoToLinalg/LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::theano::cpu {
#define GEN_PASS_DEF_THEANOSCALESMALLEROPERAND
#include "theano_mlir/Transforms/CPU/Passes.h.inc"
} // namespace mlir::theano::cpu

using namespace mlir;

namespace {
/// The scale of `value` when it is `x * scale` elementwise (a generic with
/// identity maps and a body `mulf(in, scale)`, scale defined outside, used
/// only once), with `x` in `source`.
Value scaleOf(Value value, Value &source) {
  auto generic = value.getDefiningOp<linalg::GenericOp>();
  if (!generic || !value.hasOneUse() || generic.getNumDpsInputs() != 1 ||
      generic.getNumResults() != 1 || !generic.hasPureTensorSemantics() ||
      !llvm::all_of(generic.getIndexingMapsArray(),
                    [](AffineMap map) { return map.isIdentity(); }))
    return {};
  Block &body = generic.getRegion().front();
  if (body.getOperations().size() != 2)
    return {};
  auto multiply = dyn_cast<arith::MulFOp>(body.front());
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  if (!multiply || yield.getValues().front() != multiply.getResult())
    return {};
  Value input = body.getArgument(0), scale;
  if (multiply.getLhs() == input)
    scale = multiply.getRhs();
  else if (multiply.getRhs() == input)
    scale = multiply.getLhs();
  if (!scale || scale.getParentRegion() == &generic.getRegion())
    return {};
  source = generic.getDpsInputs()[0];
  return scale;
}

int64_t elementCount(Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  return type.hasStaticShape() ? type.getNumElements() : -1;
}

/// matmul(x * s, b) -> matmul(x, b * s) when b has fewer elements (and the
/// same the other way round).
struct MoveScale : OpRewritePattern<linalg::MatmulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::MatmulOp matmul,
                                PatternRewriter &rewriter) const override {
    if (!matmul.hasPureTensorSemantics())
      return failure();
    for (int scaledIndex : {0, 1}) {
      OpOperand &scaledOperand = matmul->getOpOperand(scaledIndex);
      OpOperand &otherOperand = matmul->getOpOperand(1 - scaledIndex);
      Value source;
      Value scale = scaleOf(scaledOperand.get(), source);
      if (!scale)
        continue;
      int64_t scaledCount = elementCount(source);
      int64_t otherCount = elementCount(otherOperand.get());
      if (scaledCount < 0 || otherCount < 0 || otherCount >= scaledCount)
        continue;
      // The scale must be available where the other operand is.
      if (Operation *definer = scale.getDefiningOp())
        if (definer->getBlock() != matmul->getBlock() ||
            !definer->isBeforeInBlock(matmul))
          continue;
      Operation *oldScale = scaledOperand.get().getDefiningOp();
      rewriter.setInsertionPoint(matmul);
      Value moved =
          theano::scaled(rewriter, matmul.getLoc(), otherOperand.get(), scale);
      rewriter.modifyOpInPlace(matmul, [&] {
        scaledOperand.set(source);
        otherOperand.set(moved);
      });
      rewriter.eraseOp(oldScale);
      return success();
    }
    return failure();
  }
};

struct TheanoScaleSmallerOperandPass
    : theano::cpu::impl::TheanoScaleSmallerOperandBase<
          TheanoScaleSmallerOperandPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<MoveScale>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
