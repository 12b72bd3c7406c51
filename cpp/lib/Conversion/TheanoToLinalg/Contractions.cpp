//===- Contractions.cpp - dot to linalg named ops -------------------------===//
#include "PopulatePatterns.h"
#include "theano_mlir/Conversion/TheanoToLinalg/LoweringUtils.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "theano_mlir/Dialect/Theano/IR/TheanoBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::theano;

namespace {
/// A matmul operand: the tensor read and whether it is read transposed. A
/// `theano.dimshuffle [1, 0]` of a matrix is read through the matmul's
/// indexing map instead of being copied (not one that also drops a
/// broadcastable dimension of its input: that input is not a matrix).
MatmulOperand matmulOperand(Value original, Value converted,
                            ConversionPatternRewriter &rewriter) {
  auto shuffle = original.getDefiningOp<DimShuffleOp>();
  if (shuffle && shuffle.getNewOrder() == ArrayRef<int64_t>{1, 0} &&
      cast<RankedTensorType>(shuffle.getInput().getType()).getRank() == 2)
    return {rewriter.getRemappedValue(shuffle.getInput()), true};
  return {converted, false};
}

/// The check that a dot's inner dimensions agree (lhs's last, rhs's first).
void checkAligned(OpBuilder &b, Operation *op, Value lhsInner, Value rhsInner,
                  int64_t lhsRank) {
  if (getConstantIntValue(lhsInner) && getConstantIntValue(rhsInner))
    return; // static: the verifier checked them
  Location loc = op->getLoc();
  Value aligned = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                        lhsInner, rhsInner);
  emitCheck(b, op, aligned,
            "shapes not aligned: dimension " + Twine(lhsRank - 1) +
                " of the left operand is {0}, dimension 0 of the right "
                "operand is {1}",
            {lhsInner, rhsInner});
}

/// An accumulator of `type` with run-time `sizes` (one per dimension),
/// zero-filled.
Value zeroAccumulator(OpBuilder &b, Location loc, RankedTensorType type,
                      ArrayRef<Value> sizes) {
  Value zero = scalarConstant(b, loc, type.getElementType(), 0);
  return linalg::FillOp::create(b, loc, zero, emptyTensor(b, loc, type, sizes))
      .getResult(0);
}

/// A 0-d tensor's element.
Value scalarOf(OpBuilder &b, Location loc, Value tensor) {
  return tensor::ExtractOp::create(b, loc, tensor, ValueRange{});
}

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
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    int64_t lhsRank = lhsType.getRank(), rhsRank = rhsType.getRank();

    MatmulOperand left{lhs, false}, right{rhs, false};
    if (lhsRank == 2 && rhsRank == 2) {
      left = matmulOperand(op.getLhs(), lhs, rewriter);
      right = matmulOperand(op.getRhs(), rhs, rewriter);
    }
    checkAligned(rewriter, op, left.size(rewriter, loc, lhsRank - 1),
                 right.size(rewriter, loc, 0), lhsRank);

    SmallVector<Value> sizes;
    if (lhsRank == 2)
      sizes.push_back(left.size(rewriter, loc, 0));
    if (rhsRank == 2)
      sizes.push_back(right.size(rewriter, loc, 1));
    Value init = zeroAccumulator(rewriter, loc, resultType, sizes);

    if (lhsRank == 2 && rhsRank == 2) {
      rewriter.replaceOp(op, buildMatmul(rewriter, loc, left, right, init));
      return success();
    }
    // Owned storage: ranges built from brace lists would dangle.
    SmallVector<Type, 1> results{resultType};
    SmallVector<Value, 2> inputs{lhs, rhs};
    SmallVector<Value, 1> outputs{init};
    Operation *contraction;
    if (lhsRank == 1 && rhsRank == 1)
      contraction =
          linalg::DotOp::create(rewriter, loc, results, inputs, outputs);
    else if (lhsRank == 2)
      contraction =
          linalg::MatvecOp::create(rewriter, loc, results, inputs, outputs);
    else
      contraction =
          linalg::VecmatOp::create(rewriter, loc, results, inputs, outputs);
    rewriter.replaceOp(op, contraction->getResults());
    return success();
  }
};

