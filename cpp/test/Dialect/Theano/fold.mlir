// RUN: theano-mlir-opt %s -canonicalize | FileCheck %s
// Constant folding and the trivial identities, and what must not fold.

// CHECK-LABEL: func @add_zero
// CHECK-SAME: (%[[X:.*]]: tensor<?xf32>, %[[I:.*]]: tensor<?xi8>)
// CHECK-NEXT: return %[[X]], %[[X]], %[[I]]
func.func @add_zero(%x: tensor<?xf32>, %i: tensor<?xi8>) -> (tensor<?xf32>, tensor<?xf32>, tensor<?xi8>) {
  %zero = theano.constant dense<-0.0> : tensor<1xf32>
  %0 = theano.add %x, %zero : tensor<?xf32>, tensor<1xf32> -> tensor<?xf32>
  %1 = theano.add %zero, %x : tensor<1xf32>, tensor<?xf32> -> tensor<?xf32>
  %izero = theano.constant dense<0> : tensor<1xi8>
  %2 = theano.add %i, %izero : tensor<?xi8>, tensor<1xi8> -> tensor<?xi8>
  return %0, %1, %2 : tensor<?xf32>, tensor<?xf32>, tensor<?xi8>
}

// Not x + 0.0 for floats: -0.0 + 0.0 is +0.0.
// CHECK-LABEL: func @add_positive_zero
// CHECK: theano.add
// CHECK: theano.add
func.func @add_positive_zero(%x: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %zero = theano.constant dense<0.0> : tensor<1xf32>
  %0 = theano.add %x, %zero : tensor<?xf32>, tensor<1xf32> -> tensor<?xf32>
  %1 = theano.add %zero, %x : tensor<1xf32>, tensor<?xf32> -> tensor<?xf32>
  return %0, %1 : tensor<?xf32>, tensor<?xf32>
}

// A broadcast that changes the type must stay.
// CHECK-LABEL: func @add_zero_broadcasting
// CHECK: theano.add
func.func @add_zero_broadcasting(%x: tensor<1xf32>, %z: tensor<?xf32>) -> tensor<?xf32> {
  %zero = theano.constant dense<0.0> : tensor<4xf32>
  %0 = theano.add %x, %zero : tensor<1xf32>, tensor<4xf32> -> tensor<4xf32>
  %1 = theano.add %0, %z : tensor<4xf32>, tensor<?xf32> -> tensor<4xf32>
  %2 = tensor.cast %1 : tensor<4xf32> to tensor<?xf32>
  return %2 : tensor<?xf32>
}

// CHECK-LABEL: func @mul_one_sub_zero
// CHECK-SAME: (%[[X:.*]]: tensor<?x?xi32>)
// CHECK-NEXT: return %[[X]], %[[X]]
func.func @mul_one_sub_zero(%x: tensor<?x?xi32>) -> (tensor<?x?xi32>, tensor<?x?xi32>) {
  %one = theano.constant dense<1> : tensor<1x1xi32>
  %zero = theano.constant dense<0> : tensor<1x1xi32>
  %0 = theano.mul %one, %x : tensor<1x1xi32>, tensor<?x?xi32> -> tensor<?x?xi32>
  %1 = theano.sub %x, %zero : tensor<?x?xi32>, tensor<1x1xi32> -> tensor<?x?xi32>
  return %0, %1 : tensor<?x?xi32>, tensor<?x?xi32>
}

// CHECK-LABEL: func @neg_neg
// CHECK-SAME: (%[[X:.*]]: tensor<?xf64>)
// CHECK-NEXT: return %[[X]]
func.func @neg_neg(%x: tensor<?xf64>) -> tensor<?xf64> {
  %0 = theano.neg %x : tensor<?xf64>
  %1 = theano.neg %0 : tensor<?xf64>
  return %1 : tensor<?xf64>
}

// x - x is 0 for integers only.
// CHECK-LABEL: func @sub_self
// CHECK: %[[Z:.*]] = theano.constant dense<0> : tensor<3xi16>
// CHECK: %[[F:.*]] = theano.sub %{{.*}}, %{{.*}} : tensor<3xf32>
// CHECK: return %[[Z]], %[[F]]
func.func @sub_self(%i: tensor<3xi16>, %f: tensor<3xf32>) -> (tensor<3xi16>, tensor<3xf32>) {
  %0 = theano.sub %i, %i : tensor<3xi16>, tensor<3xi16> -> tensor<3xi16>
  %1 = theano.sub %f, %f : tensor<3xf32>, tensor<3xf32> -> tensor<3xf32>
  return %0, %1 : tensor<3xi16>, tensor<3xf32>
}

