// RUN: theano-mlir-opt %s | theano-mlir-opt | FileCheck %s
// Every op parses, prints, and parses again.

// CHECK-LABEL: func @elementwise_binary
func.func @elementwise_binary(%a: tensor<?x?xf32>, %b: tensor<1x?xf32>,
                              %i: tensor<?xi32>, %u: tensor<?xui8>) {
  // CHECK: theano.add %{{.*}}, %{{.*}} : tensor<?x?xf32>, tensor<1x?xf32> -> tensor<?x?xf32>
  %0 = theano.add %a, %b : tensor<?x?xf32>, tensor<1x?xf32> -> tensor<?x?xf32>
  // CHECK: theano.sub
  %1 = theano.sub %a, %b : tensor<?x?xf32>, tensor<1x?xf32> -> tensor<?x?xf32>
  // CHECK: theano.mul
  %2 = theano.mul %a, %b : tensor<?x?xf32>, tensor<1x?xf32> -> tensor<?x?xf32>
  // CHECK: theano.true_div
  %3 = theano.true_div %a, %b : tensor<?x?xf32>, tensor<1x?xf32> -> tensor<?x?xf32>
  // CHECK: theano.int_div %{{.*}} : tensor<?xi32>, tensor<?xi32> -> tensor<?xi32>
  %4 = theano.int_div %i, %i : tensor<?xi32>, tensor<?xi32> -> tensor<?xi32>
  // CHECK: theano.mod %{{.*}} : tensor<?xui8>, tensor<?xui8> -> tensor<?xui8>
  %5 = theano.mod %u, %u : tensor<?xui8>, tensor<?xui8> -> tensor<?xui8>
  // CHECK: theano.pow
  %6 = theano.pow %a, %b : tensor<?x?xf32>, tensor<1x?xf32> -> tensor<?x?xf32>
  // CHECK: theano.maximum
  %7 = theano.maximum %a, %b : tensor<?x?xf32>, tensor<1x?xf32> -> tensor<?x?xf32>
  // CHECK: theano.minimum
  %8 = theano.minimum %i, %i : tensor<?xi32>, tensor<?xi32> -> tensor<?xi32>
  // CHECK: theano.eq %{{.*}} -> tensor<?x?xi1>
  %9 = theano.eq %a, %b : tensor<?x?xf32>, tensor<1x?xf32> -> tensor<?x?xi1>
  // CHECK: theano.neq
  %10 = theano.neq %a, %b : tensor<?x?xf32>, tensor<1x?xf32> -> tensor<?x?xi1>
  // CHECK: theano.lt
  %11 = theano.lt %i, %i : tensor<?xi32>, tensor<?xi32> -> tensor<?xi1>
  // CHECK: theano.le
  %12 = theano.le %u, %u : tensor<?xui8>, tensor<?xui8> -> tensor<?xi1>
  // CHECK: theano.gt
  %13 = theano.gt %a, %b : tensor<?x?xf32>, tensor<1x?xf32> -> tensor<?x?xi1>
  // CHECK: theano.ge
  %14 = theano.ge %a, %b : tensor<?x?xf32>, tensor<1x?xf32> -> tensor<?x?xi1>
  // CHECK: theano.and %{{.*}} -> tensor<?x?xi1>
  %15 = theano.and %9, %10 : tensor<?x?xi1>, tensor<?x?xi1> -> tensor<?x?xi1>
  // CHECK: theano.or %{{.*}} -> tensor<?xi32>
  %16 = theano.or %i, %i : tensor<?xi32>, tensor<?xi32> -> tensor<?xi32>
  // CHECK: theano.xor
  %17 = theano.xor %u, %u : tensor<?xui8>, tensor<?xui8> -> tensor<?xui8>
  // CHECK: theano.switch %{{.*}}, %{{.*}}, %{{.*}} : tensor<?x?xi1>, tensor<?x?xf32>, tensor<1x?xf32> -> tensor<?x?xf32>
  %18 = theano.switch %9, %a, %b : tensor<?x?xi1>, tensor<?x?xf32>, tensor<1x?xf32> -> tensor<?x?xf32>
  return
}

