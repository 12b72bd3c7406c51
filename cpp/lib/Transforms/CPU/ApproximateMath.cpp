//===- ApproximateMath.cpp - f32 math as polynomials ----------------------===//
//
// Upstream's polynomial approximations (Dialect/Math/Transforms), applied
// to the ops we choose. A loop whose body calls libm's expf stays scalar;
// the same loop with the polynomial vectorizes (AVX-512: 16 lanes).
//
//===----------------------------------------------------------------------===//
#include "theano_mlir/Transforms/CPU/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/StringSet.h"
#include <cmath>

namespace mlir::theano::cpu {
#define GEN_PASS_DEF_THEANOAPPROXIMATEMATH
#include "theano_mlir/Transforms/CPU/Passes.h.inc"
} // namespace mlir::theano::cpu

using namespace mlir;

namespace {
/// The ops approximated by default: those whose polynomials stay within a
/// few ulp of numpy over the whole f32 range once denormals are handled
/// below. sin and cos are not: upstream reduces no large arguments (they
/// return inf past ~1e28), so they stay libm calls.
constexpr StringLiteral kDefaultOps[] = {"math.exp", "math.exp2", "math.expm1",
                                         "math.log", "math.log2", "math.log1p",
                                         "math.tanh"};

/// 2^24 and its logarithm: the scale that makes a denormal f32 normal.
constexpr float kScale = 16777216.0f;
constexpr double kLogScale = 16.635532333438686; // 24 ln 2
/// ln(FLT_MIN): exp of less is denormal.
constexpr double kExpDenormal = -87.33654475;
/// About 24 ln 2, a multiple of 2^-17 (the spacing of f32 in [64, 128)), so
/// that x + kExpShift is exact for every x that needs the shift.
constexpr double kExpShift = 2180440.0 / 131072.0;

Value f32Constant(OpBuilder &b, Location loc, double value) {
  return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(value));
}

/// The polynomials read the exponent field of their argument (log) or build
/// the result's (exp), so denormals come out wrong: log(1e-45) gave -87.3,
/// exp(-90) gave 0. Scale into the normal range and back:
///   log(x) = log(x * 2^24) - 24 ln 2        for x < FLT_MIN (log2: - 24),
///   exp(x) = exp(x + s) * exp(-s)           for x < ln(FLT_MIN),
/// with s about 24 ln 2 chosen so that x + s is exact. Elsewhere the scale is
/// 1 and the shift 0, so normal values are unchanged.
void keepDenormals(func::FuncOp func,
                   const std::function<bool(StringRef)> &approximated) {
  SmallVector<Operation *> ops;
  func.walk([&](Operation *op) {
    if (isa<math::LogOp, math::Log2Op, math::ExpOp>(op) &&
        op->getResult(0).getType().isF32() &&
        approximated(op->getName().getStringRef()))
      ops.push_back(op);
  });
  for (Operation *op : ops) {
    OpBuilder b(op);
    Location loc = op->getLoc();
    Value x = op->getOperand(0);
    Value one = f32Constant(b, loc, 1.0), zero = f32Constant(b, loc, 0.0);
    bool isExp = isa<math::ExpOp>(op);
    Value tiny = arith::CmpFOp::create(
        b, loc, arith::CmpFPredicate::OLT, x,
        f32Constant(b, loc, isExp ? kExpDenormal : 1.17549435e-38));
    double shift = isa<math::Log2Op>(op) ? 24.0 : kLogScale;
    Value scaled;
    if (isExp) {
      Value offset = arith::SelectOp::create(
          b, loc, tiny, f32Constant(b, loc, kExpShift), zero);
      scaled = arith::AddFOp::create(b, loc, x, offset);
    } else {
      Value factor = arith::SelectOp::create(b, loc, tiny,
                                             f32Constant(b, loc, kScale), one);
      scaled = arith::MulFOp::create(b, loc, x, factor);
    }
    op->setOperand(0, scaled);
    b.setInsertionPointAfter(op);
    Value result = op->getResult(0), fixed;
    if (isExp) {
      Value factor = arith::SelectOp::create(
          b, loc, tiny, f32Constant(b, loc, std::exp(-kExpShift)), one);
      fixed = arith::MulFOp::create(b, loc, result, factor);
    } else {
      Value offset = arith::SelectOp::create(b, loc, tiny,
                                             f32Constant(b, loc, shift), zero);
      fixed = arith::SubFOp::create(b, loc, result, offset);
    }
    result.replaceAllUsesExcept(fixed, fixed.getDefiningOp());
  }
}

struct TheanoApproximateMathPass
    : theano::cpu::impl::TheanoApproximateMathBase<TheanoApproximateMathPass> {
  using TheanoApproximateMathBase::TheanoApproximateMathBase;

  void runOnOperation() override {
    llvm::StringSet<> chosen;
    for (const std::string &op : ops)
      chosen.insert(op);
    if (chosen.empty())
      for (StringRef op : kDefaultOps)
        chosen.insert(op);
    std::function<bool(StringRef)> approximate = [&](StringRef mnemonic) {
      return chosen.contains(mnemonic);
    };
    keepDenormals(getOperation(), approximate);
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(patterns, approximate);
    // Rewrite the math ops only (and what their rewrites make), not every
    // op of the function: a graph of many layers is one large function.
    if (failed(applyOpPatternsGreedily(mathOps(), std::move(patterns))))
      return signalPassFailure();
  }

  SmallVector<Operation *> mathOps() {
    SmallVector<Operation *> found;
    getOperation().walk([&](Operation *op) {
      if (isa<math::MathDialect>(op->getDialect()))
        found.push_back(op);
    });
    return found;
  }
};
} // namespace
