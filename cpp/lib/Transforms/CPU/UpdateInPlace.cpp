//===- UpdateInPlace.cpp - shared-variable updates into their buffers -----===//
//
// Two passes around one-shot bufferization. Before it, an update result
// becomes a write into its argument (when a failing call cannot have written
// anything yet, and the shapes agree); bufferization then writes in place or,
// where the old value is still read after the write, into a new buffer.
// After it, the results written in place are dropped.
//
//===----------------------------------------------------------------------===//
#include "theano_mlir/Transforms/CPU/Passes.h"

#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Interfaces/ValueBoundsOpInterface.h"

namespace mlir::theano::cpu {
#define GEN_PASS_DEF_THEANOUPDATEINPLACE
#define GEN_PASS_DEF_THEANODROPINPLACERESULTS
#include "theano_mlir/Transforms/CPU/Passes.h.inc"
} // namespace mlir::theano::cpu

using namespace mlir;
using namespace mlir::theano;

namespace {
constexpr StringLiteral kUpdateArgs = "theano.update_args";
constexpr StringLiteral kWritable = "bufferization.writable";

/// Whether `value` may share memory with one of the `written` arguments
/// after bufferization: it is one, or a view of one (a destination-style
/// op's result shares only its destination's memory).
bool mayAlias(Value value, const llvm::SmallDenseSet<unsigned> &written) {
  if (auto arg = dyn_cast<BlockArgument>(value)) {
    Operation *parent = arg.getOwner()->getParentOp();
    if (isa<func::FuncOp>(parent))
      return written.contains(arg.getArgNumber());
    // A loop's iteration value holds its initial value's memory.
    if (auto loop = dyn_cast<LoopLikeOpInterface>(parent)) {
      OpOperand *init = loop.getTiedLoopInit(arg);
      return init && mayAlias(init->get(), written);
    }
    return true;
  }
  Operation *def = value.getDefiningOp();
  if (auto dps = dyn_cast<DestinationStyleOpInterface>(def))
    return llvm::any_of(dps.getDpsInits(),
                        [&](Value init) { return mayAlias(init, written); });
  return llvm::any_of(def->getOperands(), [&](Value operand) {
    return isa<TensorType>(operand.getType()) && mayAlias(operand, written);
  });
}

OpOperand *tiedOperand(Value value);

/// The ops that write the memory of an update's value once it is written
/// in place: its producer and, through destination operands, the producers
/// of the destinations it writes into (eliminate-empty-tensors makes the
/// whole chain write into the argument).
void collectDestinationChain(Value value, Block &body,
                             llvm::SmallPtrSetImpl<Operation *> &chain) {
  while (Operation *def = value.getDefiningOp()) {
    def = body.findAncestorOpInBlock(*def);
    // Only ops that compute into memory write: not tensor.empty, not casts.
    if (!def ||
        (!isa<DestinationStyleOpInterface>(def) && def->getNumRegions() == 0))
      return;
    if (!chain.insert(def).second)
      return;
    OpOperand *tied = tiedOperand(value);
    if (!tied || value.getDefiningOp() != def)
      return;
    value = tied->get();
  }
}

/// The operand whose memory a result is written into: a destination-style
/// op's destination, or a loop's initial value.
OpOperand *tiedOperand(Value value) {
  auto result = dyn_cast<OpResult>(value);
  if (!result)
    return nullptr;
  Operation *def = result.getOwner();
  if (auto dps = dyn_cast<DestinationStyleOpInterface>(def))
    return dps.getTiedOpOperand(result);
  if (auto loop = dyn_cast<LoopLikeOpInterface>(def))
    return loop.getTiedLoopInit(loop.getTiedLoopRegionIterArg(result));
  return nullptr;
}

/// Whether `value` is computed by updating `arg` itself, through
/// destinations and loop-carried values (a loop writing rows into a shared
/// variable): bufferization writes it there already, and a
/// materialize_in_destination of it into `arg` would conflict with its own
/// reads.
bool updatesInPlace(Value value, BlockArgument arg) {
  while (OpOperand *tied = tiedOperand(value))
    value = tied->get();
  return value == arg;
}

/// Whether a loop (or other op with regions) computing the update reads
/// the argument's old value inside: written in place, the argument would
/// change under those reads (cumsum(x) as x's update reads row i - 1 of x
/// while writing row i). Such an update stays a result.
bool loopReadsArgument(Value value, BlockArgument arg, Block &body) {
  llvm::SmallPtrSet<Operation *, 16> chain;
  collectDestinationChain(value, body, chain);
  return llvm::any_of(arg.getUses(), [&](OpOperand &use) {
    Operation *reader = use.getOwner();
    return llvm::any_of(chain, [&](Operation *op) {
      return op->getNumRegions() != 0 && op->isProperAncestor(reader);
    });
  });
}

/// Whether `op` writes, or contains an op that writes, into a destination
/// that may be one of the `written` arguments.
bool writesArguments(Operation *op,
                     const llvm::SmallDenseSet<unsigned> &written) {
  return op
      ->walk([&](DestinationStyleOpInterface dps) {
        if (llvm::any_of(dps.getDpsInits(),
                         [&](Value init) { return mayAlias(init, written); }))
          return WalkResult::interrupt();
        return WalkResult::advance();
      })
      .wasInterrupted();
}

/// The first op of `body` that may write an argument's memory when the
/// `writes` (argument -> new value) are made in place (the terminator if
/// none).
Operation *firstWriter(Block &body,
                       const llvm::SmallDenseMap<unsigned, Value> &writes,
                       const llvm::SmallDenseSet<unsigned> &written) {
  llvm::SmallPtrSet<Operation *, 16> chain;
  for (auto &entry : writes)
    collectDestinationChain(entry.second, body, chain);
  for (Operation &op : body)
    if (chain.contains(&op) || writesArguments(&op, written))
      return &op;
  return body.getTerminator();
}

/// Whether every check runs before `firstWrite`: then a call that fails a
/// check returns before touching any argument.
bool checksComeFirst(Block &body, Operation *firstWrite) {
  return llvm::none_of(body.getOps<CheckOp>(), [&](CheckOp check) {
    return firstWrite->isBeforeInBlock(check);
  });
}

/// Whether `value`, of the same type as `arg`, provably has its sizes.
bool provablySameShape(Value value, BlockArgument arg) {
  auto type = dyn_cast<RankedTensorType>(arg.getType());
  if (!type)
    return false;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (!type.isDynamicDim(d))
      continue;
    FailureOr<bool> equal = ValueBoundsConstraintSet::areEqual(
        ValueBoundsConstraintSet::Variable(value, d),
        ValueBoundsConstraintSet::Variable(arg, d));
    if (failed(equal) || !*equal)
      return false;
  }
  return true;
}