// CHECK-LABEL: func @elementwise_unary
func.func @elementwise_unary(%x: tensor<?xf64>, %i: tensor<?xi64>, %p: tensor<?xi1>) {
  // CHECK: theano.neg %{{.*}} : tensor<?xi64>
  %0 = theano.neg %i : tensor<?xi64>
  // CHECK: theano.abs
  %1 = theano.abs %x : tensor<?xf64>
  // CHECK: theano.sgn
  %2 = theano.sgn %i : tensor<?xi64>
  // CHECK: theano.sqr
  %3 = theano.sqr %x : tensor<?xf64>
  // CHECK: theano.not %{{.*}} : tensor<?xi1>
  %4 = theano.not %p : tensor<?xi1>
  // CHECK: theano.exp
  %5 = theano.exp %x : tensor<?xf64>
  // CHECK: theano.log
  %6 = theano.log %x : tensor<?xf64>
  // CHECK: theano.log1p
  %7 = theano.log1p %x : tensor<?xf64>
  // CHECK: theano.expm1
  %8 = theano.expm1 %x : tensor<?xf64>
  // CHECK: theano.sqrt
  %9 = theano.sqrt %x : tensor<?xf64>
  // CHECK: theano.tanh
  %10 = theano.tanh %x : tensor<?xf64>
  // CHECK: theano.sigmoid
  %11 = theano.sigmoid %x : tensor<?xf64>
  // CHECK: theano.softplus
  %12 = theano.softplus %x : tensor<?xf64>
  // CHECK: theano.sin
  %13 = theano.sin %x : tensor<?xf64>
  // CHECK: theano.cos
  %14 = theano.cos %x : tensor<?xf64>
  // CHECK: theano.floor
  %15 = theano.floor %x : tensor<?xf64>
  // CHECK: theano.ceil
  %16 = theano.ceil %x : tensor<?xf64>
  // CHECK: theano.round %{{.*}} : tensor<?xf64>
  %17 = theano.round %x : tensor<?xf64>
  // CHECK: theano.round %{{.*}} {half_away_from_zero} : tensor<?xf64>
  %18 = theano.round %x {half_away_from_zero} : tensor<?xf64>
  return
}

// CHECK-LABEL: func @constants_and_casts
func.func @constants_and_casts(%x: tensor<?x3xf32>) {
  // CHECK: theano.constant dense<[1, 2]> : tensor<2xui8>
  %0 = theano.constant dense<[1, 2]> : tensor<2xui8>
  // CHECK: theano.constant dense<5.000000e-01> : tensor<f32>
  %1 = theano.constant dense<0.5> : tensor<f32>
  // CHECK: theano.cast %{{.*}} : tensor<?x3xf32> -> tensor<?x3xi1>
  %2 = theano.cast %x : tensor<?x3xf32> -> tensor<?x3xi1>
  return
}

// CHECK-LABEL: func @shapes
func.func @shapes(%x: tensor<?x1x?xf32>, %s: tensor<2xi64>) {
  // CHECK: theano.dimshuffle %{{.*}} [2, -1, 0] : tensor<?x1x?xf32> -> tensor<?x1x?xf32>
  %0 = theano.dimshuffle %x [2, -1, 0] : tensor<?x1x?xf32> -> tensor<?x1x?xf32>
  // CHECK: theano.reshape %{{.*}}, %{{.*}} : tensor<?x1x?xf32>, tensor<2xi64> -> tensor<?x?xf32>
  %1 = theano.reshape %x, %s : tensor<?x1x?xf32>, tensor<2xi64> -> tensor<?x?xf32>
  // CHECK: theano.shape %{{.*}} : tensor<?x1x?xf32> -> tensor<3xi64>
  %2 = theano.shape %x : tensor<?x1x?xf32> -> tensor<3xi64>
  // CHECK: theano.dim %{{.*}}[2] : tensor<?x1x?xf32> -> tensor<i64>
  // CHECK: theano.make_vector %{{.*}}, %{{.*}} : tensor<i64>, tensor<i64> -> tensor<2xi64>
  // CHECK: theano.make_vector -> tensor<0xi64>
  %3 = theano.dim %x[2] : tensor<?x1x?xf32> -> tensor<i64>
  %4 = theano.make_vector %3, %3 : tensor<i64>, tensor<i64> -> tensor<2xi64>
  %5 = theano.make_vector -> tensor<0xi64>
  return
}

