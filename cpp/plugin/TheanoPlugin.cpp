//===- TheanoPlugin.cpp - dialect plugin for mlir-opt ---------------------===//
//
// `mlir-opt --load-dialect-plugin=libTheanoMLIRPlugin.so` gets the dialect;
// the passes it registers are reachable through --pass-pipeline=... only.
//
//===----------------------------------------------------------------------===//
#include "theano_mlir/Conversion/Passes.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoDialect.h"
#include "theano_mlir/Dialect/Theano/Transforms/Passes.h"
#include "theano_mlir/Transforms/CPU/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "llvm/Config/llvm-config.h"

extern "C" LLVM_ATTRIBUTE_WEAK mlir::DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "TheanoDialect", LLVM_VERSION_STRING,
          [](mlir::DialectRegistry *registry) {
            registry->insert<mlir::theano::TheanoDialect>();
            mlir::theano::registerTheanoConversionPasses();
            mlir::theano::registerTheanoPasses();
            mlir::theano::cpu::registerCPUPasses();
          }};
}
