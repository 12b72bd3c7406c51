// RUN: theano-mlir-opt %s | theano-mlir-opt | FileCheck %s --check-prefix=ROUND
// RUN: theano-mlir-opt %s -convert-theano-to-linalg | FileCheck %s
// The MRG31k3p draws (Theano's mrg_uniform), lowered.

// The size is checked (non-negative, at most 2^31 - 1 elements, some
// stream to draw from); the state's six words per stream are copied into
// six vectors, then rows of n_streams draws: an scf.for over the full rows,
// each row one linalg.generic over the streams advancing the six words in
// place (the two recurrences: shifts, masks and the multiplier 21069,
// reduced modulo M1 = 2^31 - 1 and M2 = 2147462579) and writing the draws,
// then the partial last row (each generic marked compute bound: the
// schedule splits it among the threads in its loop); the words go into the
// columns of a new state and the flat draws are reshaped to the size.
// ROUND-LABEL: func @uniform_f32
// ROUND: %{{.*}}, %{{.*}} = theano.mrg_uniform %{{.*}}, %{{.*}} : tensor<?x6xi32>, tensor<2xi64> -> tensor<?x?xf32>
// CHECK-LABEL: func @uniform_f32
// CHECK: theano.check %{{.*}}, "theano.mrg_uniform: the size must not be negative"
// CHECK: theano.check %{{.*}}, "theano.mrg_uniform: rng_mrg does not support more than (2**31 -1) samples"
// CHECK: theano.check %{{.*}}, "theano.mrg_uniform: the random state has no streams"
// CHECK-COUNT-6: bufferization.alloc_tensor() copy(%{{.*}}) : tensor<?xi32>
// CHECK: %[[ROWS:.*]] = arith.divui
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[ROWS]] {{.*}} -> (tensor<?xf32>, tensor<?xi32>, tensor<?xi32>, tensor<?xi32>, tensor<?xi32>, tensor<?xi32>, tensor<?xi32>)
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]} outs({{.*}} attrs = {theano.compute_bound}
// CHECK: arith.constant 2147483647 : i32
// CHECK: arith.constant 21069 : i32
// CHECK: arith.constant 2147462579 : i32
// CHECK: arith.sitofp %{{.*}} : i32 to f32
// CHECK: arith.mulf
// CHECK: linalg.yield
// CHECK-COUNT-7: tensor.insert_slice
// CHECK: scf.yield
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]} outs({{.*}} attrs = {theano.compute_bound}
// CHECK: %[[STATE:.*]] = tensor.empty(%{{.*}}) : tensor<?x6xi32>
// CHECK-COUNT-6: linalg.copy ins(%{{.*}} : tensor<?xi32>) outs(%{{.*}} : tensor<?xi32>)
// CHECK: tensor.reshape
func.func @uniform_f32(%state: tensor<?x6xi32>, %size: tensor<2xi64>) -> (tensor<?x6xi32>, tensor<?x?xf32>) {
  %s, %u = theano.mrg_uniform %state, %size : tensor<?x6xi32>, tensor<2xi64> -> tensor<?x?xf32>
  return %s, %u : tensor<?x6xi32>, tensor<?x?xf32>
}

// f64 draws: the integer times 2^-31 in f64; the state of a shared
// variable has a dynamic second dimension.
// CHECK-LABEL: func @uniform_f64
// CHECK: arith.sitofp %{{.*}} : i32 to f64
// CHECK: arith.constant 4.6566128730773926E-10 : f64
func.func @uniform_f64(%state: tensor<?x?xi32>, %size: tensor<1xi64>) -> (tensor<?x?xi32>, tensor<?xf64>) {
  %s, %u = theano.mrg_uniform %state, %size : tensor<?x?xi32>, tensor<1xi64> -> tensor<?xf64>
  return %s, %u : tensor<?x?xi32>, tensor<?xf64>
}

// f16 draws: Theano's ((x & 0x7fff) + 1) * float16(3.0458e-05), the
// product in f64 (numpy's), rounded once.
// CHECK-LABEL: func @uniform_f16
// CHECK: arith.constant 32767 : i32
// CHECK: arith.sitofp %{{.*}} : i32 to f64
// CHECK: arith.truncf %{{.*}} : f64 to f16
func.func @uniform_f16(%state: tensor<?x6xi32>, %size: tensor<1xi64>) -> (tensor<?x6xi32>, tensor<?xf16>) {
  %s, %u = theano.mrg_uniform %state, %size : tensor<?x6xi32>, tensor<1xi64> -> tensor<?xf16>
  return %s, %u : tensor<?x6xi32>, tensor<?xf16>
}
