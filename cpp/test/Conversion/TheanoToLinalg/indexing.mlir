// RUN: theano-mlir-opt %s -convert-theano-to-linalg -canonicalize -cse | FileCheck %s

// x[i, 1::2]: the index is checked (an IndexError), wrapped if negative,
// and the slice is a strided view of x: no copy, no loop. The indexed
// dimension is collapsed explicitly, never by a rank-reducing slice (whose
// canonical form may drop another dimension of size 1).
// CHECK-LABEL: func @basic
// CHECK: theano.check %{{.*}}, "IndexError: theano.subtensor: index {0} is out of bounds for axis 0 with size {1}"
// CHECK: %[[S:.*]] = tensor.extract_slice %arg0[%{{.*}}, %{{.*}}, 0] [1, %{{.*}}, %{{.*}}] [1, 2, 1] : tensor<?x?x?xf64> to tensor<1x?x?xf64>
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[S]] {{\[}}[0, 1], [2]] : tensor<1x?x?xf64> into tensor<?x?xf64>
// CHECK-NOT: linalg.generic
// CHECK: return %[[C]]
func.func @basic(%x: tensor<?x?x?xf64>, %i: tensor<i64>) -> tensor<?x?xf64> {
  %0 = theano.subtensor %x[%i] {indices = array<i1: true, false>, starts = array<i64: -9223372036854775808, 1>, stops = array<i64: -9223372036854775807, -9223372036854775807>, steps = array<i64: -9223372036854775807, 2>} : tensor<?x?x?xf64>, tensor<i64> -> tensor<?x?xf64>
  return %0 : tensor<?x?xf64>
}

// A dynamic step may be negative: it is checked not to be 0, and both
// signs' bounds are computed (numpy's clamping), one selected.
// CHECK-LABEL: func @dynamic_step
// CHECK: theano.check %{{.*}}, "theano.subtensor: slice step cannot be zero"
// CHECK: arith.cmpi sgt
// CHECK: tensor.extract_slice %arg0[%{{.*}}] [%{{.*}}] [%{{.*}}]
func.func @dynamic_step(%x: tensor<?xf32>, %s: tensor<i64>) -> tensor<?xf32> {
  %0 = theano.subtensor %x[%s] {indices = array<i1: false>, starts = array<i64: -9223372036854775807>, stops = array<i64: -9223372036854775807>, steps = array<i64: -9223372036854775808>} : tensor<?xf32>, tensor<i64> -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// set_subtensor(x[::-1], v): v (broadcasting) is written into the reversed
// view, which goes back where it came from (in place once bufferized).
// CHECK-LABEL: func @set_reversed
// A negative step is 1 where the slice is empty (an empty slice with a
// negative stride from 0 is out of bounds for the slice verifier).
// CHECK: %[[STEP:.*]] = arith.select %{{.*}}, %c1, %c-1 : index
// CHECK: %[[V:.*]] = tensor.extract_slice %arg0[%[[O:.*]], 0] [%[[N:.*]], %[[M:.*]]] [%[[STEP]], 1]
// CHECK: %[[W:.*]] = linalg.generic {{.*}} ins(%arg1 : tensor<1x1xf32>) outs(%[[V]] : tensor<?x?xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: linalg.yield %[[IN]]
// CHECK: tensor.insert_slice %[[W]] into %arg0[%[[O]], 0] [%[[N]], %[[M]]] [%[[STEP]], 1]
func.func @set_reversed(%x: tensor<?x?xf32>, %v: tensor<1x1xf32>) -> tensor<?x?xf32> {
  %0 = theano.inc_subtensor %x[], %v {indices = array<i1: false>, set, starts = array<i64: -9223372036854775807>, stops = array<i64: -9223372036854775807>, steps = array<i64: -1>} : tensor<?x?xf32>, tensor<1x1xf32>
  return %0 : tensor<?x?xf32>
}

// inc_subtensor(x[:, 0], v): the value's size is the part's or 1 (numpy's
// x[idx] += v broadcasts a value of size 1 found at run time): the generic
// reads v by index, at 0 where its size is 1.
// CHECK-LABEL: func @inc_column
// CHECK: %[[EQ:.*]] = arith.cmpi eq, %[[HAVE:.*]], %[[WANT:.*]] : index
// CHECK: %[[ONE:.*]] = arith.cmpi eq, %[[HAVE]], %c1 : index
// CHECK: %[[FITS:.*]] = arith.ori %[[EQ]], %[[ONE]]
// CHECK: theano.check %[[FITS]], "theano.inc_subtensor: shape mismatch: a value of size {0} for an indexed part of size {1} in dimension 0"
// CHECK-NOT: scf.if
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<?xi32>)
// CHECK: %[[AT:.*]] = arith.select %[[ONE]], %c0, %{{.*}} : index
// CHECK: tensor.extract %arg1[%[[AT]]]
// CHECK: arith.addi
// CHECK: tensor.insert_slice
func.func @inc_column(%x: tensor<?x?xi32>, %v: tensor<?xi32>) -> tensor<?x?xi32> {
  %0 = theano.inc_subtensor %x[], %v {indices = array<i1: false, true>, starts = array<i64: -9223372036854775807, 0>, stops = array<i64: -9223372036854775807, -9223372036854775807>, steps = array<i64: -9223372036854775807, -9223372036854775807>} : tensor<?x?xi32>, tensor<?xi32>
  return %0 : tensor<?x?xi32>
}

