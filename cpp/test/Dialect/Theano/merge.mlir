// RUN: theano-mlir-opt --pass-pipeline='builtin.module(func.func(cse))' %s | FileCheck %s

// Identical subgraphs merge (Theano's MergeOptimizer): theano ops are Pure,
// so upstream CSE finds them. Different attributes keep ops apart.
// CHECK-LABEL: func @merge
// CHECK: %[[E:.*]] = theano.exp %arg0
// CHECK-NEXT: %[[M:.*]] = theano.mul %[[E]], %arg1
// CHECK-NEXT: %[[S0:.*]] = theano.sum %[[M]] [0]
// CHECK-NEXT: %[[S1:.*]] = theano.sum %[[M]] [1]
// CHECK-NEXT: return %[[M]], %[[M]], %[[S0]], %[[S1]]
func.func @merge(%x: tensor<?x?xf64>, %y: tensor<?x?xf64>)
    -> (tensor<?x?xf64>, tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>) {
  %0 = theano.exp %x : tensor<?x?xf64>
  %1 = theano.mul %0, %y : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  %2 = theano.exp %x : tensor<?x?xf64>
  %3 = theano.mul %2, %y : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  %4 = theano.sum %1 [0] : tensor<?x?xf64> -> tensor<?xf64>
  %5 = theano.sum %3 [1] : tensor<?x?xf64> -> tensor<?xf64>
  return %1, %3, %4, %5 : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>
}
