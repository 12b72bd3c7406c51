// RUN: theano-mlir-opt --pass-pipeline='builtin.module(convert-theano-to-linalg,canonicalize,cse,func.func(theano-hoist-checks))' %s | FileCheck %s

// Both dot checks depend on argument sizes only: they run before the first
// product is computed.
// CHECK-LABEL: func @chained_products
// CHECK: theano.check
// CHECK: theano.check
// CHECK-NOT: theano.check
// CHECK: linalg.matmul
// CHECK: linalg.matmul
// CHECK-NOT: theano.check
func.func @chained_products(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>,
                            %c: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %0 = theano.dot %a, %b : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  %1 = theano.dot %0, %c : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  return %1 : tensor<?x?xf64>
}

// A reshape to a size computed from data is checked where that size exists.
// CHECK-LABEL: func @data_dependent_size
// CHECK: linalg.generic
// CHECK: tensor.extract
// CHECK: theano.check
func.func @data_dependent_size(%x: tensor<?xf32>, %n: tensor<?xi64>) -> tensor<?xf32> {
  %0 = theano.sum %n [0] : tensor<?xi64> -> tensor<i64>
  %1 = theano.make_vector %0 : tensor<i64> -> tensor<1xi64>
  %2 = theano.reshape %x, %1 : tensor<?xf32>, tensor<1xi64> -> tensor<?xf32>
  return %2 : tensor<?xf32>
}
