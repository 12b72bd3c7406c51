//===- FuseElementwise.cpp - elementwise chains as one loop nest ----------===//
//
// Upstream's producer-consumer fusion of linalg.generic ops, with a cost
// rule of our own: upstream fuses only producers used once, which leaves
// x - max(x) of a softmax as a temporary read by both its reduction and its
// output loop. A cheap producer is recomputed in each consumer instead.
//
//===----------------------------------------------------------------------===//
#include "theano_mlir/Transforms/CPU/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::theano::cpu {
#define GEN_PASS_DEF_THEANOFUSEELEMENTWISE
#include "theano_mlir/Transforms/CPU/Passes.h.inc"
} // namespace mlir::theano::cpu

using namespace mlir;

namespace {
/// At most this many scalar ops make a body cheap enough to recompute.
constexpr int64_t kCheapBodySize = 6;

/// Whether computing `producer`'s body again costs about as much as a load
/// of its result: a few adds, multiplies, compares or selects, no `math`
/// function and no division.
bool isCheap(linalg::GenericOp producer) {
  Block &body = producer.getRegion().front();
  if (static_cast<int64_t>(body.getOperations().size()) > kCheapBodySize + 1)
    return false;
  for (Operation &op : body.without_terminator()) {
    if (op.getDialect() !=
            producer->getContext()->getLoadedDialect<arith::ArithDialect>() ||
        isa<arith::DivFOp, arith::DivSIOp, arith::DivUIOp, arith::RemFOp,
            arith::RemSIOp, arith::RemUIOp, arith::CeilDivSIOp,
            arith::FloorDivSIOp>(op))
      return false;
  }
  return true;
}

/// Whether `producer`'s body reads the initial value of one of its results
/// (a reduction over no axes, `out + x`, is all-parallel yet does).
bool readsInit(linalg::GenericOp producer) {
  return llvm::any_of(producer.getDpsInitsMutable(), [&](OpOperand &init) {
    return producer.payloadUsesValueFromOperand(&init);
  });
}

/// Fuse a producer used once, unless the consumer broadcasts it (reads one
/// of its elements many times, so fusing would recompute an expensive body);
/// fuse a cheap producer always. Never fuse a producer that reads its init
/// into a consumer that broadcasts it: upstream's fusion keeps that init as
/// an output of the fused loop, which would then accumulate into one element
/// once per consumer iteration.
bool shouldFuse(OpOperand *fused) {
  auto producer = fused->get().getDefiningOp<linalg::GenericOp>();
  if (!producer)
    return false;
  auto consumer = cast<linalg::LinalgOp>(fused->getOwner());
  bool elementForElement =
      consumer.getMatchingIndexingMap(fused).isPermutation();
  if (!elementForElement && readsInit(producer))
    return false;
  if (isCheap(producer))
    return true;
  return producer->hasOneUse() && elementForElement;
}

struct TheanoFuseElementwisePass
    : theano::cpu::impl::TheanoFuseElementwiseBase<TheanoFuseElementwisePass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    linalg::populateElementwiseOpsFusionPatterns(patterns, shouldFuse);
    linalg::populateEraseUnusedOperandsAndResultsPatterns(patterns);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, context);
    if (failed(applyPatternsGreedily(
            getOperation(), std::move(patterns),
            GreedyRewriteConfig().setUseTopDownTraversal())))
      signalPassFailure();
  }
};
} // namespace