// x[i, j]: each index tensor's extremes are checked against its dimension
// before the gather reads x at the (wrapped) indices. j broadcasts (its
// size is 1), so the indices' sizes need no check here.
// CHECK-LABEL: func @gather
// CHECK-NOT: shape mismatch
// CHECK: theano.check %{{.*}}, "IndexError: theano.advanced_subtensor: index {0} is out of bounds for axis 0 with size {1}"
// CHECK: theano.check %{{.*}}, "IndexError: theano.advanced_subtensor: index {0} is out of bounds for axis 1 with size {1}"
// CHECK: linalg.generic {indexing_maps = [#map{{.*}}], iterator_types = ["parallel"]} outs(
// CHECK: tensor.extract %arg1[%{{.*}}] : tensor<?xi64>
// CHECK: tensor.extract %arg2[%c0] : tensor<1xi64>
// CHECK: tensor.extract %arg0[%{{.*}}, %{{.*}}] : tensor<?x?xf32>
func.func @gather(%x: tensor<?x?xf32>, %i: tensor<?xi64>, %j: tensor<1xi64>) -> tensor<?xf32> {
  %0 = theano.advanced_subtensor %x[%i, %j] : tensor<?x?xf32>, tensor<?xi64>, tensor<1xi64> -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// inc_subtensor(x[i], v): a loop over the indices, each step adding its row
// of v into the row of x (an extract_slice / insert_slice pair on the loop's
// tensor: in place once bufferized), no check inside the loop.
// CHECK-LABEL: func @scatter
// CHECK: theano.check %{{.*}}, "theano.advanced_inc_subtensor: shape mismatch
// CHECK: scf.for %{{.*}} = %c0 to %{{.*}} step %c1 iter_args(%[[ACC:.*]] = %arg0)
// CHECK-NOT: theano.check
// CHECK: %[[SLICE:.*]] = tensor.extract_slice %[[ACC]][%[[AT:.*]], 0] [1, %[[M:.*]]] [1, 1]
// CHECK: %[[ROW:.*]] = tensor.collapse_shape %[[SLICE]]
// CHECK: %[[NEW:.*]] = linalg.generic {{.*}} outs(%[[ROW]] : tensor<?xf32>)
// CHECK: arith.addf
// CHECK: %[[BACK:.*]] = tensor.expand_shape %[[NEW]]
// CHECK: %[[W:.*]] = tensor.insert_slice %[[BACK]] into %[[ACC]][%[[AT]], 0] [1, %[[M]]] [1, 1]
// CHECK: scf.yield %[[W]]
func.func @scatter(%x: tensor<?x?xf32>, %i: tensor<?xi64>, %v: tensor<?x1xf32>) -> tensor<?x?xf32> {
  %0 = theano.advanced_inc_subtensor %x[%i], %v : tensor<?x?xf32>, tensor<?x1xf32>, tensor<?xi64>
  return %0 : tensor<?x?xf32>
}

// set_subtensor(x[1:], x[::-1][1:]): the value is a view of x, read while x
// is written: it is copied first (bufferization does not see the conflict
// through a chain of slices).
// CHECK-LABEL: func @value_views_the_input
// CHECK: %[[VIEW:.*]] = tensor.extract_slice %arg0
// CHECK: %[[COPY:.*]] = bufferization.alloc_tensor() copy(%[[VIEW]])
// CHECK: linalg.generic
// CHECK: tensor.extract %[[COPY]]
// CHECK: tensor.insert_slice
func.func @value_views_the_input(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = theano.subtensor %x[] {indices = array<i1: false>, starts = array<i64: -9223372036854775807>, stops = array<i64: -1>, steps = array<i64: -1>} : tensor<?xf32> -> tensor<?xf32>
  %1 = theano.inc_subtensor %x[], %0 {indices = array<i1: false>, set, starts = array<i64: 1>, stops = array<i64: -9223372036854775807>, steps = array<i64: -9223372036854775807>} : tensor<?xf32>, tensor<?xf32>
  return %1 : tensor<?xf32>
}

// Two index vectors of run-time sizes: each is the broadcast size or 1.
// CHECK-LABEL: func @gather_pairs
// CHECK: theano.check %{{.*}}, "IndexError: theano.advanced_subtensor: shape mismatch: indexing arrays could not be broadcast together ({0} vs {1} in dimension 0)"
func.func @gather_pairs(%x: tensor<?x?xf32>, %i: tensor<?xi64>, %j: tensor<?xi64>) -> tensor<?xf32> {
  %0 = theano.advanced_subtensor %x[%i, %j] : tensor<?x?xf32>, tensor<?xi64>, tensor<?xi64> -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// x[:-2:-2, :-2, 0] of a 2x4x3 tensor is 1x2: with static sizes the slice
// is 1x2x1, and the index's dimension (the last) is the one that goes.
// CHECK-LABEL: func @kept_unit_dimension
// CHECK: tensor.extract_slice %arg0[1, 0, 0] [1, 2, 1] [-2, 1, 1] : tensor<2x4x3xi8> to tensor<1x2x1xi8>
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2]] : tensor<1x2x1xi8> into tensor<1x2xi8>
func.func @kept_unit_dimension(%x: tensor<2x4x3xi8>) -> tensor<?x?xi8> {
  %0 = theano.subtensor %x[] {indices = array<i1: false, false, true>, starts = array<i64: -9223372036854775807, -9223372036854775807, 0>, stops = array<i64: -2, -2, -9223372036854775807>, steps = array<i64: -2, -9223372036854775807, -9223372036854775807>} : tensor<2x4x3xi8> -> tensor<?x?xi8>
  return %0 : tensor<?x?xi8>
}
