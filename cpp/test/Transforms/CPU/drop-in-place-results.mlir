// RUN: theano-mlir-opt --pass-pipeline='builtin.module(convert-theano-to-linalg,canonicalize,cse,func.func(theano-hoist-checks,theano-update-in-place),eliminate-empty-tensors,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(theano-drop-in-place-results),canonicalize)' %s | FileCheck %s

// The sum is computed straight into the argument: no buffer, no result.
// CHECK-LABEL: func @accumulate
// CHECK-SAME: (%[[ACC:.*]]: memref<?x?xf32>, %[[X:.*]]: memref<?x?xf32>) -> memref<?x?xf32>
// CHECK-SAME: theano.update_args = array<i64>
// CHECK-NOT: memref.alloc
// CHECK: linalg.generic {{.*}} ins(%[[ACC]], %[[X]] : {{.*}}) outs(%[[ACC]] : memref<?x?xf32>)
// CHECK: %[[NEG:.*]] = memref.alloc
// CHECK-NOT: memref.copy
// CHECK: return %[[NEG]] : memref<?x?xf32>
func.func @accumulate(%acc: tensor<?x?xf32>, %x: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>)
    attributes {theano.update_args = array<i64: 0>} {
  %0 = theano.add %acc, %x : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  %1 = theano.neg %x : tensor<?x?xf32>
  return %1, %0 : tensor<?x?xf32>, tensor<?x?xf32>
}

// Swapping two variables: each old value is copied before either is
// written, and both are written in place.
// CHECK-LABEL: func @swap
// CHECK-SAME: (%[[X:.*]]: memref<4xf32>, %[[Y:.*]]: memref<4xf32>)
// CHECK-SAME: theano.update_args = array<i64>
// CHECK: %[[OLD_Y:.*]] = memref.alloc
// CHECK: memref.copy %[[Y]], %[[OLD_Y]]
// CHECK: %[[OLD_X:.*]] = memref.alloc
// CHECK: memref.copy %[[X]], %[[OLD_X]]
// CHECK: memref.copy %[[OLD_Y]], %[[X]]
// CHECK: memref.copy %[[OLD_X]], %[[Y]]
// CHECK: return
func.func @swap(%x: tensor<4xf32>, %y: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
    attributes {theano.update_args = array<i64: 0, 1>} {
  return %y, %x : tensor<4xf32>, tensor<4xf32>
}

// An update that the analysis cannot prove to keep the shape stays a result.
// CHECK-LABEL: func @new_shape
// CHECK-SAME: -> memref<?xf32>
// CHECK-SAME: theano.update_args = array<i64: 0>
func.func @new_shape(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32>
    attributes {theano.update_args = array<i64: 0>} {
  %0 = theano.neg %y : tensor<?xf32>
  return %0 : tensor<?xf32>
}
