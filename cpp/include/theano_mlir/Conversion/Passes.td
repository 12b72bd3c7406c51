//===- Passes.td - conversions out of the `theano` dialect -*- tablegen -*-===//
#ifndef THEANO_MLIR_CONVERSION_PASSES_TD
#define THEANO_MLIR_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertTheanoToLinalg : Pass<"convert-theano-to-linalg", "ModuleOp"> {
  let summary = "Lower `theano` ops to linalg, tensor, arith and math";
  let description = [{
    Every op becomes linalg (generic or named ops) on tensors with dynamic
    dimensions, broadcasting through affine maps. Unsigned element types
    become signless, their signedness carried by the chosen arith ops.
    Constraints that only run-time shapes can violate become `theano.check`
    ops, never `cf.assert`. A `theano.host_call` becomes calls of the
    runtime's `theanoMlirHostCall` on buffers (memref).
  }];
  let options = [
    Option<"threads", "threads", "int64_t", /*default=*/"1",
           "Threads the kernel may use: loops the lowering itself splits "
           "(the streams of random draws, an scf.forall) have at most this "
           "many parts">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::complex::ComplexDialect",
    "::mlir::func::FuncDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
  ];
}

#endif
