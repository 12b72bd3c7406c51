// RUN: theano-mlir-opt --pass-pipeline='builtin.module(convert-theano-to-linalg,canonicalize,cse,func.func(theano-hoist-checks,theano-update-in-place))' %s | FileCheck %s

// The new value is written into the argument, now writable; the output that
// returns the old value copies it before anything is written.
// CHECK-LABEL: func @counter
// CHECK-SAME: (%[[X:.*]]: tensor<i64> {bufferization.writable = true})
// CHECK: %[[OLD:.*]] = bufferization.alloc_tensor() copy(%[[X]])
// CHECK: %[[NEW:.*]] = linalg.generic
// CHECK: %[[WRITTEN:.*]] = bufferization.materialize_in_destination %[[NEW]] in %[[X]]
// CHECK: return %[[OLD]], %[[WRITTEN]]
func.func @counter(%x: tensor<i64>) -> (tensor<i64>, tensor<i64>)
    attributes {theano.update_args = array<i64: 0>} {
  %one = theano.constant dense<1> : tensor<i64>
  %0 = theano.add %x, %one : tensor<i64>, tensor<i64> -> tensor<i64>
  return %x, %0 : tensor<i64>, tensor<i64>
}

// The new value's shape follows the argument's through the product's checks.
// CHECK-LABEL: func @sgd_step
// CHECK-SAME: %{{.*}}: tensor<?x?xf64> {bufferization.writable = true}
// CHECK: linalg.matmul
// CHECK: bufferization.materialize_in_destination
func.func @sgd_step(%xs: tensor<?x?xf64>, %w: tensor<?x?xf64>) -> tensor<?x?xf64>
    attributes {theano.update_args = array<i64: 1>} {
  %0 = theano.dot %xs, %w : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  %1 = theano.dot %0, %xs : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  %2 = theano.sub %w, %1 : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  return %2 : tensor<?x?xf64>
}

