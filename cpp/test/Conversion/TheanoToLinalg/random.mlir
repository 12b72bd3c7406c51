// RUN: theano-mlir-opt %s | theano-mlir-opt | FileCheck %s --check-prefix=ROUND
// RUN: theano-mlir-opt %s -convert-theano-to-linalg="threads=2" | FileCheck %s
// RUN: theano-mlir-opt %s -convert-theano-to-linalg -canonicalize | FileCheck %s --check-prefix=ONE
// The MRG31k3p draws (Theano's mrg_uniform), lowered.

// The size is checked (non-negative, at most 2^31 - 1 elements, some
// stream to draw from). The draws are rows of n_streams (a tensor of
// ceil(count / n_streams) rows); an scf.forall splits the streams into
// parts (at most `threads`, 2 here), each part a loop over vectors of 16
// streams: their six state words gathered from the flat state (every sixth
// word), an scf.for over the full rows stepping the words in registers
// (the two recurrences: shifts, masks and the multiplier 21069, reduced
// modulo M1 = 2^31 - 1 and M2 = 2147462579) and writing a vector of draws
// per row, the partial row under a mask (an scf.if), and the words
// scattered into the part's new state. The first `count` draws are
// reshaped to the size.
// ROUND-LABEL: func @uniform_f32
// ROUND: %{{.*}}, %{{.*}} = theano.mrg_uniform %{{.*}}, %{{.*}} : tensor<?x6xi32>, tensor<2xi64> -> tensor<?x?xf32>
// CHECK-LABEL: func @uniform_f32
// CHECK: theano.check %{{.*}}, "theano.mrg_uniform: the size must not be negative"
// CHECK: theano.check %{{.*}}, "theano.mrg_uniform: rng_mrg does not support more than (2**31 -1) samples"
// CHECK: theano.check %{{.*}}, "theano.mrg_uniform: the random state has no streams"
// CHECK: %[[FULL:.*]] = arith.divui
// CHECK: %[[ROWS:.*]] = arith.ceildivui
// CHECK: %[[DRAWS:.*]] = tensor.empty(%[[ROWS]], %{{.*}}) : tensor<?x?xf32>
// CHECK: %[[PARTS:.*]] = arith.minui %{{.*}}, %c2 : index
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1]] : tensor<?x6xi32> into tensor<?xi32>
// CHECK: scf.forall (%{{.*}}) in (%[[PARTS]]) shared_outs(%{{.*}} = %[[DRAWS]], %{{.*}} = %{{.*}}) -> (tensor<?x?xf32>, tensor<?x6xi32>)
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c16
// CHECK: arith.constant dense<[0, 6, 12, 18, 24, 30, 36, 42, 48, 54, 60, 66, 72, 78, 84, 90]> : vector<16xi32>
// CHECK-COUNT-6: vector.gather %[[FLAT]]
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[FULL]] {{.*}} -> (vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, tensor<?x?xf32>)
// CHECK: arith.constant dense<2147483647> : vector<16xi32>
// CHECK: arith.constant dense<21069> : vector<16xi32>
// CHECK: arith.constant dense<2147462579> : vector<16xi32>
// CHECK: arith.sitofp %{{.*}} : vector<16xi32> to vector<16xf32>
// CHECK: arith.mulf
// CHECK: vector.transfer_write
// CHECK: scf.yield
// CHECK: scf.if
// CHECK: vector.create_mask
// CHECK-COUNT-6: arith.select %{{.*}} : vector<16xi1>, vector<16xi32>
// CHECK: vector.transfer_write
// CHECK-COUNT-6: vector.scatter
// CHECK: scf.forall.in_parallel
// CHECK-COUNT-2: tensor.parallel_insert_slice
// CHECK: tensor.collapse_shape
// CHECK: tensor.extract_slice
// CHECK: tensor.reshape
func.func @uniform_f32(%state: tensor<?x6xi32>, %size: tensor<2xi64>) -> (tensor<?x6xi32>, tensor<?x?xf32>) {
  %s, %u = theano.mrg_uniform %state, %size : tensor<?x6xi32>, tensor<2xi64> -> tensor<?x?xf32>
  return %s, %u : tensor<?x6xi32>, tensor<?x?xf32>
}

// One thread (the default): a single part, which canonicalization inlines.
// ONE-LABEL: func @uniform_f32
// ONE-NOT: scf.forall
// ONE: vector.gather
// ONE-LABEL: func @uniform_f64

// f64 draws: the integer times 2^-31 in f64; the state of a shared
// variable has a dynamic second dimension.
// CHECK-LABEL: func @uniform_f64
// CHECK: arith.sitofp %{{.*}} : vector<16xi32> to vector<16xf64>
// CHECK: arith.constant dense<4.6566128730773926E-10> : vector<16xf64>
func.func @uniform_f64(%state: tensor<?x?xi32>, %size: tensor<1xi64>) -> (tensor<?x?xi32>, tensor<?xf64>) {
  %s, %u = theano.mrg_uniform %state, %size : tensor<?x?xi32>, tensor<1xi64> -> tensor<?xf64>
  return %s, %u : tensor<?x?xi32>, tensor<?xf64>
}

// f16 draws: Theano's ((x & 0x7fff) + 1) * float16(3.0458e-05), the
// product in f64 (numpy's), rounded once.
// CHECK-LABEL: func @uniform_f16
// CHECK: arith.constant dense<32767> : vector<16xi32>
// CHECK: arith.sitofp %{{.*}} : vector<16xi32> to vector<16xf64>
// CHECK: arith.truncf %{{.*}} : vector<16xf64> to vector<16xf16>
func.func @uniform_f16(%state: tensor<?x6xi32>, %size: tensor<1xi64>) -> (tensor<?x6xi32>, tensor<?xf16>) {
  %s, %u = theano.mrg_uniform %state, %size : tensor<?x6xi32>, tensor<1xi64> -> tensor<?xf16>
  return %s, %u : tensor<?x6xi32>, tensor<?xf16>
}
