//===- ScfToCfBackward.cpp - scf to cf, last loop first
//--------------------===//
//
// Lowering an scf op splits its block and moves every op after it into the
// new block, which costs as many steps as there are ops after it. Upstream's
// convert-scf-to-cf converts in program order, so in one large function
// (the kernel of a graph of many layers) each loop moves the rest of the
// function: quadratic. Converting the outermost scf ops from the last to the
// first, each split moves only the ops up to the loop converted before it.
//
//===----------------------------------------------------------------------===//
#include "theano_mlir/Transforms/CPU/Passes.h"

#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::theano::cpu {
#define GEN_PASS_DEF_THEANOSCFTOCFBACKWARD
#include "theano_mlir/Transforms/CPU/Passes.h.inc"
} // namespace mlir::theano::cpu

using namespace mlir;

namespace {
struct TheanoScfToCfBackwardPass
    : theano::cpu::impl::TheanoScfToCfBackwardBase<TheanoScfToCfBackwardPass> {
  void runOnOperation() override {
    // The outermost scf ops, in program order (their nested ones are
    // converted with them).
    SmallVector<Operation *> roots;
    getOperation()->walk<WalkOrder::PreOrder>([&](Operation *op) {
      if (op != getOperation() && isa<scf::SCFDialect>(op->getDialect())) {
        roots.push_back(op);
        return WalkResult::skip();
      }
      return WalkResult::advance();
    });
    if (roots.empty())
      return;
    std::reverse(roots.begin(), roots.end());
    // The target of upstream's convert-scf-to-cf.
    ConversionTarget target(getContext());
    target
        .addIllegalOp<scf::ForallOp, scf::ForOp, scf::IfOp, scf::IndexSwitchOp,
                      scf::ParallelOp, scf::WhileOp, scf::ExecuteRegionOp>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    RewritePatternSet patterns(&getContext());
    populateSCFToControlFlowConversionPatterns(patterns);
    if (failed(applyPartialConversion(roots, target, std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
