// RUN: theano-mlir-opt %s -convert-theano-to-linalg | FileCheck %s

// theano.ifelse is an scf.if on the condition's truth (nonzero); each
// branch's ops move into it and are lowered there (the branch not taken
// computes nothing, its checks included).
// CHECK-LABEL: func @ifelse
// CHECK: %[[C:.*]] = tensor.extract %arg0[] : tensor<i32>
// CHECK: %[[TAKEN:.*]] = arith.cmpi ne, %[[C]], %{{.*}} : i32
// CHECK: scf.if %[[TAKEN]] -> (tensor<?xf64>)
// CHECK: theano.check %{{.*}}, "IndexError: theano.subtensor
// CHECK: scf.yield
// CHECK: } else {
// CHECK: linalg.generic
// CHECK: math.sin
// CHECK: scf.yield
func.func @ifelse(%c: tensor<i32>, %x: tensor<?xf64>, %i: tensor<i64>) -> tensor<?xf64> {
  %0 = theano.ifelse %c : tensor<i32> -> tensor<?xf64> {
    %1 = theano.subtensor %x[%i] {indices = array<i1: true>, starts = array<i64: -9223372036854775808>, stops = array<i64: -9223372036854775807>, steps = array<i64: -9223372036854775807>} : tensor<?xf64>, tensor<i64> -> tensor<f64>
    %2 = theano.dimshuffle %1 [-1] : tensor<f64> -> tensor<1xf64>
    %3 = tensor.cast %2 : tensor<1xf64> to tensor<?xf64>
    theano.yield %3 : tensor<?xf64>
  } else {
    %4 = theano.sin %x : tensor<?xf64>
    theano.yield %4 : tensor<?xf64>
  }
  return %0 : tensor<?xf64>
}
