//===- Contractions.cpp - dot to linalg named ops -------------------------===//
#include "LoweringUtils.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::theano;

namespace {
/// vector.vector -> linalg.dot, matrix.vector -> linalg.matvec,
/// vector.matrix -> linalg.vecmat, matrix.matrix -> linalg.matmul.
struct DotLowering : OpConversionPattern<theano::DotOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(theano::DotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    auto lhsType = cast<RankedTensorType>(lhs.getType());
    auto rhsType = cast<RankedTensorType>(rhs.getType());
    auto resultType = cast<RankedTensorType>(
        getTypeConverter()->convertType(op.getType()));
    int64_t lhsRank = lhsType.getRank(), rhsRank = rhsType.getRank();

    if (lhsType.isDynamicDim(lhsRank - 1) || rhsType.isDynamicDim(0)) {
      Value lhsInner = dimSize(rewriter, loc, lhs, lhsRank - 1);
      Value rhsInner = dimSize(rewriter, loc, rhs, 0);
      Value aligned = arith::CmpIOp::create(
          rewriter, loc, arith::CmpIPredicate::eq, lhsInner, rhsInner);
      emitCheck(rewriter, op, aligned,
                "shapes not aligned: dimension " +
                    Twine(lhsRank - 1) + " of the left operand is {0}, "
                    "dimension 0 of the right operand is {1}",
                {lhsInner, rhsInner});
    }

    SmallVector<Value> sizes;
    if (lhsRank == 2)
      sizes.push_back(dimSize(rewriter, loc, lhs, 0));
    if (rhsRank == 2)
      sizes.push_back(dimSize(rewriter, loc, rhs, 1));
    Value empty = tensor::EmptyOp::create(rewriter, loc, resultType.getShape(),
                                          resultType.getElementType(),
                                          dynamicSizes(resultType, sizes));
    Value zero =
        scalarConstant(rewriter, loc, resultType.getElementType(), 0);
    Value init = linalg::FillOp::create(rewriter, loc, zero, empty).getResult(0);

    // Owned storage: ranges built from brace lists would dangle.
    SmallVector<Type, 1> results{resultType};
    SmallVector<Value, 2> inputs{lhs, rhs};
    SmallVector<Value, 1> outputs{init};
    Operation *contraction;
    if (lhsRank == 1 && rhsRank == 1)
      contraction = linalg::DotOp::create(rewriter, loc, results, inputs, outputs);
    else if (lhsRank == 2 && rhsRank == 1)
      contraction =
          linalg::MatvecOp::create(rewriter, loc, results, inputs, outputs);
    else if (lhsRank == 1 && rhsRank == 2)
      contraction =
          linalg::VecmatOp::create(rewriter, loc, results, inputs, outputs);
    else
      contraction =
          linalg::MatmulOp::create(rewriter, loc, results, inputs, outputs);
    rewriter.replaceOp(op, contraction->getResults());
    return success();
  }
};
} // namespace

void mlir::theano::populateContractionPatterns(const TypeConverter &converter,
                                               RewritePatternSet &patterns) {
  patterns.add<DotLowering>(converter, patterns.getContext());
}
