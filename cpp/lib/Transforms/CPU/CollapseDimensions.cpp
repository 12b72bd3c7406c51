//===- CollapseDimensions.cpp - fewer, longer loops
//------------------------===//
//
// A loop nest over a 600x10 tensor runs its inner loop ten times per row:
// too short for 16-lane vectors, so LLVM runs it scalar. Elementwise loop
// nests over contiguous tensors are one loop over all elements instead.
//
//===----------------------------------------------------------------------===//
#include "theano_mlir/Transforms/CPU/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::theano::cpu {
#define GEN_PASS_DEF_THEANOCOLLAPSEDIMENSIONS
#include "theano_mlir/Transforms/CPU/Passes.h.inc"
} // namespace mlir::theano::cpu

using namespace mlir;

namespace {
/// The longest runs of neighbouring loops of one iterator type that every
/// operand reads in order, so that one loop can stand for each run. A run
/// has at most one loop of dynamic size: a result's shape comes back from
/// the collapsed loop by an expand_shape, which (as a memref) can recover
/// only one dynamic size per group.
SmallVector<ReassociationIndices> collapsibleRuns(linalg::LinalgOp op) {
  auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
  if (!generic || !generic.hasPureTensorSemantics())
    return {};
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  // Upstream's collapsing asserts on maps with constants (a unit dimension
  // a dimshuffle inserted reads index 0).
  if (!llvm::all_of(maps,
                    [](AffineMap map) { return map.isProjectedPermutation(); }))
    return {};
  SmallVector<utils::IteratorType> iterators = generic.getIteratorTypesArray();
  SmallVector<int64_t> sizes = generic.getStaticLoopRanges();
  // Upstream rebuilds the results' shapes from the loop ranges: where a loop
  // is static in one operand (a broadcast size 1) and dynamic in another,
  // the expand_shape it makes contradicts its own type (verified, then
  // crashing the folder or expand-strided-metadata). Such nests stay as
  // they are.
  SmallVector<int> staticness(generic.getNumLoops(), 0); // 1 static, 2 dynamic
  for (OpOperand &operand : generic->getOpOperands()) {
    auto type = dyn_cast<ShapedType>(operand.get().getType());
    if (!type)
      continue;
    AffineMap map = generic.getMatchingIndexingMap(&operand);
    for (auto [position, expr] : llvm::enumerate(map.getResults())) {
      auto dim = dyn_cast<AffineDimExpr>(expr);
      if (!dim)
        continue;
      staticness[dim.getPosition()] |= type.isDynamicDim(position) ? 2 : 1;
    }
  }
  if (llvm::is_contained(staticness, 3))
    return {};
  auto dynamicCount = [&](const ReassociationIndices &dims) {
    return llvm::count_if(
        dims, [&](int64_t d) { return ShapedType::isDynamic(sizes[d]); });
  };
  SmallVector<ReassociationIndices> runs;
  ReassociationIndices run;
  auto close = [&] {
    if (run.size() > 1)
      runs.push_back(run);
    run.clear();
  };
  for (int64_t dim = 0, e = generic.getNumLoops(); dim < e; ++dim) {
    // A loop of static size 0 joins no run: its group's collapsed size would
    // fold to a static 0 beside a dynamic size, which memref.collapse_shape
    // rejects (and a loop over nothing gains nothing from collapsing).
    if (sizes[dim] == 0) {
      close();
      continue;
    }
    if (!run.empty()) {
      ReassociationIndices longer = run;
      longer.push_back(dim);
      if (iterators[dim] == iterators[run.front()] &&
          dynamicCount(longer) <= 1 &&
          linalg::areDimSequencesPreserved(maps, {longer})) {
        run = std::move(longer);
        continue;
      }
      close();
    }
    run.push_back(dim);
  }
  close();
  return runs;
}

struct TheanoCollapseDimensionsPass
    : theano::cpu::impl::TheanoCollapseDimensionsBase<
          TheanoCollapseDimensionsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    linalg::populateCollapseDimensions(patterns, collapsibleRuns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
