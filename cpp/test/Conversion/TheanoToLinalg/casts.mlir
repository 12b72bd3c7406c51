// RUN: theano-mlir-opt %s -convert-theano-to-linalg | FileCheck %s
// cast follows numpy's astype, with signedness from the Theano types.

// CHECK-LABEL: func @float_to_bool
// CHECK: arith.cmpf une
func.func @float_to_bool(%a: tensor<?xf32>) -> tensor<?xi1> {
  %0 = theano.cast %a : tensor<?xf32> -> tensor<?xi1>
  return %0 : tensor<?xi1>
}

// CHECK-LABEL: func @int_to_bool
// CHECK: arith.cmpi ne
func.func @int_to_bool(%a: tensor<?xi64>) -> tensor<?xi1> {
  %0 = theano.cast %a : tensor<?xi64> -> tensor<?xi1>
  return %0 : tensor<?xi1>
}

// CHECK-LABEL: func @bool_to_float
// CHECK: arith.uitofp
func.func @bool_to_float(%a: tensor<?xi1>) -> tensor<?xf64> {
  %0 = theano.cast %a : tensor<?xi1> -> tensor<?xf64>
  return %0 : tensor<?xf64>
}

// CHECK-LABEL: func @widen
// CHECK: arith.extsi %{{.*}} : i8 to i32
// CHECK: arith.extui %{{.*}} : i8 to i32
func.func @widen(%a: tensor<?xi8>, %b: tensor<?xui8>) -> (tensor<?xi32>, tensor<?xi32>) {
  %0 = theano.cast %a : tensor<?xi8> -> tensor<?xi32>
  %1 = theano.cast %b : tensor<?xui8> -> tensor<?xi32>
  return %0, %1 : tensor<?xi32>, tensor<?xi32>
}

// CHECK-LABEL: func @narrow
// CHECK: arith.trunci %{{.*}} : i64 to i16
// CHECK: arith.truncf %{{.*}} : f64 to f32
func.func @narrow(%a: tensor<?xi64>, %b: tensor<?xf64>) -> (tensor<?xi16>, tensor<?xf32>) {
  %0 = theano.cast %a : tensor<?xi64> -> tensor<?xi16>
  %1 = theano.cast %b : tensor<?xf64> -> tensor<?xf32>
  return %0, %1 : tensor<?xi16>, tensor<?xf32>
}

// CHECK-LABEL: func @int_float
// CHECK: arith.sitofp %{{.*}} : i32 to f32
// CHECK: arith.uitofp %{{.*}} : i32 to f32
// CHECK: arith.fptosi %{{.*}} : f32 to i32
// Negative floats into small unsigned types wrap, as in C and numpy.
// CHECK: arith.fptosi %{{.*}} : f32 to i64
// CHECK: arith.trunci %{{.*}} : i64 to i8
func.func @int_float(%i: tensor<?xi32>, %u: tensor<?xui32>, %f: tensor<?xf32>)
    -> (tensor<?xf32>, tensor<?xf32>, tensor<?xi32>, tensor<?xui8>) {
  %0 = theano.cast %i : tensor<?xi32> -> tensor<?xf32>
  %1 = theano.cast %u : tensor<?xui32> -> tensor<?xf32>
  %2 = theano.cast %f : tensor<?xf32> -> tensor<?xi32>
  %3 = theano.cast %f : tensor<?xf32> -> tensor<?xui8>
  return %0, %1, %2, %3 : tensor<?xf32>, tensor<?xf32>, tensor<?xi32>, tensor<?xui8>
}

// A change of static shape of a bool tensor (the frontend's
// with_static_shape) converts with it: a tensor.cast of bytes.
// CHECK-LABEL: func @static_shape_of_bools
// CHECK: tensor.cast %{{.*}} : tensor<?x?xi8> to tensor<?x1xi8>
func.func @static_shape_of_bools(%x: tensor<?x?xi1>) -> tensor<?x1xi1> {
  %0 = theano.not %x : tensor<?x?xi1>
  %1 = tensor.cast %0 : tensor<?x?xi1> to tensor<?x1xi1>
  return %1 : tensor<?x1xi1>
}