/// beta * c + alpha * dot(a, b) as one matmul: its accumulator starts as c
/// itself (beta = 1 and c not broadcast, so an update of c can be written in
/// place), as beta * c broadcast, or as zeros; alpha != 1 scales a.
struct GemmLowering : OpConversionPattern<theano::GemmOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(theano::GemmOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    MatmulOperand a = matmulOperand(op.getA(), adaptor.getA(), rewriter);
    MatmulOperand b = matmulOperand(op.getB(), adaptor.getB(), rewriter);
    checkAligned(rewriter, op, a.size(rewriter, loc, 1),
                 b.size(rewriter, loc, 0), 2);
    Value sizes[2] = {a.size(rewriter, loc, 0), b.size(rewriter, loc, 1)};
    Value c = adaptor.getC();
    if (c) {
      auto cType = cast<RankedTensorType>(c.getType());
      for (int64_t d = 0; d < 2; ++d) {
        if (cType.getDimSize(d) == 1)
          continue; // broadcast
        Value cSize = dimSize(rewriter, loc, c, d);
        if (getConstantIntValue(cSize) && getConstantIntValue(sizes[d]))
          continue; // static: the verifier checked them
        Value equal = arith::CmpIOp::create(
            rewriter, loc, arith::CmpIPredicate::eq, cSize, sizes[d]);
        emitCheck(rewriter, op, equal,
                  "Input dimension mis-match. (c.shape[" + Twine(d) +
                      "] = {0}, dot(a, b).shape[" + Twine(d) + "] = {1})",
                  {cSize, sizes[d]});
      }
    }

    Value init;
    bool unitBeta = c && isSplatConstant(op.getBeta(), 1.0);
    if (!c) {
      init = zeroAccumulator(rewriter, loc, resultType, sizes);
    } else if (unitBeta && c.getType() == resultType) {
      init = c;
    } else {
      // c broadcast along its static size-1 dimensions, times beta.
      Value beta =
          unitBeta ? Value() : scalarOf(rewriter, loc, adaptor.getBeta());
      init = broadcastGeneric(
          rewriter, loc, c, resultType, sizes,
          [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
            return beta
                       ? arith::MulFOp::create(nested, nestedLoc, args[0], beta)
                             .getResult()
                       : args[0];
          });
    }
    if (!isSplatConstant(op.getAlpha(), 1.0))
      a.tensor = scaled(rewriter, loc, a.tensor,
                        scalarOf(rewriter, loc, adaptor.getAlpha()));
    rewriter.replaceOp(op, buildMatmul(rewriter, loc, a, b, init));
    return success();
  }
};
} // namespace

Value mlir::theano::buildMatmul(OpBuilder &b, Location loc, MatmulOperand lhs,
                                MatmulOperand rhs, Value init) {
  SmallVector<Type, 1> results{init.getType()};
  SmallVector<Value, 2> inputs{lhs.tensor, rhs.tensor};
  SmallVector<Value, 1> outputs{init};
  auto matmul = linalg::MatmulOp::create(b, loc, results, inputs, outputs);
  if (lhs.transposed || rhs.transposed) {
    MLIRContext *context = b.getContext();
    AffineExpr m, n, k;
    bindDims(context, m, n, k);
    auto map = [&](AffineExpr row, AffineExpr col) {
      return AffineMap::get(3, 0, {row, col}, context);
    };
    matmul.setIndexingMapsAttr(b.getAffineMapArrayAttr(
        {lhs.transposed ? map(k, m) : map(m, k),
         rhs.transposed ? map(n, k) : map(k, n), map(m, n)}));
  }
  return matmul.getResult(0);
}

/// `tensor` times the scalar `factor`, elementwise.
Value mlir::theano::scaled(OpBuilder &b, Location loc, Value tensor,
                           Value factor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  SmallVector<Value> sizes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    sizes.push_back(dimSize(b, loc, tensor, d));
  return broadcastGeneric(
      b, loc, tensor, type, sizes,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) -> Value {
        return arith::MulFOp::create(nested, nestedLoc, args[0], factor);
      });
}

void mlir::theano::populateContractionPatterns(const TypeConverter &converter,
                                               RewritePatternSet &patterns) {
  patterns.add<DotLowering, GemmLowering>(converter, patterns.getContext());
}