// CHECK-LABEL: func @fold_constants
// CHECK-DAG: %[[A:.*]] = theano.constant dense<[5.000000e+00, 7.000000e+00]> : tensor<2xf32>
// CHECK-DAG: %[[B:.*]] = theano.constant dense<6> : tensor<2x2xi8>
// CHECK-DAG: %[[C:.*]] = theano.constant dense<[250, 4]> : tensor<2xui8>
// CHECK-DAG: %[[D:.*]] = theano.constant dense<[-1.000000e+00, -2.000000e+00]> : tensor<2xf32>
// CHECK: return %[[A]], %[[B]], %[[C]], %[[D]]
func.func @fold_constants() -> (tensor<2xf32>, tensor<2x2xi8>, tensor<2xui8>, tensor<2xf32>) {
  %a = theano.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %b = theano.constant dense<[4.0, 5.0]> : tensor<2xf32>
  %0 = theano.add %a, %b : tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
  %c = theano.constant dense<2> : tensor<2x1xi8>
  %d = theano.constant dense<3> : tensor<1x2xi8>
  %1 = theano.mul %c, %d : tensor<2x1xi8>, tensor<1x2xi8> -> tensor<2x2xi8>
  // Unsigned maximum: 250 > 4 (as signed i8, 250 would be negative).
  %u = theano.constant dense<[250, 3]> : tensor<2xui8>
  %v = theano.constant dense<[4, 4]> : tensor<2xui8>
  %2 = theano.maximum %u, %v : tensor<2xui8>, tensor<2xui8> -> tensor<2xui8>
  %3 = theano.neg %a : tensor<2xf32>
  return %0, %1, %2, %3 : tensor<2xf32>, tensor<2x2xi8>, tensor<2xui8>, tensor<2xf32>
}

// CHECK-LABEL: func @nan_maximum
// CHECK: theano.constant dense<0x7FC00000> : tensor<2xf32>
func.func @nan_maximum() -> tensor<2xf32> {
  %a = theano.constant dense<[0x7FC00000, 1.0]> : tensor<2xf32>
  %b = theano.constant dense<[1.0, 0x7FC00000]> : tensor<2xf32>
  %0 = theano.maximum %a, %b : tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// CHECK-LABEL: func @identity_cast_and_dimshuffle
// CHECK-SAME: (%[[X:.*]]: tensor<?x?xf32>)
// CHECK-NEXT: return %[[X]], %[[X]]
func.func @identity_cast_and_dimshuffle(%x: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %0 = theano.cast %x : tensor<?x?xf32> -> tensor<?x?xf32>
  %1 = theano.dimshuffle %x [0, 1] : tensor<?x?xf32> -> tensor<?x?xf32>
  return %0, %1 : tensor<?x?xf32>, tensor<?x?xf32>
}

// A check that always holds disappears; others stay.
// CHECK-LABEL: func @checks
// CHECK-NOT: theano.check %true
// CHECK: theano.check %{{.*}}, "may fail"
func.func @checks(%c: i1) {
  %true = arith.constant true
  theano.check %true, "always holds"
  theano.check %c, "may fail"
  return
}

// Casts of constants fold as numpy's astype: ints and floats to floats,
// ints to wider or narrower ints; float to int is left to run time.
// CHECK-LABEL: func @cast_constants
// CHECK-DAG: %[[A:.*]] = theano.constant dense<1.000000e+00> : tensor<f64>
// CHECK-DAG: %[[B:.*]] = theano.constant dense<-2> : tensor<2xi64>
// CHECK-DAG: %[[C:.*]] = theano.constant dense<1.000000e-01> : tensor<f32>
// CHECK-DAG: %[[D:.*]] = theano.cast %{{.*}} : tensor<f64> -> tensor<i32>
// CHECK: return %[[A]], %[[B]], %[[C]], %[[D]]
func.func @cast_constants() -> (tensor<f64>, tensor<2xi64>, tensor<f32>, tensor<i32>) {
  %one = theano.constant dense<1> : tensor<i8>
  %0 = theano.cast %one : tensor<i8> -> tensor<f64>
  %minus = theano.constant dense<-2> : tensor<2xi8>
  %1 = theano.cast %minus : tensor<2xi8> -> tensor<2xi64>
  %tenth = theano.constant dense<0.1> : tensor<f64>
  %2 = theano.cast %tenth : tensor<f64> -> tensor<f32>
  %3 = theano.cast %tenth : tensor<f64> -> tensor<i32>
  return %0, %1, %2, %3 : tensor<f64>, tensor<2xi64>, tensor<f32>, tensor<i32>
}

// A splat constant dimshuffled is a splat of the new shape.
// CHECK-LABEL: func @dimshuffle_splat
// CHECK-NEXT: %[[C:.*]] = theano.constant dense<2.000000e+00> : tensor<1x1xf32>
// CHECK-NEXT: return %[[C]]
func.func @dimshuffle_splat() -> tensor<1x1xf32> {
  %two = theano.constant dense<2.0> : tensor<f32>
  %0 = theano.dimshuffle %two [-1, -1] : tensor<f32> -> tensor<1x1xf32>
  return %0 : tensor<1x1xf32>
}
