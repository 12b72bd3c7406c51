//===- theano-mlir-opt.cpp - mlir-opt with the `theano` dialect -----------===//
#include "theano_mlir/Conversion/Passes.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoDialect.h"
#include "theano_mlir/Dialect/Theano/Transforms/Passes.h"
#include "theano_mlir/Transforms/CPU/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::theano::registerTheanoConversionPasses();
  mlir::theano::registerTheanoPasses();
  mlir::theano::cpu::registerCPUPasses();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  registry.insert<mlir::theano::TheanoDialect>();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "theano_mlir optimizer driver\n", registry));
}
