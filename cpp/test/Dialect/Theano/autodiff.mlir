// RUN: theano-mlir-opt --pass-pipeline='builtin.module(func.func(theano-autodiff),canonicalize,cse)' %s | FileCheck %s

// Single op: d exp(x) = exp(x), reusing the forward result.
// CHECK-LABEL: func @single_op
// CHECK: %[[E:.*]] = theano.exp %arg0
// CHECK-NOT: theano.grad
// CHECK: return %[[E]]
func.func @single_op(%x: tensor<f32>) -> tensor<f32> {
  %0 = theano.exp %x : tensor<f32>
  %g = theano.grad cost(%0 : tensor<f32>) wrt(%x : tensor<f32>) -> tensor<f32>
  return %g : tensor<f32>
}

// Chain: d sin(exp(x)) = cos(exp(x)) * exp(x).
// CHECK-LABEL: func @chain
// CHECK: %[[E:.*]] = theano.exp %arg0
// CHECK: %[[C:.*]] = theano.cos %[[E]]
// CHECK: %[[G:.*]] = theano.mul %[[C]], %[[E]]
// CHECK: return %[[G]]
func.func @chain(%x: tensor<f64>) -> tensor<f64> {
  %0 = theano.exp %x : tensor<f64>
  %1 = theano.sin %0 : tensor<f64>
  %g = theano.grad cost(%1 : tensor<f64>) wrt(%x : tensor<f64>) -> tensor<f64>
  return %g : tensor<f64>
}

// Fan-out: x used by two ops; their adjoints are summed.
// d (x*x + x) = (1 + x) + x.
// CHECK-LABEL: func @fan_out
// CHECK: %[[ONE:.*]] = theano.constant dense<1.0{{.*}}> : tensor<f64>
// CHECK: %[[PARTIAL:.*]] = theano.add %[[ONE]], %arg0
// CHECK: %[[G:.*]] = theano.add %[[PARTIAL]], %arg0
// CHECK: return %[[G]]
func.func @fan_out(%x: tensor<f64>) -> tensor<f64> {
  %0 = theano.mul %x, %x : tensor<f64>, tensor<f64> -> tensor<f64>
  %1 = theano.add %0, %x : tensor<f64>, tensor<f64> -> tensor<f64>
  %g = theano.grad cost(%1 : tensor<f64>) wrt(%x : tensor<f64>) -> tensor<f64>
  return %g : tensor<f64>
}

// Broadcasting: the bias's adjoint is summed over the dimension it
// broadcast along, then made broadcastable again. Reductions: the adjoint of
// a sum is broadcast back to the input's shape.
// CHECK-LABEL: func @broadcast_and_reduce
// CHECK: %[[SHAPE:.*]] = theano.shape %{{.*}} : tensor<?x?xf32> -> tensor<2xi64>
// CHECK: %[[ONES:.*]] = theano.alloc %{{.*}}, %[[SHAPE]] : tensor<1x1xf32>, tensor<2xi64> -> tensor<?x?xf32>
// CHECK: %[[SUMMED:.*]] = theano.sum %[[ONES]] [0] : tensor<?x?xf32> -> tensor<?xf32>
// CHECK: %[[DB:.*]] = theano.dimshuffle %[[SUMMED]] [-1, 0] : tensor<?xf32> -> tensor<1x?xf32>
// CHECK: return %[[DB]]
func.func @broadcast_and_reduce(%x: tensor<?x?xf32>, %b: tensor<1x?xf32>) -> tensor<1x?xf32> {
  %0 = theano.add %x, %b : tensor<?x?xf32>, tensor<1x?xf32> -> tensor<?x?xf32>
  %1 = theano.sum %0 [0, 1] : tensor<?x?xf32> -> tensor<f32>
  %g = theano.grad cost(%1 : tensor<f32>) wrt(%b : tensor<1x?xf32>) -> tensor<1x?xf32>
  return %g : tensor<1x?xf32>
}

