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

// theano.scan: a cumulative sum of rows (a state) and each step's tanh (an
// output): the lengths are checked, the first step runs before the loop
// (the output's shape is known then), and the loop writes each step into
// the stacked results.
// CHECK-LABEL: func @scan
// CHECK: theano.check %{{.*}}, "theano.scan: n_steps must be nonnegative, got {0}"
// CHECK: theano.check %{{.*}}, "theano.scan: sequence 0 has {0} steps, fewer than n_steps = {1}"
// CHECK: tensor.extract_slice %arg1[%c0, 0] [1, %{{.*}}] [1, 1]
// CHECK: tensor.collapse_shape
// CHECK: linalg.generic
// CHECK: arith.addf
// CHECK: math.tanh
// CHECK: tensor.insert_slice
// CHECK: scf.for %[[T:.*]] = %c1 to %{{.*}} step %c1 iter_args(
// CHECK: tensor.extract_slice %arg1[%[[T]], 0]
// CHECK: arith.addf
// CHECK: math.tanh
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[%[[T]], 0]
// CHECK: scf.yield
func.func @scan(%n: tensor<i64>, %x: tensor<?x?xf64>, %h0: tensor<?xf64>) -> (tensor<?x?xf64>, tensor<?x?xf64>) {
  %0:3 = theano.scan %n : tensor<i64> sequences(%x : tensor<?x?xf64>) inits(%h0 : tensor<?xf64>) -> tensor<?x?xf64>, tensor<?x?xf64>, tensor<?xf64> {
  ^bb0(%row: tensor<?xf64>, %h: tensor<?xf64>):
    %1 = theano.add %h, %row : tensor<?xf64>, tensor<?xf64> -> tensor<?xf64>
    %2 = theano.tanh %1 : tensor<?xf64>
    theano.yield %1, %2 : tensor<?xf64>, tensor<?xf64>
  }
  return %0#0, %0#1 : tensor<?x?xf64>, tensor<?x?xf64>
}

// A state whose steps nobody reads (a reduce, a shared update) is not
// stacked: the loop carries it alone and its final value is the result.
// CHECK-LABEL: func @scan_final_only
// CHECK-NOT: tensor.insert_slice
// CHECK: %[[LOOP:.*]] = scf.for %{{.*}} = %c0 to %{{.*}} step %c1 iter_args(%[[H:.*]] = %arg2) -> (tensor<?xf64>)
// CHECK: linalg.copy
// CHECK: scf.yield
// CHECK-NOT: tensor.insert_slice
// CHECK: return %[[LOOP]]
func.func @scan_final_only(%n: tensor<i64>, %x: tensor<?x?xf64>, %h0: tensor<?xf64>) -> tensor<?xf64> {
  %0:2 = theano.scan %n : tensor<i64> sequences(%x : tensor<?x?xf64>) inits(%h0 : tensor<?xf64>) -> tensor<?x?xf64>, tensor<?xf64> {
  ^bb0(%row: tensor<?xf64>, %h: tensor<?xf64>):
    %1 = theano.add %h, %row : tensor<?xf64>, tensor<?xf64> -> tensor<?xf64>
    theano.yield %1 : tensor<?xf64>
  }
  return %0#1 : tensor<?xf64>
}

// A scan inside a scan's body is cloned into the outer loop and lowered
// there: two nested loops.
// CHECK-LABEL: func @nested_scan
// CHECK: scf.for
// CHECK: scf.for
// CHECK: math.tanh
func.func @nested_scan(%n: tensor<i64>, %m: tensor<i64>, %h0: tensor<?xf64>) -> tensor<?xf64> {
  %0:2 = theano.scan %n : tensor<i64> inits(%h0 : tensor<?xf64>) -> tensor<?x?xf64>, tensor<?xf64> {
  ^bb0(%h: tensor<?xf64>):
    %1:2 = theano.scan %m : tensor<i64> inits(%h : tensor<?xf64>) -> tensor<?x?xf64>, tensor<?xf64> {
    ^bb0(%g: tensor<?xf64>):
      %2 = theano.tanh %g : tensor<?xf64>
      theano.yield %2 : tensor<?xf64>
    }
    theano.yield %1#1 : tensor<?xf64>
  }
  return %0#1 : tensor<?xf64>
}

// With `until`, an scf.while over (step, going, carried values): it runs
// while step < n_steps and no step has asked to stop (its condition read as
// a float, NaN true), and the stacked results keep the rows of the steps
// run.
// CHECK-LABEL: func @scan_until
// CHECK: %[[LOOP:.*]]:4 = scf.while (%[[T:.*]] = %c0, %[[GO:.*]] = %true, %{{.*}} = %arg1, %{{.*}} = %{{.*}}) : (index, i1, tensor<f64>, tensor<?xf64>)
// CHECK: %[[LT:.*]] = arith.cmpi slt, %[[T]]
// CHECK: %[[MORE:.*]] = arith.andi %[[LT]], %[[GO]]
// CHECK: scf.condition(%[[MORE]])
// CHECK: } do {
// CHECK: arith.cmpf une
// CHECK: arith.xori
// CHECK: scf.yield
// CHECK: tensor.extract_slice %[[LOOP]]#3[0] [%[[LOOP]]#0] [1]
func.func @scan_until(%n: tensor<i64>, %p0: tensor<f64>, %limit: tensor<f64>) -> tensor<?xf64> {
  %0:2 = theano.scan %n : tensor<i64> inits(%p0 : tensor<f64>) -> tensor<?xf64>, tensor<f64> {
  ^bb0(%p: tensor<f64>):
    %1 = theano.add %p, %p : tensor<f64>, tensor<f64> -> tensor<f64>
    %2 = theano.gt %1, %limit : tensor<f64>, tensor<f64> -> tensor<i1>
    theano.yield %1, %2 : tensor<f64>, tensor<i1>
  } {until}
  return %0#0 : tensor<?xf64>
}
