//===- ChecksToStatus.cpp - theano.check to an error-status return --------===//
#include "theano_mlir/Transforms/CPU/Passes.h"

#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::theano::cpu {
#define GEN_PASS_DEF_THEANOCHECKSTOSTATUS
#include "theano_mlir/Transforms/CPU/Passes.h.inc"
} // namespace mlir::theano::cpu

using namespace mlir;
using namespace mlir::theano;

namespace {
/// A placeholder for a result on the error path: an empty (size 0) buffer,
/// which the caller frees like any result, or poison for other types.
Value errorResult(OpBuilder &b, Location loc, Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref)
    return ub::PoisonOp::create(b, loc, type);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  SmallVector<Value> sizes(memref.getNumDynamicDims(), zero);
  return memref::AllocOp::create(b, loc, memref, sizes);
}

struct TheanoChecksToStatusPass
    : theano::cpu::impl::TheanoChecksToStatusBase<TheanoChecksToStatusPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<Attribute> messages;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      if (failed(rewrite(func, messages)))
        return signalPassFailure();
    }
    module->setAttr("theano.check_messages",
                    ArrayAttr::get(&getContext(), messages));
  }

  /// The scf.if, scf.for and scf.while ops that hold checks become blocks of
  /// the function, outermost first: a check reports through a branch to the
  /// function's error block, so it must be in the function's region (a
  /// lazy ifelse's branch checks only when taken, a scan's step at each
  /// iteration).
  LogicalResult flattenControlFlowWithChecks(func::FuncOp func) {
    while (true) {
      SmallVector<Operation *> outermost;
      for (Block &block : func.getBody())
        for (Operation &op : block)
          if (isa<scf::IfOp, scf::ForOp, scf::WhileOp>(op) &&
              op.walk([](CheckOp) {
                  return WalkResult::interrupt();
                }).wasInterrupted())
            outermost.push_back(&op);
      if (outermost.empty())
        return success();
      RewritePatternSet patterns(func.getContext());
      populateSCFToControlFlowConversionPatterns(patterns);
      GreedyRewriteConfig config;
      config.setStrictness(GreedyRewriteStrictness::ExistingOps);
      bool changed = false;
      if (failed(applyOpPatternsGreedily(outermost, std::move(patterns), config,
                                         &changed)) ||
          !changed)
        return outermost.front()->emitOpError(
            "holds checks and could not be lowered to blocks");
    }
  }

  LogicalResult rewrite(func::FuncOp func,
                        SmallVectorImpl<Attribute> &messages) {
    if (failed(flattenControlFlowWithChecks(func)))
      return failure();
    SmallVector<CheckOp> checks;
    func.walk([&](CheckOp check) { checks.push_back(check); });
    if (func.isPrivate()) {
      if (checks.empty())
        return success();
      return checks.front().emitOpError(
          "must be in a public (entry) function to report an error status");
    }
    for (CheckOp check : checks)
      if (check->getParentOp() != func)
        return check.emitOpError("must be in the function body, not nested "
                                 "in a region");

    MLIRContext *context = func.getContext();
    OpBuilder b(context);
    Type i32 = b.getI32Type(), i64 = b.getI64Type();
    SmallVector<Type> statusTypes{i32};
    statusTypes.append(kMaxCheckValues, i64);
    ArrayRef<Type> originalResults = func.getResultTypes();
    SmallVector<Type> results(originalResults);
    results.append(statusTypes);
    SmallVector<Type> originalResultTypes(originalResults);
    func.setType(FunctionType::get(context, func.getArgumentTypes(), results));

    // Success: status 0.
    func.walk([&](func::ReturnOp ret) {
      b.setInsertionPoint(ret);
      SmallVector<Value> zeros{
          arith::ConstantIntOp::create(b, ret.getLoc(), i32, 0)};
      Value zero64 = arith::ConstantIntOp::create(b, ret.getLoc(), i64, 0);
      zeros.append(kMaxCheckValues, zero64);
      ret.getOperandsMutable().append(zeros);
    });
    if (checks.empty())
      return success();

    // One error block returns placeholders with the code and the values.
    Location loc = func.getLoc();
    Block *error = new Block();
    func.getBody().push_back(error);
    SmallVector<Location> argLocs(statusTypes.size(), loc);
    error->addArguments(statusTypes, argLocs);
    b.setInsertionPointToStart(error);
    SmallVector<Value> returned;
    for (Type type : originalResultTypes)
      returned.push_back(errorResult(b, loc, type));
    llvm::append_range(returned, error->getArguments());
    func::ReturnOp::create(b, loc, returned);

    // Codes number the checks in program order; the blocks are split from
    // the last check to the first, so that each split moves only the ops up
    // to the next check (forward, each would move the rest of the function).
    size_t firstCode = messages.size() + 1;
    for (CheckOp check : checks)
      messages.push_back(check.getMessageAttr());
    for (size_t index = checks.size(); index-- > 0;) {
      CheckOp check = checks[index];
      Block *before = check->getBlock();
      Block *after = before->splitBlock(std::next(Block::iterator(check)));
      b.setInsertionPointAfter(check);
      Location checkLoc = check.getLoc();
      SmallVector<Value> operands{arith::ConstantIntOp::create(
          b, checkLoc, i32, static_cast<int64_t>(firstCode + index))};
      for (Value value : check.getValues())
        operands.push_back(arith::IndexCastOp::create(b, checkLoc, i64, value));
      Value zero64 = arith::ConstantIntOp::create(b, checkLoc, i64, 0);
      while (operands.size() < statusTypes.size())
        operands.push_back(zero64);
      cf::CondBranchOp::create(b, checkLoc, check.getCondition(), after,
                               ValueRange{}, error, operands);
      check.erase();
    }
    return success();
  }
};
} // namespace