struct TheanoUpdateInPlacePass
    : theano::cpu::impl::TheanoUpdateInPlaceBase<TheanoUpdateInPlacePass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    auto updateArgs = func->getAttrOfType<DenseI64ArrayAttr>(kUpdateArgs);
    if (!updateArgs || func.isExternal() || func.isPrivate())
      return;
    Block &body = func.getBody().front();
    auto ret = cast<func::ReturnOp>(body.getTerminator());
    if (updateArgs.size() > ret.getNumOperands()) {
      func.emitOpError() << kUpdateArgs << " names more updates than results";
      return signalPassFailure();
    }
    size_t outputCount = ret.getNumOperands() - updateArgs.size();
    // The updates to write: a value of the argument's shape, and not the
    // argument itself (that result is dropped after bufferization anyway).
    llvm::SmallDenseMap<unsigned, Value> writes; // argument -> new value
    for (auto [u, argIndex] : llvm::enumerate(updateArgs.asArrayRef())) {
      if (argIndex < 0 || argIndex >= func.getNumArguments()) {
        func.emitOpError() << kUpdateArgs << " names no argument " << argIndex;
        return signalPassFailure();
      }
      Value value = ret.getOperand(outputCount + u);
      BlockArgument arg = func.getArgument(argIndex);
      if (value != arg && value.getType() == arg.getType() &&
          provablySameShape(value, arg) && !loopReadsArgument(value, arg, body))
        writes.try_emplace(argIndex, value);
    }
    if (writes.empty())
      return;
    auto argumentsOf = [](const llvm::SmallDenseMap<unsigned, Value> &of) {
      llvm::SmallDenseSet<unsigned> arguments;
      for (auto &entry : of)
        arguments.insert(entry.first);
      return arguments;
    };
    llvm::SmallDenseSet<unsigned> written = argumentsOf(writes);
    Operation *firstWrite = firstWriter(body, writes, written);
    if (!checksComeFirst(body, firstWrite)) {
      // An update whose writes would come before a check (a random state
      // advanced before the cost's indices are checked) stays a result,
      // which the call stores once every check passed; the others are
      // written in place. Looked at one by one only here: a walk per update.
      llvm::SmallDenseMap<unsigned, Value> late;
      for (auto &entry : writes) {
        llvm::SmallDenseMap<unsigned, Value> one;
        one.insert(entry);
        if (checksComeFirst(body, firstWriter(body, one, {entry.first})))
          late.insert(entry);
      }
      writes = std::move(late);
      written = argumentsOf(writes);
      firstWrite = firstWriter(body, writes, written);
      if (writes.empty() || !checksComeFirst(body, firstWrite))
        return; // a failing call could have written already: keep results
    }

    // A write must be the last read of its argument's old value, so returned
    // values that may still see it are copied first: the argument itself
    // before anything is written, other values (views) just before returning.
    // An update's own value may alias its own argument (a gemm accumulating
    // into W for W's update): written into it, it needs no copy.
    OpBuilder b(ret);
    for (OpOperand &returned : ret->getOpOperands()) {
      Value value = returned.get();
      llvm::SmallDenseSet<unsigned> others = written;
      if (returned.getOperandNumber() >= outputCount) {
        unsigned own = updateArgs[returned.getOperandNumber() - outputCount];
        if (value == func.getArgument(own))
          continue;
        if (writes.lookup(own) == value)
          others.erase(own);
      }
      // An output that is also an update written in place would be the
      // shared buffer itself (its producer writes there once empty tensors
      // are eliminated): it is returned as a copy.
      bool writtenOutput =
          returned.getOperandNumber() < outputCount &&
          llvm::any_of(
              writes, [&](auto &entry) { return entry.second == value; });
      if (!writtenOutput && !mayAlias(value, others))
        continue;
      auto arg = dyn_cast<BlockArgument>(value);
      b.setInsertionPoint(arg ? firstWrite : ret.getOperation());
      returned.set(bufferization::AllocTensorOp::create(
          b, ret.getLoc(), cast<RankedTensorType>(value.getType()),
          ValueRange(), value));
    }

    b.setInsertionPoint(ret);
    for (auto [u, argIndex] : llvm::enumerate(updateArgs.asArrayRef())) {
      if (!written.contains(argIndex))
        continue;
      OpOperand &returned = ret->getOpOperand(outputCount + u);
      func.setArgAttr(argIndex, kWritable, b.getBoolAttr(true));
      if (updatesInPlace(returned.get(), func.getArgument(argIndex)))
        continue;
      auto write = bufferization::MaterializeInDestinationOp::create(
          b, ret.getLoc(), returned.get(), func.getArgument(argIndex));
      returned.set(write.getResult());
    }
  }
};

struct TheanoDropInPlaceResultsPass
    : theano::cpu::impl::TheanoDropInPlaceResultsBase<
          TheanoDropInPlaceResultsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    auto updateArgs = func->getAttrOfType<DenseI64ArrayAttr>(kUpdateArgs);
    if (!updateArgs || func.isExternal())
      return;
    auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
    size_t outputCount = ret.getNumOperands() - updateArgs.size();
    SmallVector<int64_t> kept;
    llvm::BitVector dropped(ret.getNumOperands());
    for (auto [u, argIndex] : llvm::enumerate(updateArgs.asArrayRef())) {
      unsigned position = outputCount + u;
      if (ret.getOperand(position) == func.getArgument(argIndex))
        dropped.set(position);
      else
        kept.push_back(argIndex);
    }
    ret->eraseOperands(dropped);
    if (failed(func.eraseResults(dropped)))
      return signalPassFailure();
    func->setAttr(kUpdateArgs, DenseI64ArrayAttr::get(&getContext(), kept));
  }
};
} // namespace
