//===- ControlFlow.cpp - theano.ifelse to scf.if --------------------------===//
//
// The branches move into the scf.if as they are; the conversion lowers
// their ops where they now are, so what the branch not taken computes
// (and checks) never runs.
//
//===----------------------------------------------------------------------===//
#include "PopulatePatterns.h"
#include "theano_mlir/Conversion/TheanoToLinalg/LoweringUtils.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::theano;

namespace {
struct IfElseLowering : OpConversionPattern<IfElseOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(IfElseOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SmallVector<Type> resultTypes;
    if (failed(
            getTypeConverter()->convertTypes(op.getResultTypes(), resultTypes)))
      return rewriter.notifyMatchFailure(op, "unsupported result types");
    // numpy's truth: nonzero (and NaN) is true
    Type element = getElementTypeOrSelf(op.getCondition());
    Value scalar = loadScalar(
        rewriter, loc,
        tensor::ExtractOp::create(rewriter, loc, adaptor.getCondition()),
        element);
    Value taken =
        emitScalarCast(rewriter, loc, scalar, element, rewriter.getI1Type());
    auto branch = scf::IfOp::create(rewriter, loc, resultTypes, taken,
                                    /*addThenBlock=*/false,
                                    /*addElseBlock=*/false);
    rewriter.inlineRegionBefore(op.getThenRegion(), branch.getThenRegion(),
                                branch.getThenRegion().end());
    rewriter.inlineRegionBefore(op.getElseRegion(), branch.getElseRegion(),
                                branch.getElseRegion().end());
    rewriter.replaceOp(op, branch.getResults());
    return success();
  }
};

struct YieldLowering : OpConversionPattern<YieldOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(YieldOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<scf::YieldOp>(op, adaptor.getValues());
    return success();
  }
};
} // namespace

void mlir::theano::populateControlFlowPatterns(const TypeConverter &converter,
                                               RewritePatternSet &patterns) {
  patterns.add<IfElseLowering, YieldLowering>(converter, patterns.getContext());
}