// Another variable's value may have another shape: it stays a result.
// CHECK-LABEL: func @unknown_shape
// CHECK-NOT: writable = true
// CHECK-NOT: materialize_in_destination
// CHECK: return
func.func @unknown_shape(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32>
    attributes {theano.update_args = array<i64: 0>} {
  return %y : tensor<?xf32>
}

// A check that depends on a computed value (the sum) cannot be hoisted to
// the start; it still comes before the update's write, so a failing call
// writes nothing and the update is written in place.
// CHECK-LABEL: func @late_check_before_the_write
// CHECK: theano.check
// CHECK: linalg.generic
// CHECK: arith.negf
// CHECK: materialize_in_destination
func.func @late_check_before_the_write(%x: tensor<?xf32>, %n: tensor<?xi64>) -> tensor<?xf32>
    attributes {theano.update_args = array<i64: 0>} {
  %0 = theano.sum %n [0] : tensor<?xi64> -> tensor<i64>
  %1 = theano.make_vector %0 : tensor<i64> -> tensor<1xi64>
  %2 = theano.reshape %x, %1 : tensor<?xf32>, tensor<1xi64> -> tensor<?xf32>
  %3 = theano.neg %x : tensor<?xf32>
  return %3 : tensor<?xf32>
}

// A check after the computation that would write the argument could fail
// after the write: no update is written in place.
// CHECK-LABEL: func @late_check_after_the_write
// CHECK: arith.negf
// CHECK: theano.check
// CHECK-NOT: materialize_in_destination
// CHECK: return
func.func @late_check_after_the_write(%x: tensor<?xf32>, %n: tensor<?xi64>) -> (tensor<?xf32>, tensor<?xf32>)
    attributes {theano.update_args = array<i64: 0>} {
  %3 = theano.neg %x : tensor<?xf32>
  %4 = theano.exp %3 : tensor<?xf32>
  %5 = theano.sum %4 [0] : tensor<?xf32> -> tensor<f32>
  %6 = theano.cast %5 : tensor<f32> -> tensor<i64>
  %1 = theano.make_vector %6 : tensor<i64> -> tensor<1xi64>
  %2 = theano.reshape %x, %1 : tensor<?xf32>, tensor<1xi64> -> tensor<?xf32>
  return %2, %3 : tensor<?xf32>, tensor<?xf32>
}

// Of two updates, the one computed before a late check (a random state
// advanced before the cost's indices are checked) stays a result; the other,
// computed after it, is still written in place.
// CHECK-LABEL: func @one_update_before_a_late_check
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?xf32>, %[[W:[^:]*]]: tensor<?xf32> {bufferization.writable = true}
// CHECK: %[[EARLY:.*]] = linalg.generic
// CHECK: arith.negf
// CHECK: theano.check
// CHECK: %[[LATE:.*]] = linalg.generic
// CHECK: math.exp
// CHECK: %[[WRITTEN:.*]] = bufferization.materialize_in_destination %[[LATE]] in %[[W]]
// CHECK: return %{{.*}}, %[[EARLY]], %[[WRITTEN]]
func.func @one_update_before_a_late_check(%x: tensor<?xf32>, %w: tensor<?xf32>, %n: tensor<?xi64>) -> (tensor<?xf32>, tensor<?xf32>, tensor<?xf32>)
    attributes {theano.update_args = array<i64: 0, 1>} {
  %early = theano.neg %x : tensor<?xf32>
  %0 = theano.sum %n [0] : tensor<?xi64> -> tensor<i64>
  %1 = theano.make_vector %0 : tensor<i64> -> tensor<1xi64>
  %2 = theano.reshape %early, %1 : tensor<?xf32>, tensor<1xi64> -> tensor<?xf32>
  %late = theano.exp %w : tensor<?xf32>
  return %2, %early, %late : tensor<?xf32>, tensor<?xf32>, tensor<?xf32>
}

// An update that is also an output: the output is a copy of the new value,
// which is written into the argument (returning the written value itself
// made bufferization fail: "cannot avoid RaW conflict").
// CHECK-LABEL: func @update_also_output
// CHECK: %[[NEW:.*]] = linalg.generic
// CHECK: %[[COPY:.*]] = bufferization.alloc_tensor() copy(%[[NEW]])
// CHECK: %[[WRITTEN:.*]] = bufferization.materialize_in_destination %[[NEW]] in %arg0
// CHECK: return %[[COPY]], %[[WRITTEN]]
func.func @update_also_output(%x: tensor<f32>) -> (tensor<f32>, tensor<f32>)
    attributes {theano.update_args = array<i64: 0>} {
  %0 = theano.add %x, %x : tensor<f32>, tensor<f32> -> tensor<f32>
  return %0, %0 : tensor<f32>, tensor<f32>
}

// Rows added into a shared matrix (the embedding update): the loop updates
// the argument through its iteration value, so bufferization writes it in
// place; no materialize_in_destination, which would read the loop's result
// while writing its memory.
// CHECK-LABEL: func @embedding_update
// CHECK-SAME: %[[E:[^:]*]]: tensor<?x?xf64> {bufferization.writable = true}
// CHECK: %[[R:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[E]])
// CHECK-NOT: materialize_in_destination
// CHECK: return %[[R]]
func.func @embedding_update(%idx: tensor<?xi64>, %d: tensor<?x?xf64>, %e: tensor<?x?xf64>) -> tensor<?x?xf64>
    attributes {theano.update_args = array<i64: 2>} {
  %0 = theano.advanced_inc_subtensor %e[%idx], %d : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?xi64>
  return %0 : tensor<?x?xf64>
}

// cumsum(x) as x's update: the loop reads rows of x's old value while it
// computes the new one, so x is not written in place (it stays a result).
// CHECK-LABEL: func @cumulative_update(%{{[^:]*}}: tensor<?x?xf32>) -> tensor<?x?xf32>
// CHECK-NOT: materialize_in_destination
func.func @cumulative_update(%x: tensor<?x?xf32>) -> tensor<?x?xf32>
    attributes {theano.update_args = array<i64: 0>} {
  %0 = theano.cumulative %x {axis = 0 : i64} : tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}
