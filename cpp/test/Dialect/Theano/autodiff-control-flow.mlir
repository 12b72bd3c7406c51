// RUN: theano-mlir-opt --pass-pipeline='builtin.module(func.func(theano-autodiff))' %s | FileCheck %s
// RUN: theano-mlir-opt --pass-pipeline='builtin.module(func.func(theano-autodiff,canonicalize))' %s | FileCheck %s --check-prefix=CANON
// Gradients through a lazy ifelse: an ifelse on the same condition whose
// branches recompute their values and differentiate them with respect to
// what they read from above (zeros where a branch does not read it).

// grad(sum(ifelse(c, x * x, sin(x)))) wrt x: 2x where c, cos(x) otherwise.
// CHECK-LABEL: func @grad_through_ifelse
// CHECK: theano.ifelse %arg0 : tensor<i32> -> tensor<?xf64>
// CHECK: theano.mul
// CHECK: theano.ifelse %arg0 : tensor<i32> -> tensor<?xf64>
// CHECK: theano.mul
// CHECK: theano.add
// CHECK: theano.yield
// CHECK: } else {
// CHECK: theano.cos
// CHECK: theano.yield
func.func @grad_through_ifelse(%c: tensor<i32>, %x: tensor<?xf64>) -> tensor<?xf64> {
  %0 = theano.ifelse %c : tensor<i32> -> tensor<?xf64> {
    %1 = theano.mul %x, %x : tensor<?xf64>, tensor<?xf64> -> tensor<?xf64>
    theano.yield %1 : tensor<?xf64>
  } else {
    %2 = theano.sin %x : tensor<?xf64>
    theano.yield %2 : tensor<?xf64>
  }
  %3 = theano.sum %0 [0] : tensor<?xf64> -> tensor<f64>
  %g = theano.grad cost(%3 : tensor<f64>) wrt(%x : tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// Backpropagation through time: grad(sum(h_n)) of h_t = tanh(h_{t-1} * w +
// x_t) wrt w, x and h0 is a reverse scan over the steps. Its sequences are
// the rows of x, the stacked results' adjoints, the states before each step
// (the stacked states shifted down by one, h0 first) and the stacked states
// themselves, which the body reads instead of recomputing them (CANON: the
// recomputation goes); it carries the state's adjoint and w's summed
// adjoint, and stacks x's rows' adjoints (read back reversed).
// CHECK-LABEL: func @grad_through_scan
// CHECK: %[[FWD:.*]]:2 = theano.scan %arg0 : tensor<i64> sequences(%arg1 : tensor<?x?xf64>) inits(%arg2 : tensor<?xf64>)
// CHECK: theano.inc_subtensor {{.*}}set{{.*}} : tensor<?x?xf64>, tensor<?x?xf64>, tensor<i64>
// CHECK: theano.inc_subtensor {{.*}}set{{.*}} : tensor<?x?xf64>, tensor<1x?xf64>, tensor<i64>
// CHECK: %[[BWD:.*]]:5 = theano.scan %{{.*}} : tensor<i64> sequences({{.*}} : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>) inits({{.*}} : tensor<?xf64>, tensor<?xf64>) -> tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64> {
// CHECK-NEXT: ^bb0(%[[X:.*]]: tensor<?xf64>, %[[DH:.*]]: tensor<?xf64>, %[[PREV:.*]]: tensor<?xf64>, %[[H:.*]]: tensor<?xf64>, %[[LAMBDA:.*]]: tensor<?xf64>, %[[GW:.*]]: tensor<?xf64>):
// CHECK: theano.add %[[LAMBDA]], %[[DH]]
// CHECK: theano.mul %[[H]], %[[H]]
// CHECK: %[[DW:.*]] = theano.mul %{{.*}}, %[[PREV]]
// CHECK: %[[DPREV:.*]] = theano.mul %{{.*}}, %arg3
// CHECK: %[[SUMW:.*]] = theano.add %[[GW]], %[[DW]]
// CHECK: theano.yield %[[DPREV]], %[[SUMW]], %{{.*}}
// CHECK: } {reverse}
// CHECK: theano.subtensor %[[BWD]]#2[] {{.*}}steps = array<i64: -1>
// CHECK: return %[[BWD]]#4, %{{.*}}, %[[BWD]]#3
// CANON-LABEL: func @grad_through_scan
// CANON: theano.tanh
// CANON: } {reverse}
// CANON-NOT: theano.tanh
// CANON: return
func.func @grad_through_scan(%n: tensor<i64>, %x: tensor<?x?xf64>, %h0: tensor<?xf64>, %w: tensor<?xf64>) -> (tensor<?xf64>, tensor<?x?xf64>, tensor<?xf64>) {
  %0:2 = theano.scan %n : tensor<i64> sequences(%x : tensor<?x?xf64>) inits(%h0 : tensor<?xf64>) -> tensor<?x?xf64>, tensor<?xf64> {
  ^bb0(%row: tensor<?xf64>, %h: tensor<?xf64>):
    %1 = theano.mul %h, %w : tensor<?xf64>, tensor<?xf64> -> tensor<?xf64>
    %2 = theano.add %1, %row : tensor<?xf64>, tensor<?xf64> -> tensor<?xf64>
    %3 = theano.tanh %2 : tensor<?xf64>
    theano.yield %3 : tensor<?xf64>
  }
  %4 = theano.sum %0#0 [0, 1] : tensor<?x?xf64> -> tensor<f64>
  %g:3 = theano.grad cost(%4 : tensor<f64>) wrt(%w, %x, %h0 : tensor<?xf64>, tensor<?x?xf64>, tensor<?xf64>) -> tensor<?xf64>, tensor<?x?xf64>, tensor<?xf64>
  return %g#0, %g#1, %g#2 : tensor<?xf64>, tensor<?x?xf64>, tensor<?xf64>
}

// truncate_gradient = 2: the reverse scan runs min(n, 2) steps over the
// last rows, and h0's adjoint is zero unless that is every step.
// CHECK-LABEL: func @truncated_grad_through_scan
// CHECK: theano.minimum %arg0, %{{.*}} : tensor<i64>, tensor<i64>
// CHECK: theano.scan
// CHECK: theano.eq
// CHECK: theano.switch
func.func @truncated_grad_through_scan(%n: tensor<i64>, %x: tensor<?x?xf64>, %h0: tensor<?xf64>) -> tensor<?xf64> {
  %0:2 = theano.scan %n : tensor<i64> sequences(%x : tensor<?x?xf64>) inits(%h0 : tensor<?xf64>) -> tensor<?x?xf64>, tensor<?xf64> {
  ^bb0(%row: tensor<?xf64>, %h: tensor<?xf64>):
    %1 = theano.mul %h, %row : tensor<?xf64>, tensor<?xf64> -> tensor<?xf64>
    theano.yield %1 : tensor<?xf64>
  } {truncate_gradient = 2 : i64}
  %2 = theano.sum %0#1 [0] : tensor<?xf64> -> tensor<f64>
  %g = theano.grad cost(%2 : tensor<f64>) wrt(%h0 : tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}
