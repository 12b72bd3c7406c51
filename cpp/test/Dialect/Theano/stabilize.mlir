// RUN: theano-mlir-opt --pass-pipeline='builtin.module(func.func(theano-stabilize))' %s | FileCheck %s

// log(1 + x) -> log1p(x), in either order; log(1 - x) -> log1p(-x).
// CHECK-LABEL: func @log1p
// CHECK: %[[A:.*]] = theano.log1p %arg0
// CHECK: %[[B:.*]] = theano.log1p %arg0
// CHECK: %[[N:.*]] = theano.neg %arg0
// CHECK: %[[C:.*]] = theano.log1p %[[N]]
// CHECK-NOT: theano.log %
// CHECK: return %[[A]], %[[B]], %[[C]]
func.func @log1p(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  %one = theano.constant dense<1.0> : tensor<1xf64>
  %0 = theano.add %one, %x : tensor<1xf64>, tensor<?xf64> -> tensor<?xf64>
  %1 = theano.log %0 : tensor<?xf64>
  %2 = theano.add %x, %one : tensor<?xf64>, tensor<1xf64> -> tensor<?xf64>
  %3 = theano.log %2 : tensor<?xf64>
  %4 = theano.sub %one, %x : tensor<1xf64>, tensor<?xf64> -> tensor<?xf64>
  %5 = theano.log %4 : tensor<?xf64>
  return %1, %3, %5 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}

// exp(x) - 1 -> expm1(x).
// CHECK-LABEL: func @expm1
// CHECK-NEXT: %[[R:.*]] = theano.expm1 %arg0 : tensor<?xf32>
// CHECK-NEXT: return %[[R]]
func.func @expm1(%x: tensor<?xf32>) -> tensor<?xf32> {
  %one = theano.constant dense<1.0> : tensor<1xf32>
  %0 = theano.exp %x : tensor<?xf32>
  %1 = theano.sub %0, %one : tensor<?xf32>, tensor<1xf32> -> tensor<?xf32>
  return %1 : tensor<?xf32>
}

// log(sigmoid x) -> -softplus(-x); log(1 - sigmoid x) -> -softplus(x).
// CHECK-LABEL: func @log_sigmoid
// CHECK: %[[N:.*]] = theano.neg %arg0
// CHECK: %[[S:.*]] = theano.softplus %[[N]]
// CHECK: %[[A:.*]] = theano.neg %[[S]]
// CHECK: %[[T:.*]] = theano.softplus %arg0
// CHECK: %[[B:.*]] = theano.neg %[[T]]
// CHECK-NOT: theano.log
// CHECK: return %[[A]], %[[B]]
func.func @log_sigmoid(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %one = theano.constant dense<1.0> : tensor<1xf64>
  %0 = theano.sigmoid %x : tensor<?xf64>
  %1 = theano.log %0 : tensor<?xf64>
  %2 = theano.sub %one, %0 : tensor<1xf64>, tensor<?xf64> -> tensor<?xf64>
  %3 = theano.log %2 : tensor<?xf64>
  return %1, %3 : tensor<?xf64>, tensor<?xf64>
}

// log(softmax x) -> log_softmax(x).
// CHECK-LABEL: func @log_softmax
// CHECK-NEXT: %[[R:.*]] = theano.log_softmax %arg0 : tensor<?x?xf32>
// CHECK-NEXT: return %[[R]]
func.func @log_softmax(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = theano.softmax %x : tensor<?x?xf32>
  %1 = theano.log %0 : tensor<?x?xf32>
  return %1 : tensor<?x?xf32>
}

// Softmax then categorical cross-entropy with integer targets: the fused
// stable form, the log-softmax's entries taken per row.
// CHECK-LABEL: func @softmax_crossentropy
// CHECK: %[[L:.*]] = theano.log_softmax %arg0
// CHECK: %[[T:.*]] = theano.take_per_row %[[L]], %arg1
// CHECK: %[[R:.*]] = theano.neg %[[T]]
// CHECK-NOT: theano.log %
// CHECK: return %[[R]]
func.func @softmax_crossentropy(%x: tensor<?x?xf64>, %t: tensor<?xi64>) -> tensor<?xf64> {
  %0 = theano.softmax %x : tensor<?x?xf64>
  %1 = theano.take_per_row %0, %t : tensor<?x?xf64>, tensor<?xi64> -> tensor<?xf64>
  %2 = theano.log %1 : tensor<?xf64>
  %3 = theano.neg %2 : tensor<?xf64>
  return %3 : tensor<?xf64>
}