// CHECK-LABEL: func @reductions
func.func @reductions(%x: tensor<?x?x?xi8>) {
  // CHECK: theano.sum %{{.*}} [0, 2] : tensor<?x?x?xi8> -> tensor<?xi64>
  %0 = theano.sum %x [0, 2] : tensor<?x?x?xi8> -> tensor<?xi64>
  // CHECK: theano.prod %{{.*}} [1] : tensor<?x?x?xi8> -> tensor<?x?xf64>
  %1 = theano.prod %x [1] : tensor<?x?x?xi8> -> tensor<?x?xf64>
  // CHECK: theano.max %{{.*}} [0, 1, 2] : tensor<?x?x?xi8> -> tensor<i8>
  %2 = theano.max %x [0, 1, 2] : tensor<?x?x?xi8> -> tensor<i8>
  // CHECK: theano.min
  %3 = theano.min %x [2] : tensor<?x?x?xi8> -> tensor<?x?xi8>
  // CHECK: theano.argmax %{{.*}} [1] : tensor<?x?x?xi8> -> tensor<?x?xi64>
  %4 = theano.argmax %x [1] : tensor<?x?x?xi8> -> tensor<?x?xi64>
  // CHECK: theano.argmin
  %5 = theano.argmin %x [0, 1] : tensor<?x?x?xi8> -> tensor<?xi64>
  return
}

// CHECK-LABEL: func @contractions
func.func @contractions(%m: tensor<?x?xf32>, %v: tensor<?xf32>) {
  // CHECK: theano.dot %{{.*}}, %{{.*}} : tensor<?xf32>, tensor<?xf32> -> tensor<f32>
  %0 = theano.dot %v, %v : tensor<?xf32>, tensor<?xf32> -> tensor<f32>
  // CHECK: theano.dot %{{.*}} : tensor<?x?xf32>, tensor<?xf32> -> tensor<?xf32>
  %1 = theano.dot %m, %v : tensor<?x?xf32>, tensor<?xf32> -> tensor<?xf32>
  // CHECK: theano.dot %{{.*}} : tensor<?xf32>, tensor<?x?xf32> -> tensor<?xf32>
  %2 = theano.dot %v, %m : tensor<?xf32>, tensor<?x?xf32> -> tensor<?xf32>
  // CHECK: theano.dot %{{.*}} : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  %3 = theano.dot %m, %m : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  return
}

// CHECK-LABEL: func @checks
func.func @checks(%c: i1, %v: index) {
  // CHECK: theano.check %{{.*}}, "size is {0}"(%{{.*}})
  theano.check %c, "size is {0}"(%v)
  // CHECK: theano.check %{{.*}}, "plain"
  theano.check %c, "plain"
  return
}

// CHECK-LABEL: func @gradients
func.func @gradients(%c: tensor<f32>, %x: tensor<?xf32>, %i: tensor<2xi32>, %s: tensor<1xi64>) {
  // CHECK: theano.grad cost(%{{.*}} : tensor<f32>) wrt(%{{.*}}, %{{.*}} : tensor<?xf32>, tensor<2xi32>) -> tensor<?xf32>, tensor<2xf64>
  %0:2 = theano.grad cost(%c : tensor<f32>) wrt(%x, %i : tensor<?xf32>, tensor<2xi32>) -> tensor<?xf32>, tensor<2xf64>
  // CHECK: theano.grad wrt(%{{.*}} : tensor<?xf32>) known(%{{.*}} : tensor<?xf32> = %{{.*}} : tensor<?xf32>) constants(%{{.*}} : tensor<f32>) -> tensor<?xf32>
  %1 = theano.grad wrt(%x : tensor<?xf32>) known(%x : tensor<?xf32> = %x : tensor<?xf32>) constants(%c : tensor<f32>) -> tensor<?xf32>
  // CHECK: theano.stop_gradient %{{.*}} : tensor<?xf32>
  %2 = theano.stop_gradient %x : tensor<?xf32>
  // CHECK: theano.alloc %{{.*}}, %{{.*}} : tensor<?xf32>, tensor<1xi64> -> tensor<?xf32>
  %3 = theano.alloc %x, %s : tensor<?xf32>, tensor<1xi64> -> tensor<?xf32>
  // CHECK: theano.jacobian %{{.*}} : tensor<?xf32> wrt(%{{.*}}, %{{.*}} : tensor<?xf32>, tensor<2xi32>) constants(%{{.*}} : tensor<f32>) -> tensor<?x?xf32>, tensor<?x2xf64>
  %4:2 = theano.jacobian %x : tensor<?xf32> wrt(%x, %i : tensor<?xf32>, tensor<2xi32>) constants(%c : tensor<f32>) -> tensor<?x?xf32>, tensor<?x2xf64>
  return
}

