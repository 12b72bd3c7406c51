//===- ExtractsToInputs.cpp - elementwise reads as generic inputs ---------===//
//
// inc_subtensor's value may broadcast along a dimension found to be 1 at
// run time, so its lowering reads the value by index (at 0 there). Once
// shapes are static the index is the loop's, and the read is an input
// again: a copy folds, loads vectorize.
//
//===----------------------------------------------------------------------===//
#include "theano_mlir/Transforms/CPU/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::theano::cpu {
#define GEN_PASS_DEF_THEANOEXTRACTSTOINPUTS
#include "theano_mlir/Transforms/CPU/Passes.h.inc"
} // namespace mlir::theano::cpu

using namespace mlir;

namespace {
/// The indexing map of `extract` inside `generic` when it reads its tensor
/// at the loop indices (0 along dimensions of static size 1) and those
/// loops have static ranges, with the sizes the input needs (the loops'
/// ranges; 1 where the index is 0); none otherwise.
std::optional<AffineMap> loopIndexMap(linalg::GenericOp generic,
                                      tensor::ExtractOp extract,
                                      ArrayRef<int64_t> loopRanges,
                                      SmallVectorImpl<int64_t> &sizes) {
  Value source = extract.getTensor();
  if (generic.getRegion().isAncestor(source.getParentRegion()))
    return std::nullopt; // computed inside
  auto type = cast<RankedTensorType>(source.getType());
  MLIRContext *context = generic.getContext();
  SmallVector<AffineExpr> exprs;
  for (auto [d, index] : llvm::enumerate(extract.getIndices())) {
    if (auto loop = index.getDefiningOp<linalg::IndexOp>()) {
      uint64_t dim = loop.getDim();
      if (loop->getParentOp() != generic ||
          ShapedType::isDynamic(loopRanges[dim]))
        return std::nullopt;
      exprs.push_back(getAffineDimExpr(dim, context));
      sizes.push_back(loopRanges[dim]);
    } else if (type.getDimSize(d) == 1 && matchPattern(index, m_Zero())) {
      exprs.push_back(getAffineConstantExpr(0, context));
      sizes.push_back(1);
    } else {
      return std::nullopt;
    }
  }
  return AffineMap::get(loopRanges.size(), 0, exprs, context);
}

struct ExtractToInput : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::GenericOp generic,
                                PatternRewriter &rewriter) const override {
    if (!generic.hasPureTensorSemantics())
      return failure();
    SmallVector<int64_t> loopRanges = generic.getStaticLoopRanges();
    Block &body = generic.getRegion().front();
    for (auto extract : body.getOps<tensor::ExtractOp>()) {
      SmallVector<int64_t> sizes;
      std::optional<AffineMap> map =
          loopIndexMap(generic, extract, loopRanges, sizes);
      if (!map)
        continue;
      // The part the loops read (its first elements: the extract was in
      // bounds), of static sizes; the whole tensor where that is it.
      Value source = extract.getTensor();
      auto type = cast<RankedTensorType>(source.getType());
      if (type.getShape() != ArrayRef<int64_t>(sizes)) {
        SmallVector<OpFoldResult> offsets(sizes.size(),
                                          rewriter.getIndexAttr(0));
        SmallVector<OpFoldResult> strides(sizes.size(),
                                          rewriter.getIndexAttr(1));
        SmallVector<OpFoldResult> staticSizes;
        for (int64_t size : sizes)
          staticSizes.push_back(rewriter.getIndexAttr(size));
        rewriter.setInsertionPoint(generic);
        source = tensor::ExtractSliceOp::create(
            rewriter, generic.getLoc(), source, offsets, staticSizes, strides);
      }
      SmallVector<Value> inputs = generic.getDpsInputs();
      inputs.push_back(source);
      SmallVector<AffineMap> maps;
      for (OpOperand *input : generic.getDpsInputOperands())
        maps.push_back(generic.getMatchingIndexingMap(input));
      maps.push_back(*map);
      for (OpOperand &init : generic.getDpsInitsMutable())
        maps.push_back(generic.getMatchingIndexingMap(&init));
      auto replacement = linalg::GenericOp::create(
          rewriter, generic.getLoc(), generic.getResultTypes(), inputs,
          generic.getDpsInits(), maps, generic.getIteratorTypesArray());
      rewriter.inlineRegionBefore(generic.getRegion(), replacement.getRegion(),
                                  replacement.getRegion().end());
      Block &moved = replacement.getRegion().front();
      BlockArgument element = moved.insertArgument(
          generic.getNumDpsInputs(), extract.getType(), extract.getLoc());
      rewriter.replaceOp(extract, element);
      rewriter.replaceOp(generic, replacement.getResults());
      return success();
    }
    return failure();
  }
};

struct TheanoExtractsToInputsPass
    : theano::cpu::impl::TheanoExtractsToInputsBase<
          TheanoExtractsToInputsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<ExtractToInput>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
