// RUN: theano-mlir-opt --pass-pipeline='builtin.module(func.func(theano-simplify))' %s | FileCheck %s

// x * y / x -> y, keeping the checks of computing x * y (its value is
// unused: only its run-time checks are lowered).
// CHECK-LABEL: func @mul_div
// CHECK-NEXT: %[[PRODUCT:.*]] = theano.mul %arg0, %arg1
// CHECK-NEXT: %[[R:.*]] = theano.keep_checks %[[PRODUCT]], %arg1
// CHECK-NOT: theano.true_div
// CHECK-NEXT: return %[[R]]
func.func @mul_div(%x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> {
  %0 = theano.mul %x, %y : tensor<?xf64>, tensor<?xf64> -> tensor<?xf64>
  %1 = theano.true_div %0, %x : tensor<?xf64>, tensor<?xf64> -> tensor<?xf64>
  return %1 : tensor<?xf64>
}

// Not where y would lose the broadcast shape of the product.
// CHECK-LABEL: func @mul_div_broadcast
// CHECK: theano.true_div
func.func @mul_div_broadcast(%x: tensor<?x?xf64>, %y: tensor<1x?xf64>) -> tensor<?x?xf64> {
  %0 = theano.mul %x, %y : tensor<?x?xf64>, tensor<1x?xf64> -> tensor<?x?xf64>
  %1 = theano.true_div %0, %x : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  return %1 : tensor<?x?xf64>
}

// exp(log x) -> x where x >= 0, NaN elsewhere.
// CHECK-LABEL: func @exp_log
// CHECK-DAG: %[[NAN:.*]] = theano.constant dense<0x7FF8000000000000> : tensor<1xf64>
// CHECK-DAG: %[[ZERO:.*]] = theano.constant dense<0.0{{.*}}> : tensor<1xf64>
// CHECK: %[[OK:.*]] = theano.ge %arg0, %[[ZERO]]
// CHECK: %[[R:.*]] = theano.switch %[[OK]], %arg0, %[[NAN]]
// CHECK-NOT: theano.exp
// CHECK: return %[[R]]
func.func @exp_log(%x: tensor<?xf64>) -> tensor<?xf64> {
  %0 = theano.log %x : tensor<?xf64>
  %1 = theano.exp %0 : tensor<?xf64>
  return %1 : tensor<?xf64>
}

// log(exp x) -> x.
// CHECK-LABEL: func @log_exp
// CHECK-NEXT: return %arg0
func.func @log_exp(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = theano.exp %x : tensor<?xf32>
  %1 = theano.log %0 : tensor<?xf32>
  return %1 : tensor<?xf32>
}

// x ** 2 -> sqr(x); x ** 0.5 -> sqrt(x).
// CHECK-LABEL: func @pow_specialized
// CHECK: %[[S:.*]] = theano.sqr %arg0
// CHECK: %[[R:.*]] = theano.sqrt %arg0
// CHECK-NOT: theano.pow
// CHECK: return %[[S]], %[[R]]
func.func @pow_specialized(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %two = theano.constant dense<2.0> : tensor<1xf64>
  %half = theano.constant dense<0.5> : tensor<1xf64>
  %0 = theano.pow %x, %two : tensor<?xf64>, tensor<1xf64> -> tensor<?xf64>
  %1 = theano.pow %x, %half : tensor<?xf64>, tensor<1xf64> -> tensor<?xf64>
  return %0, %1 : tensor<?xf64>, tensor<?xf64>
}

// x / 4 -> x * 0.25 (exact); x / 3 stays (1/3 is not exact).
// CHECK-LABEL: func @divide_by_constant
// CHECK: %[[Q:.*]] = theano.constant dense<2.500000e-01> : tensor<1xf32>
// CHECK: %[[A:.*]] = theano.mul %arg0, %[[Q]]
// CHECK: %[[B:.*]] = theano.true_div %arg0, %{{.*}}
// CHECK: return %[[A]], %[[B]]
func.func @divide_by_constant(%x: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %four = theano.constant dense<4.0> : tensor<1xf32>
  %three = theano.constant dense<3.0> : tensor<1xf32>
  %0 = theano.true_div %x, %four : tensor<?xf32>, tensor<1xf32> -> tensor<?xf32>
  %1 = theano.true_div %x, %three : tensor<?xf32>, tensor<1xf32> -> tensor<?xf32>
  return %0, %1 : tensor<?xf32>, tensor<?xf32>
}

// sum(x * s) -> sum(x) * s for a scalar s: any integer s, a finite float
// constant.
// CHECK-LABEL: func @sum_of_scaled
// CHECK: %[[S:.*]] = theano.sum %arg0 [1] : tensor<?x?xi32> -> tensor<?xi32>
// CHECK: %[[D:.*]] = theano.dimshuffle %arg1 [0] : tensor<1x1xi32> -> tensor<1xi32>
// CHECK: %[[R:.*]] = theano.mul %[[S]], %[[D]]
// CHECK: %[[T:.*]] = theano.sum %arg2 [1] : tensor<?x?xf64> -> tensor<?xf64>
// CHECK: %[[U:.*]] = theano.mul %[[T]], %{{.*}} : tensor<?xf64>, tensor<1xf64>
// CHECK: return %[[R]], %[[U]]
func.func @sum_of_scaled(%x: tensor<?x?xi32>, %s: tensor<1x1xi32>, %y: tensor<?x?xf64>) -> (tensor<?xi32>, tensor<?xf64>) {
  %0 = theano.mul %x, %s : tensor<?x?xi32>, tensor<1x1xi32> -> tensor<?x?xi32>
  %1 = theano.sum %0 [1] : tensor<?x?xi32> -> tensor<?xi32>
  %half = theano.constant dense<0.5> : tensor<1x1xf64>
  %2 = theano.mul %y, %half : tensor<?x?xf64>, tensor<1x1xf64> -> tensor<?x?xf64>
  %3 = theano.sum %2 [1] : tensor<?x?xf64> -> tensor<?xf64>
  return %1, %3 : tensor<?xi32>, tensor<?xf64>
}

// Not for a float s that may be inf or NaN: an empty sum(x * inf) is 0,
// inf * sum(x) NaN; sum([0, 1] * inf) is NaN, inf * sum([0, 1]) inf.
// CHECK-LABEL: func @sum_of_scaled_by_variable
// CHECK: %[[P:.*]] = theano.mul %arg0, %arg1
// CHECK: theano.sum %[[P]] [1]
// CHECK-LABEL: func @sum_of_scaled_by_inf
// CHECK: %[[P:.*]] = theano.mul %arg0, %{{.*}}
// CHECK: theano.sum %[[P]] [1]
func.func @sum_of_scaled_by_variable(%x: tensor<?x?xf64>, %s: tensor<1x1xf64>) -> tensor<?xf64> {
  %0 = theano.mul %x, %s : tensor<?x?xf64>, tensor<1x1xf64> -> tensor<?x?xf64>
  %1 = theano.sum %0 [1] : tensor<?x?xf64> -> tensor<?xf64>
  return %1 : tensor<?xf64>
}
func.func @sum_of_scaled_by_inf(%x: tensor<?x?xf32>) -> tensor<?xf32> {
  %inf = theano.constant dense<0x7F800000> : tensor<1x1xf32>
  %0 = theano.mul %x, %inf : tensor<?x?xf32>, tensor<1x1xf32> -> tensor<?x?xf32>
  %1 = theano.sum %0 [1] : tensor<?x?xf32> -> tensor<?xf32>
  return %1 : tensor<?xf32>
}

// a*x + a*y -> a*(x + y); a*x - y*a -> a*(x - y).
// CHECK-LABEL: func @common_factor
// CHECK: %[[SUM:.*]] = theano.add %arg1, %arg2
// CHECK: %[[P:.*]] = theano.mul %arg0, %[[SUM]]
// CHECK: %[[DIFF:.*]] = theano.sub %arg1, %arg2
// CHECK: %[[Q:.*]] = theano.mul %arg0, %[[DIFF]]
// CHECK: return %[[P]], %[[Q]]
func.func @common_factor(%a: tensor<?xi32>, %x: tensor<?xi32>, %y: tensor<?xi32>) -> (tensor<?xi32>, tensor<?xi32>) {
  %0 = theano.mul %a, %x : tensor<?xi32>, tensor<?xi32> -> tensor<?xi32>
  %1 = theano.mul %a, %y : tensor<?xi32>, tensor<?xi32> -> tensor<?xi32>
  %2 = theano.add %0, %1 : tensor<?xi32>, tensor<?xi32> -> tensor<?xi32>
  %3 = theano.mul %a, %x : tensor<?xi32>, tensor<?xi32> -> tensor<?xi32>
  %4 = theano.mul %y, %a : tensor<?xi32>, tensor<?xi32> -> tensor<?xi32>
  %5 = theano.sub %3, %4 : tensor<?xi32>, tensor<?xi32> -> tensor<?xi32>
  return %2, %5 : tensor<?xi32>, tensor<?xi32>
}

// dimshuffle of dimshuffle: one permutation.
// CHECK-LABEL: func @dimshuffle_chain
// CHECK-NEXT: %[[R:.*]] = theano.dimshuffle %arg0 [1, -1, 0] : tensor<?x?xf32> -> tensor<?x1x?xf32>
// CHECK-NEXT: return %[[R]]
func.func @dimshuffle_chain(%x: tensor<?x?xf32>) -> tensor<?x1x?xf32> {
  %0 = theano.dimshuffle %x [1, 0] : tensor<?x?xf32> -> tensor<?x?xf32>
  %1 = theano.dimshuffle %0 [0, -1, 1] : tensor<?x?xf32> -> tensor<?x1x?xf32>
  return %1 : tensor<?x1x?xf32>
}

// reshape of reshape: the outer shape only.
// CHECK-LABEL: func @reshape_chain
// CHECK-NEXT: %[[R:.*]] = theano.reshape %arg0, %arg2
// CHECK-NEXT: return %[[R]]
func.func @reshape_chain(%x: tensor<?x?xf32>, %s1: tensor<1xi64>, %s2: tensor<3xi64>) -> tensor<?x?x?xf32> {
  %0 = theano.reshape %x, %s1 : tensor<?x?xf32>, tensor<1xi64> -> tensor<?xf32>
  %1 = theano.reshape %0, %s2 : tensor<?xf32>, tensor<3xi64> -> tensor<?x?x?xf32>
  return %1 : tensor<?x?x?xf32>
}

// cast of cast: composed where the first loses nothing (i16 -> i32), kept
// where it rounds (f64 -> f32).
// CHECK-LABEL: func @cast_chain
// CHECK: %[[A:.*]] = theano.cast %arg0 : tensor<?xi16> -> tensor<?xf64>
// CHECK: %[[B:.*]] = theano.cast %arg1 : tensor<?xf64> -> tensor<?xf32>
// CHECK: %[[C:.*]] = theano.cast %[[B]] : tensor<?xf32> -> tensor<?xf64>
// CHECK: return %[[A]], %[[C]]
func.func @cast_chain(%i: tensor<?xi16>, %x: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %0 = theano.cast %i : tensor<?xi16> -> tensor<?xi32>
  %1 = theano.cast %0 : tensor<?xi32> -> tensor<?xf64>
  %2 = theano.cast %x : tensor<?xf64> -> tensor<?xf32>
  %3 = theano.cast %2 : tensor<?xf32> -> tensor<?xf64>
  return %1, %3 : tensor<?xf64>, tensor<?xf64>
}
