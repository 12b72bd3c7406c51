//===- Passes.td - `theano` dialect transforms -------------*- tablegen -*-===//
#ifndef THEANO_MLIR_DIALECT_THEANO_TRANSFORMS_PASSES_TD
#define THEANO_MLIR_DIALECT_THEANO_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def TheanoChecksToStatus : Pass<"theano-checks-to-status", "ModuleOp"> {
  let summary = "Turn `theano.check` into an error-status return";
  let description = [{
    Runs after bufferization, on functions whose checks sit in the function
    body. Every public function gets the results `i32 status` and four `i64`
    values after its own: 0 on success; on a failed check, the check's code
    (its 1-based position in the module attribute `theano.check_messages`)
    and the values the message refers to as {0}..{3}. The function returns
    at once, with empty buffers for its other results, so nothing after a
    failed check runs and nothing aborts the process.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::cf::ControlFlowDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::ub::UBDialect",
  ];
}

#endif
