//===- Registration.cpp - C entry points of the in-process library --------===//
#include "theano_mlir-c/Registration.h"

#include "theano_mlir/Conversion/Passes.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoDialect.h"
#include "theano_mlir/Dialect/Theano/Transforms/Passes.h"
#include "theano_mlir/Transforms/CPU/Passes.h"

#include "mlir/CAPI/IR.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

void theanoMlirRegisterDialect(MlirContext context) {
  mlir::MLIRContext *ctx = unwrap(context);
  mlir::DialectRegistry registry;
  registry.insert<mlir::theano::TheanoDialect>();
  ctx->appendDialectRegistry(registry);
  ctx->loadDialect<mlir::theano::TheanoDialect, mlir::func::FuncDialect,
                   mlir::arith::ArithDialect>();
}

void theanoMlirRegisterPasses(void) {
  static bool registered = [] {
    mlir::theano::registerTheanoConversionPasses();
    mlir::theano::registerTheanoPasses();
    mlir::theano::cpu::registerCPUPasses();
    return true;
  }();
  (void)registered;
}