// CHECK-LABEL: func @nnet
func.func @nnet(%x: tensor<?x?xf32>, %a: tensor<1x1xf32>, %t: tensor<?xi64>, %n: tensor<i64>) {
  // CHECK: theano.relu %{{.*}}, %{{.*}} : tensor<?x?xf32>, tensor<1x1xf32> -> tensor<?x?xf32>
  %0 = theano.relu %x, %a : tensor<?x?xf32>, tensor<1x1xf32> -> tensor<?x?xf32>
  // CHECK: theano.softmax %{{.*}} : tensor<?x?xf32>
  %1 = theano.softmax %x : tensor<?x?xf32>
  // CHECK: theano.log_softmax %{{.*}} : tensor<?x?xf32>
  %2 = theano.log_softmax %x : tensor<?x?xf32>
  // CHECK: theano.logsumexp %{{.*}} [1] : tensor<?x?xf32> -> tensor<?xf32>
  %3 = theano.logsumexp %x [1] : tensor<?x?xf32> -> tensor<?xf32>
  // CHECK: theano.take_per_row %{{.*}}, %{{.*}} : tensor<?x?xf32>, tensor<?xi64> -> tensor<?xf32>
  %4 = theano.take_per_row %x, %t : tensor<?x?xf32>, tensor<?xi64> -> tensor<?xf32>
  // CHECK: theano.one_hot %{{.*}}, %{{.*}} : tensor<?xi64>, tensor<i64> -> tensor<?x?xf32>
  %5 = theano.one_hot %t, %n : tensor<?xi64>, tensor<i64> -> tensor<?x?xf32>
  return
}

// CHECK-LABEL: func @gemm
func.func @gemm(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %c: tensor<1x?xf32>, %s: tensor<f32>) {
  // CHECK: theano.gemm c(%{{.*}} : tensor<1x?xf32>, %{{.*}} : tensor<f32>) %{{.*}}, %{{.*}}, alpha(%{{.*}} : tensor<f32>) : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  %0 = theano.gemm c(%c : tensor<1x?xf32>, %s : tensor<f32>) %a, %b, alpha(%s : tensor<f32>) : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  // CHECK: theano.gemm %{{.*}}, %{{.*}}, alpha(%{{.*}} : tensor<f32>) : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  %1 = theano.gemm %a, %b, alpha(%s : tensor<f32>) : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  return
}

// CHECK-LABEL: func @indexing
func.func @indexing(%x: tensor<?x?xf32>, %n: tensor<i64>, %i: tensor<?xi64>, %j: tensor<1xi64>, %v: tensor<?x1xf32>) {
  // CHECK: theano.subtensor %{{.*}}[%{{.*}}] {indices = array<i1: true>, starts = array<i64: -9223372036854775808>, steps = array<i64: -9223372036854775807>, stops = array<i64: -9223372036854775807>} : tensor<?x?xf32>, tensor<i64> -> tensor<?xf32>
  %0 = theano.subtensor %x[%n] {indices = array<i1: true>, starts = array<i64: -9223372036854775808>, stops = array<i64: -9223372036854775807>, steps = array<i64: -9223372036854775807>} : tensor<?x?xf32>, tensor<i64> -> tensor<?xf32>
  // CHECK: theano.subtensor %{{.*}}[] {{.*}} : tensor<?x?xf32> -> tensor<?x?xf32>
  %1 = theano.subtensor %x[] {indices = array<i1: false>, starts = array<i64: 1>, stops = array<i64: -9223372036854775807>, steps = array<i64: -1>} : tensor<?x?xf32> -> tensor<?x?xf32>
  // CHECK: theano.inc_subtensor %{{.*}}[], %{{.*}} {{{.*}}set{{.*}}} : tensor<?x?xf32>, tensor<?x1xf32>
  %2 = theano.inc_subtensor %x[], %v {indices = array<i1: false>, set, starts = array<i64: 1>, stops = array<i64: -9223372036854775807>, steps = array<i64: -1>} : tensor<?x?xf32>, tensor<?x1xf32>
  // CHECK: theano.advanced_subtensor %{{.*}}[%{{.*}}, %{{.*}}] : tensor<?x?xf32>, tensor<?xi64>, tensor<1xi64> -> tensor<?xf32>
  %3 = theano.advanced_subtensor %x[%i, %j] : tensor<?x?xf32>, tensor<?xi64>, tensor<1xi64> -> tensor<?xf32>
  // CHECK: theano.advanced_inc_subtensor %{{.*}}[%{{.*}}], %{{.*}} : tensor<?x?xf32>, tensor<?x1xf32>, tensor<?xi64>
  %4 = theano.advanced_inc_subtensor %x[%i], %v : tensor<?x?xf32>, tensor<?x1xf32>, tensor<?xi64>
  return
}
