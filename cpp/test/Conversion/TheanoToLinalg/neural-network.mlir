// RUN: theano-mlir-opt %s -convert-theano-to-linalg -canonicalize -cse | FileCheck %s

// softmax: exp(x - rowmax) / rowsum, every step a linalg op. Rows may be
// empty (the result is too): the row maximum has no emptiness check.
// CHECK-LABEL: func @softmax
// CHECK-NOT: theano.check
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK: arith.maximumf
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK: arith.addf
// CHECK: arith.divf
// CHECK-NOT: theano.softmax
func.func @softmax(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = theano.softmax %x : tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// log_softmax: (x - rowmax) - log(rowsum(exp(x - rowmax))).
// CHECK-LABEL: func @log_softmax
// CHECK: arith.maximumf
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: math.log
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<?x?xf64>, tensor<?x1xf64>)
// CHECK: arith.subf
func.func @log_softmax(%x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %0 = theano.log_softmax %x : tensor<?x?xf64>
  return %0 : tensor<?x?xf64>
}

// logsumexp: max + log(sum(exp(x - max))), the shift 0 where max is not
// finite; the logsumexp of nothing is -inf, not an error (numpy's
// log(sum(exp(empty)))).
// CHECK-LABEL: func @logsumexp
// CHECK-NOT: theano.check
// CHECK: arith.maximumf
// CHECK: arith.subf
// CHECK: arith.cmpf oeq
// CHECK: arith.select
// CHECK: math.exp
// CHECK: math.log
// CHECK: arith.addf
func.func @logsumexp(%x: tensor<?x?xf64>) -> tensor<?xf64> {
  %0 = theano.logsumexp %x [1] : tensor<?x?xf64> -> tensor<?xf64>
  return %0 : tensor<?xf64>
}

// take_per_row: one index per row, all within [0, columns), then a gather.
// CHECK-LABEL: func @take_per_row
// CHECK: theano.check %{{.*}}, "theano.take_per_row: {0} rows but {1} indices"
// CHECK: %[[BOUNDS:.*]]:2 = linalg.generic {{.*}} iterator_types = ["reduction"]
// CHECK: arith.minsi
// CHECK: arith.maxsi
// CHECK: theano.check %{{.*}}, "theano.take_per_row: index {0} is out of bounds (negative)"
// CHECK: theano.check %{{.*}}, "theano.take_per_row: index {0} is out of bounds for {1} columns"
// CHECK: linalg.generic
// CHECK: %[[ROW:.*]] = linalg.index 0
// CHECK: %[[COLUMN:.*]] = arith.index_cast
// CHECK: tensor.extract %arg0[%[[ROW]], %[[COLUMN]]]
func.func @take_per_row(%x: tensor<?x?xf32>, %t: tensor<?xi64>) -> tensor<?xf32> {
  %0 = theano.take_per_row %x, %t : tensor<?x?xf32>, tensor<?xi64> -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// one_hot: (column == index) as the element type.
// CHECK-LABEL: func @one_hot
// CHECK: theano.check %{{.*}}, "theano.one_hot: depth {0} is negative"
// CHECK: linalg.generic
// CHECK: linalg.index 1
// CHECK: arith.cmpi eq
// CHECK: arith.uitofp
func.func @one_hot(%t: tensor<?xi64>, %n: tensor<i64>) -> tensor<?x?xf64> {
  %0 = theano.one_hot %t, %n : tensor<?xi64>, tensor<i64> -> tensor<?x?xf64>
  return %0 : tensor<?x?xf64>
}

// relu: max(x, 0) where alpha is 0, x > 0 ? x : alpha * x elsewhere.
// CHECK-LABEL: func @relu
// CHECK: linalg.generic
// CHECK-DAG: %[[POSITIVE:.*]] = arith.cmpf ogt, %[[X:.*]], %[[ZERO:.*]] : f32
// CHECK-DAG: %[[SCALED:.*]] = arith.mulf %[[A:.*]], %[[X]]
// CHECK-DAG: %[[LEAKY:.*]] = arith.select %[[POSITIVE]], %[[X]], %[[SCALED]]
// CHECK-DAG: %[[NOSLOPE:.*]] = arith.cmpf oeq, %[[A]], %[[ZERO]]
// CHECK-DAG: %[[RELU:.*]] = arith.maximumf %[[X]], %[[ZERO]]
// CHECK: arith.select %[[NOSLOPE]], %[[RELU]], %[[LEAKY]]
func.func @relu(%x: tensor<?xf32>, %a: tensor<1xf32>) -> tensor<?xf32> {
  %0 = theano.relu %x, %a : tensor<?xf32>, tensor<1xf32> -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// elu: x > 0 ? x : alpha * expm1(x).
// CHECK-LABEL: func @elu
// CHECK: linalg.generic
// CHECK-DAG: %[[EXPM1:.*]] = math.expm1 %[[X:.*]] : f64
// CHECK-DAG: %[[NEGATIVE:.*]] = arith.mulf %[[A:.*]], %[[EXPM1]]
// CHECK-DAG: %[[POSITIVE:.*]] = arith.cmpf ogt, %[[X]], %{{.*}} : f64
// CHECK: arith.select %[[POSITIVE]], %[[X]], %[[NEGATIVE]]
func.func @elu(%x: tensor<?xf64>, %a: tensor<1xf64>) -> tensor<?xf64> {
  %0 = theano.elu %x, %a : tensor<?xf64>, tensor<1xf64> -> tensor<?xf64>
  return %0 : tensor<?xf64>
}

// softsign: x / (1 + |x|).
// CHECK-LABEL: func @softsign
// CHECK: linalg.generic
// CHECK: %[[ABS:.*]] = math.absf %[[X:.*]] : f32
// CHECK: %[[DENOMINATOR:.*]] = arith.addf %[[ABS]], %{{.*}}
// CHECK: arith.divf %[[X]], %[[DENOMINATOR]]
func.func @softsign(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = theano.softsign %x : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// hard_sigmoid: clip(x * 0.2 + 0.5, 0, 1) in x's type, no fused multiply-add.
// CHECK-LABEL: func @hard_sigmoid
// CHECK: linalg.generic
// CHECK: %[[SCALED:.*]] = arith.mulf %{{.*}}, %{{.*}} : f32
// CHECK: %[[T:.*]] = arith.addf %[[SCALED]], %{{.*}} : f32
// CHECK-DAG: arith.cmpf olt, %[[T]]
// CHECK-DAG: arith.cmpf ogt, %[[T]]
// CHECK-NOT: math.fma
func.func @hard_sigmoid(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = theano.hard_sigmoid %x : tensor<?xf32>
  return %0 : tensor<?xf32>
}
