// RUN: theano-mlir-opt --pass-pipeline='builtin.module(func.func(theano-autodiff),canonicalize,cse)' %s | FileCheck %s
// Derivative rules of the indexing ops (Theano's Subtensor family).

// subtensor: g set into the indexed part of zeros shaped like x.
// CHECK-LABEL: func @subtensor_rule
// CHECK: %[[Z:.*]] = theano.alloc
// CHECK: %[[G:.*]] = theano.inc_subtensor %[[Z]][%arg1], %arg2 {{{.*}}set{{.*}}}
// CHECK: return %[[G]]
func.func @subtensor_rule(%x: tensor<?x?xf32>, %n: tensor<i64>, %seed: tensor<?xf32>) -> tensor<?x?xf32> {
  %0 = theano.subtensor %x[%n] {indices = array<i1: true>, starts = array<i64: -9223372036854775808>, stops = array<i64: -9223372036854775807>, steps = array<i64: -9223372036854775807>} : tensor<?x?xf32>, tensor<i64> -> tensor<?xf32>
  %g = theano.grad wrt(%x : tensor<?x?xf32>) known(%0 : tensor<?xf32> = %seed : tensor<?xf32>) -> tensor<?x?xf32>
  return %g : tensor<?x?xf32>
}

// set_subtensor: x's gradient is g without the part overwritten (set to
// 0); the value's is g's part, summed where the value broadcast.
// CHECK-LABEL: func @set_subtensor_rule
// CHECK: %[[Z:.*]] = theano.constant dense<0.000000e+00> : tensor<1x1xf32>
// CHECK: %[[GX:.*]] = theano.inc_subtensor %arg2[], %[[Z]] {{{.*}}set{{.*}}}
// CHECK: %[[P:.*]] = theano.subtensor %arg2[]
// CHECK: %[[S:.*]] = theano.sum %[[P]] [0]
// CHECK: %[[GV:.*]] = theano.dimshuffle %[[S]] [-1, 0]
// CHECK: return %[[GX]], %[[GV]]
func.func @set_subtensor_rule(%x: tensor<?x?xf32>, %v: tensor<1x?xf32>, %seed: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<1x?xf32>) {
  %0 = theano.inc_subtensor %x[], %v {indices = array<i1: false>, set, starts = array<i64: 1>, stops = array<i64: -9223372036854775807>, steps = array<i64: -9223372036854775807>} : tensor<?x?xf32>, tensor<1x?xf32>
  %g:2 = theano.grad wrt(%x, %v : tensor<?x?xf32>, tensor<1x?xf32>) known(%0 : tensor<?x?xf32> = %seed : tensor<?x?xf32>) -> tensor<?x?xf32>, tensor<1x?xf32>
  return %g#0, %g#1 : tensor<?x?xf32>, tensor<1x?xf32>
}

// advanced_subtensor: g accumulated into zeros at the indices (repeated
// indices add up).
// CHECK-LABEL: func @gather_rule
// CHECK: %[[Z:.*]] = theano.alloc
// CHECK: %[[G:.*]] = theano.advanced_inc_subtensor %[[Z]][%arg1], %arg2
// CHECK-NOT: set
// CHECK: return %[[G]]
func.func @gather_rule(%x: tensor<?x?xf32>, %i: tensor<?xi64>, %seed: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = theano.advanced_subtensor %x[%i] : tensor<?x?xf32>, tensor<?xi64> -> tensor<?x?xf32>
  %g = theano.grad wrt(%x : tensor<?x?xf32>) known(%0 : tensor<?x?xf32> = %seed : tensor<?x?xf32>) -> tensor<?x?xf32>
  return %g : tensor<?x?xf32>
}

// advanced_inc_subtensor: g for x, g's indexed parts for the value.
// CHECK-LABEL: func @scatter_rule
// CHECK: %[[GV:.*]] = theano.advanced_subtensor %arg3[%arg1]
// CHECK: return %arg3, %[[GV]]
func.func @scatter_rule(%x: tensor<?x?xf32>, %i: tensor<?xi64>, %v: tensor<?x?xf32>, %seed: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %0 = theano.advanced_inc_subtensor %x[%i], %v : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?xi64>
  %g:2 = theano.grad wrt(%x, %v : tensor<?x?xf32>, tensor<?x?xf32>) known(%0 : tensor<?x?xf32> = %seed : tensor<?x?xf32>) -> tensor<?x?xf32>, tensor<?x?xf32>
  return %g#0, %g#1 : tensor<?x?xf32>, tensor<?x?xf32>
}