// Matrix product: d sum(X W) / dW = X^T ones.
// CHECK-LABEL: func @dot
// CHECK: %[[XT:.*]] = theano.dimshuffle %arg0 [1, 0]
// CHECK: %[[G:.*]] = theano.dot %[[XT]], %{{.*}} : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
// CHECK: return %[[G]]
func.func @dot(%x: tensor<?x?xf64>, %w: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %0 = theano.dot %x, %w : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  %1 = theano.sum %0 [0, 1] : tensor<?x?xf64> -> tensor<f64>
  %g = theano.grad cost(%1 : tensor<f64>) wrt(%w : tensor<?x?xf64>) -> tensor<?x?xf64>
  return %g : tensor<?x?xf64>
}

// Nested: the inner grad (3x^2) is expanded first, then differentiated: 6x.
// CHECK-LABEL: func @nested
// CHECK-NOT: theano.grad
// CHECK: theano.constant dense<3.0{{.*}}>
// CHECK-NOT: theano.grad
// CHECK: return
func.func @nested(%x: tensor<f64>) -> tensor<f64> {
  %three = theano.constant dense<3.0> : tensor<f64>
  %0 = theano.pow %x, %three : tensor<f64>, tensor<f64> -> tensor<f64>
  %g = theano.grad cost(%0 : tensor<f64>) wrt(%x : tensor<f64>) -> tensor<f64>
  %h = theano.grad cost(%g : tensor<f64>) wrt(%x : tensor<f64>) -> tensor<f64>
  return %h : tensor<f64>
}

// Not reached (through stop_gradient, or not at all): zeros of wrt's shape.
// CHECK-LABEL: func @unreached
// CHECK: %[[ZERO:.*]] = theano.constant dense<0.0{{.*}}> : tensor<1xf32>
// CHECK: %[[SHAPE:.*]] = theano.shape %arg0
// CHECK: %[[Z:.*]] = theano.alloc %[[ZERO]], %[[SHAPE]]
// CHECK: return %[[Z]]
func.func @unreached(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = theano.stop_gradient %x : tensor<?xf32>
  %1 = theano.sum %0 [0] : tensor<?xf32> -> tensor<f32>
  %g = theano.grad cost(%1 : tensor<f32>) wrt(%x : tensor<?xf32>) -> tensor<?xf32>
  return %g : tensor<?xf32>
}

