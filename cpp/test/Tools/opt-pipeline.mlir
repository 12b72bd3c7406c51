// The installed tool runs the conversion and the whole CPU pipeline, and the
// wheel's mlir-opt gets the dialect and passes from the plugin.
// RUN: theano-mlir-opt --pass-pipeline='builtin.module(convert-theano-to-linalg)' %s | FileCheck %s --check-prefix=LINALG
// RUN: mlir-opt --load-dialect-plugin=%theano_plugin --pass-pipeline='builtin.module(convert-theano-to-linalg)' %s | FileCheck %s --check-prefix=LINALG
// RUN: theano-mlir-opt --pass-pipeline=%cpu_pipeline %s | FileCheck %s --check-prefix=LLVM

// LINALG-LABEL: func @logistic
// LINALG: linalg.generic
// LINALG: math.exp
// LINALG-NOT: theano.sigmoid
// LLVM-LABEL: llvm.func @logistic
// LLVM-NOT: cf.assert
// LLVM: llvm.call @exp
func.func @logistic(%x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %0 = theano.sigmoid %x : tensor<?x?xf64>
  return %0 : tensor<?x?xf64>
}