// log(sum(exp x)) -> logsumexp(x) over the same axes.
// CHECK-LABEL: func @log_sum_exp
// CHECK-NEXT: %[[R:.*]] = theano.logsumexp %arg0 [1] : tensor<?x?xf64> -> tensor<?xf64>
// CHECK-NEXT: return %[[R]]
func.func @log_sum_exp(%x: tensor<?x?xf64>) -> tensor<?xf64> {
  %0 = theano.exp %x : tensor<?x?xf64>
  %1 = theano.sum %0 [1] : tensor<?x?xf64> -> tensor<?xf64>
  %2 = theano.log %1 : tensor<?xf64>
  return %2 : tensor<?xf64>
}

// Not for a sum into a wider type: logsumexp keeps its input's element type.
// CHECK-LABEL: func @log_sum_exp_widened
// CHECK-NOT: theano.logsumexp
// CHECK: theano.log
func.func @log_sum_exp_widened(%x: tensor<?x?xf32>) -> tensor<?xf64> {
  %0 = theano.exp %x : tensor<?x?xf32>
  %1 = theano.sum %0 [1] : tensor<?x?xf32> -> tensor<?xf64>
  %2 = theano.log %1 : tensor<?xf64>
  return %2 : tensor<?xf64>
}

// A float16 sum accumulates in float32 and is cast back: the logsumexp is
// computed in float32, as the sum was, then cast.
// CHECK-LABEL: func @log_sum_exp_float16
// CHECK-NEXT: %[[WIDE:.*]] = theano.cast %arg0 : tensor<?x?xf16> -> tensor<?x?xf32>
// CHECK-NEXT: %[[R:.*]] = theano.logsumexp %[[WIDE]] [1] : tensor<?x?xf32> -> tensor<?xf32>
// CHECK-NEXT: %[[N:.*]] = theano.cast %[[R]] : tensor<?xf32> -> tensor<?xf16>
// CHECK-NEXT: return %[[N]]
func.func @log_sum_exp_float16(%x: tensor<?x?xf16>) -> tensor<?xf16> {
  %0 = theano.exp %x : tensor<?x?xf16>
  %1 = theano.sum %0 [1] : tensor<?x?xf16> -> tensor<?xf32>
  %2 = theano.cast %1 : tensor<?xf32> -> tensor<?xf16>
  %3 = theano.log %2 : tensor<?xf16>
  return %3 : tensor<?xf16>
}

// log(1 + exp x) -> log1p(exp x) -> softplus(x): finite where exp overflows
// (float32 beyond 88).
// CHECK-LABEL: func @softplus_form
// CHECK: %[[S:.*]] = theano.softplus %arg0 : tensor<?xf32>
// CHECK: %[[T:.*]] = theano.softplus %arg0 : tensor<?xf32>
// CHECK: return %[[S]], %[[T]]
func.func @softplus_form(%x: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %one = theano.constant dense<1.0> : tensor<1xf32>
  %e = theano.exp %x : tensor<?xf32>
  %0 = theano.add %one, %e : tensor<1xf32>, tensor<?xf32> -> tensor<?xf32>
  %1 = theano.log %0 : tensor<?xf32>
  %2 = theano.log1p %e : tensor<?xf32>
  return %1, %2 : tensor<?xf32>, tensor<?xf32>
}

// The same when the terms are cast to the accumulator's type before the sum
// (the frontend's Sum does: Theano's acc_dtype).
// CHECK-LABEL: func @log_sum_exp_float16_cast_terms
// CHECK-NEXT: %[[WIDE:.*]] = theano.cast %arg0 : tensor<?x?xf16> -> tensor<?x?xf32>
// CHECK-NEXT: %[[R:.*]] = theano.logsumexp %[[WIDE]] [1] : tensor<?x?xf32> -> tensor<?xf32>
// CHECK-NEXT: %[[N:.*]] = theano.cast %[[R]] : tensor<?xf32> -> tensor<?xf16>
// CHECK-NEXT: return %[[N]]
func.func @log_sum_exp_float16_cast_terms(%x: tensor<?x?xf16>) -> tensor<?xf16> {
  %0 = theano.exp %x : tensor<?x?xf16>
  %1 = theano.cast %0 : tensor<?x?xf16> -> tensor<?x?xf32>
  %2 = theano.sum %1 [1] : tensor<?x?xf32> -> tensor<?xf32>
  %3 = theano.cast %2 : tensor<?xf32> -> tensor<?xf16>
  %4 = theano.log %3 : tensor<?xf16>
  return %4 : tensor<?xf16>
}