// Known gradients seed the sweep (Lop): seed * (1 - tanh(x)^2).
// CHECK-LABEL: func @known
// CHECK: %[[T:.*]] = theano.tanh %arg0
// CHECK: %[[SQ:.*]] = theano.mul %[[T]], %[[T]]
// CHECK: %[[D:.*]] = theano.sub %{{.*}}, %[[SQ]]
// CHECK: %[[G:.*]] = theano.mul %arg1, %[[D]]
// CHECK: return %[[G]]
func.func @known(%x: tensor<?xf64>, %seed: tensor<?xf64>) -> tensor<?xf64> {
  %0 = theano.tanh %x : tensor<?xf64>
  %g = theano.grad wrt(%x : tensor<?xf64>) known(%0 : tensor<?xf64> = %seed : tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}

// Integer wrt: a zero float gradient; constants stop the flow.
// CHECK-LABEL: func @int_and_constants
// CHECK-DAG: theano.alloc {{.*}} -> tensor<?xf64>
// CHECK-DAG: %[[H:.*]] = theano.mul %arg1, %arg1
// CHECK: return %{{.*}}, %[[H]]
func.func @int_and_constants(%i: tensor<?xi32>, %x: tensor<f64>) -> (tensor<?xf64>, tensor<f64>) {
  %0 = theano.cast %i : tensor<?xi32> -> tensor<?xf64>
  %1 = theano.sum %0 [0] : tensor<?xf64> -> tensor<f64>
  %h = theano.mul %x, %x : tensor<f64>, tensor<f64> -> tensor<f64>
  %2 = theano.mul %h, %x : tensor<f64>, tensor<f64> -> tensor<f64>
  %3 = theano.add %1, %2 : tensor<f64>, tensor<f64> -> tensor<f64>
  %g:2 = theano.grad cost(%3 : tensor<f64>) wrt(%i, %x : tensor<?xi32>, tensor<f64>) constants(%h : tensor<f64>) -> tensor<?xf64>, tensor<f64>
  return %g#0, %g#1 : tensor<?xf64>, tensor<f64>
}

// Jacobian: a loop over the rows; row i is the gradient with the one-hot
// seed e_i, d (exp(x) * x) = e_i * x * exp(x) + e_i * exp(x), written into
// row i of the result.
// CHECK-LABEL: func @jacobian
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1.0{{.*}} : f64
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.0{{.*}} : f64
// CHECK: %[[E:.*]] = theano.exp %arg0
// CHECK: %[[Y:.*]] = theano.mul %[[E]], %arg0
// CHECK: %[[N:.*]] = tensor.dim %[[Y]], %c0
// CHECK: %[[M:.*]] = tensor.dim %arg0, %c0
// CHECK: %[[INIT:.*]] = tensor.empty(%[[N]], %[[M]]) : tensor<?x?xf64>
// CHECK: %[[J:.*]] = scf.for %[[I:.*]] = %c0 to %[[N]] step %c1 iter_args(%[[ACC:.*]] = %[[INIT]])
// CHECK:   %[[SEED:.*]] = tensor.generate %[[N]]
// CHECK:   ^bb0(%[[K:.*]]: index):
// CHECK:     %[[HIT:.*]] = arith.cmpi eq, %[[K]], %[[I]]
// CHECK:     arith.select %[[HIT]], %[[ONE]], %[[ZERO]]
// CHECK:   theano.mul %[[SEED]], %[[E]]
// CHECK:   theano.mul %[[SEED]], %arg0
// CHECK:   %[[ROW:.*]] = theano.add
// CHECK:   %[[NEW:.*]] = tensor.insert_slice %[[ROW]] into %[[ACC]][%[[I]], 0] [1, %{{.*}}] [1, 1] : tensor<?xf64> into tensor<?x?xf64>
// CHECK:   scf.yield %[[NEW]]
// CHECK: return %[[J]]
func.func @jacobian(%x: tensor<?xf64>) -> tensor<?x?xf64> {
  %0 = theano.exp %x : tensor<?xf64>
  %1 = theano.mul %0, %x : tensor<?xf64>, tensor<?xf64> -> tensor<?xf64>
  %j = theano.jacobian %1 : tensor<?xf64> wrt(%x : tensor<?xf64>) -> tensor<?x?xf64>
  return %j : tensor<?x?xf64>
}

// Hessian: the Jacobian of a gradient, which is expanded first.
// d/dx (2 x) = 2 per row: the loop differentiates the expanded gradient.
// CHECK-LABEL: func @hessian
// CHECK-NOT: theano.grad
// CHECK: scf.for
// CHECK-NOT: theano.jacobian
// CHECK: tensor.insert_slice
func.func @hessian(%x: tensor<3xf32>) -> tensor<3x3xf32> {
  %0 = theano.mul %x, %x : tensor<3xf32>, tensor<3xf32> -> tensor<3xf32>
  %1 = theano.sum %0 [0] : tensor<3xf32> -> tensor<f32>
  %g = theano.grad cost(%1 : tensor<f32>) wrt(%x : tensor<3xf32>) -> tensor<3xf32>
  %h = theano.jacobian %g : tensor<3xf32> wrt(%x : tensor<3xf32>) -> tensor<3x3xf32>
  return %h : tensor<3x3xf32>
}

// Softmax: (g - sum(g y)) y over each row.
// CHECK-LABEL: func @softmax_rule
// CHECK: %[[Y:.*]] = theano.softmax %arg0
// CHECK: %[[GY:.*]] = theano.mul %arg1, %[[Y]]
// CHECK: %[[S:.*]] = theano.sum %[[GY]] [1]
// CHECK: %[[K:.*]] = theano.dimshuffle %[[S]] [0, -1]
// CHECK: %[[D:.*]] = theano.sub %arg1, %[[K]]
// CHECK: %[[G:.*]] = theano.mul %[[D]], %[[Y]]
// CHECK: return %[[G]]
func.func @softmax_rule(%x: tensor<?x?xf64>, %seed: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %0 = theano.softmax %x : tensor<?x?xf64>
  %g = theano.grad wrt(%x : tensor<?x?xf64>) known(%0 : tensor<?x?xf64> = %seed : tensor<?x?xf64>) -> tensor<?x?xf64>
  return %g : tensor<?x?xf64>
}

// Log-softmax: g - exp(y) sum(g).
// CHECK-LABEL: func @log_softmax_rule
// CHECK: %[[Y:.*]] = theano.log_softmax %arg0
// CHECK: %[[S:.*]] = theano.sum %arg1 [1]
// CHECK: %[[K:.*]] = theano.dimshuffle %[[S]] [0, -1]
// CHECK: %[[E:.*]] = theano.exp %[[Y]]
// CHECK: %[[P:.*]] = theano.mul %[[E]], %[[K]]
// CHECK: %[[G:.*]] = theano.sub %arg1, %[[P]]
// CHECK: return %[[G]]
func.func @log_softmax_rule(%x: tensor<?x?xf64>, %seed: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %0 = theano.log_softmax %x : tensor<?x?xf64>
  %g = theano.grad wrt(%x : tensor<?x?xf64>) known(%0 : tensor<?x?xf64> = %seed : tensor<?x?xf64>) -> tensor<?x?xf64>
  return %g : tensor<?x?xf64>
}

// take_per_row: the row's gradient at the column taken (a one-hot matrix).
// CHECK-LABEL: func @take_per_row_rule
// CHECK: %[[N:.*]] = theano.dim %arg0[1]
// CHECK: %[[H:.*]] = theano.one_hot %arg1, %[[N]] : tensor<?xi64>, tensor<i64> -> tensor<?x?xf32>
// CHECK: %[[C:.*]] = theano.dimshuffle %arg2 [0, -1]
// CHECK: %[[G:.*]] = theano.mul %[[H]], %[[C]]
// CHECK: return %[[G]]
func.func @take_per_row_rule(%x: tensor<?x?xf32>, %t: tensor<?xi64>, %seed: tensor<?xf32>) -> tensor<?x?xf32> {
  %0 = theano.take_per_row %x, %t : tensor<?x?xf32>, tensor<?xi64> -> tensor<?xf32>
  %g = theano.grad wrt(%x : tensor<?x?xf32>) known(%0 : tensor<?xf32> = %seed : tensor<?xf32>) -> tensor<?x?xf32>
  return %g : tensor<?x?xf32>
}

// logsumexp: g exp(x - logsumexp(x)).
// CHECK-LABEL: func @logsumexp_rule
// CHECK: %[[L:.*]] = theano.logsumexp %arg0 [1]
// CHECK: %[[K:.*]] = theano.dimshuffle %[[L]] [0, -1]
// CHECK: %[[D:.*]] = theano.sub %arg0, %[[K]]
// CHECK: %[[E:.*]] = theano.exp %[[D]]
// CHECK: %[[GK:.*]] = theano.dimshuffle %arg1 [0, -1]
// CHECK: %[[G:.*]] = theano.mul %[[GK]], %[[E]]
// CHECK: return %[[G]]
func.func @logsumexp_rule(%x: tensor<?x?xf64>, %seed: tensor<?xf64>) -> tensor<?x?xf64> {
  %0 = theano.logsumexp %x [1] : tensor<?x?xf64> -> tensor<?xf64>
  %g = theano.grad wrt(%x : tensor<?x?xf64>) known(%0 : tensor<?xf64> = %seed : tensor<?xf64>) -> tensor<?x?xf64>
  return %g : tensor<?x?xf64>
}

// relu: slope 1 above 0, alpha below, (1 + alpha)/2 at 0 (NaN stays NaN);
// min(x, 0) with respect to alpha, summed over its broadcast.
// CHECK-LABEL: func @relu_rule
// CHECK-DAG: theano.gt %arg0
// CHECK-DAG: theano.lt %arg0
// CHECK-DAG: theano.eq %arg0
// CHECK-DAG: %[[M:.*]] = theano.minimum %arg0
// CHECK-DAG: %[[DA:.*]] = theano.mul %arg2, %[[M]]
// CHECK-DAG: %[[DX:.*]] = theano.mul %arg2, %{{.*}}
// CHECK: %[[S:.*]] = theano.sum %[[DA]] [0]
// CHECK: %[[SA:.*]] = theano.dimshuffle %[[S]] [-1]
// CHECK: return %[[DX]], %[[SA]]
func.func @relu_rule(%x: tensor<?xf32>, %a: tensor<1xf32>, %seed: tensor<?xf32>) -> (tensor<?xf32>, tensor<1xf32>) {
  %0 = theano.relu %x, %a : tensor<?xf32>, tensor<1xf32> -> tensor<?xf32>
  %g:2 = theano.grad wrt(%x, %a : tensor<?xf32>, tensor<1xf32>) known(%0 : tensor<?xf32> = %seed : tensor<?xf32>) -> tensor<?xf32>, tensor<1xf32>
  return %g#0, %g#1 : tensor<?xf32>, tensor<1xf32>
}

// make_vector of floats: element i's adjoint is the i-th entry of the
// vector's (sum(g * e_i)); no gradient is silently zero.
// CHECK-LABEL: func @make_vector
// CHECK-DAG: theano.constant dense<[1.000000e+00, 0.000000e+00]> : tensor<2xf64>
// CHECK-DAG: theano.constant dense<[0.000000e+00, 1.000000e+00]> : tensor<2xf64>
// CHECK: theano.sum {{.*}} [0]
// CHECK: theano.sum {{.*}} [0]
// CHECK-NOT: theano.grad
func.func @make_vector(%x: tensor<f64>, %y: tensor<f64>) -> (tensor<f64>, tensor<f64>) {
  %v = theano.make_vector %x, %y : tensor<f64>, tensor<f64> -> tensor<2xf64>
  %s = theano.sqr %v : tensor<2xf64>
  %c = theano.sum %s [0] : tensor<2xf64> -> tensor<f64>
  %g:2 = theano.grad cost(%c : tensor<f64>) wrt(%x, %y : tensor<f64>, tensor<f64>) -> tensor<f64>, tensor<f64>
  return %g#0, %g#1 : tensor<f64>, tensor<f64>
}

// gemm: beta c + alpha dot(a, b), differentiated with respect to all five.
// CHECK-LABEL: func @gemm
// CHECK-NOT: theano.grad
// CHECK-DAG: theano.dot
// CHECK-DAG: theano.dimshuffle
// CHECK: return
func.func @gemm(%c: tensor<?x?xf32>, %a: tensor<?x?xf32>, %b: tensor<?x?xf32>,
                %alpha: tensor<f32>, %beta: tensor<f32>)
    -> (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<f32>, tensor<f32>) {
  %0 = theano.gemm c(%c : tensor<?x?xf32>, %beta : tensor<f32>) %a, %b, alpha(%alpha : tensor<f32>) : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  %1 = theano.sum %0 [0, 1] : tensor<?x?xf32> -> tensor<f32>
  %g:5 = theano.grad cost(%1 : tensor<f32>) wrt(%c, %a, %b, %alpha, %beta : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<f32>, tensor<f32>) -> tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<f32>, tensor<f32>
  return %g#0, %g#1, %g#2, %g#3, %g#4 : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<f32>, tensor<f32>
}

// Rules written beside the ops in ODS: softsign's g / (1 + |x|)^2.
// CHECK-LABEL: func @softsign
// CHECK: %[[ABS:.*]] = theano.abs %arg0
// CHECK: %[[D:.*]] = theano.add %{{.*}}, %[[ABS]]
// CHECK: %[[SQUARE:.*]] = theano.mul %[[D]], %[[D]]
// CHECK: theano.true_div %{{.*}}, %[[SQUARE]]
func.func @softsign(%x: tensor<?xf64>) -> tensor<?xf64> {
  %0 = theano.softsign %x : tensor<?xf64>
  %1 = theano.sum %0 [0] : tensor<?xf64> -> tensor<f64>
  %g = theano.grad cost(%1 : tensor<f64>) wrt(%x : tensor<?xf64>) -> tensor<?xf64>
  return %g : tensor<?xf64>
}
