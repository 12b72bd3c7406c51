// RUN: theano-mlir-opt --pass-pipeline='builtin.module(convert-theano-to-linalg,canonicalize,cse,func.func(theano-fuse-elementwise))' %s | FileCheck %s

// A chain of five elementwise ops, one operand broadcast along rows, is one
// loop nest: one linalg.generic, one tensor.empty, the broadcast in its map.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func @chain_of_five
// CHECK-SAME: (%[[X:.*]]: tensor<?x?xf32>, %[[Y:.*]]: tensor<?x?xf32>, %[[B:.*]]: tensor<?xf32>)
// CHECK-COUNT-1: tensor.empty
// CHECK-NOT: tensor.empty
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]], #[[ID]]]
// CHECK-SAME: ins(%[[X]], %[[B]], %[[Y]] : tensor<?x?xf32>, tensor<?xf32>, tensor<?x?xf32>)
// CHECK: arith.addf
// CHECK: math.tanh
// CHECK: arith.mulf
// CHECK: math.exp
// CHECK: arith.subf
// CHECK: linalg.yield
// CHECK-NOT: linalg.generic
// CHECK: return %[[R]]
func.func @chain_of_five(%x: tensor<?x?xf32>, %y: tensor<?x?xf32>, %b: tensor<?xf32>) -> tensor<?x?xf32> {
  %row = theano.dimshuffle %b [-1, 0] : tensor<?xf32> -> tensor<1x?xf32>
  %0 = theano.add %x, %row : tensor<?x?xf32>, tensor<1x?xf32> -> tensor<?x?xf32>
  %1 = theano.tanh %0 : tensor<?x?xf32>
  %2 = theano.mul %1, %y : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  %3 = theano.exp %2 : tensor<?x?xf32>
  %4 = theano.sub %3, %y : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  return %4 : tensor<?x?xf32>
}

// A reduction reads its elementwise producer's operands directly.
// CHECK-LABEL: func @sum_of_squares
// CHECK: linalg.fill
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<?x?xf64>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK-NOT: linalg.generic
func.func @sum_of_squares(%x: tensor<?x?xf64>) -> tensor<?xf64> {
  %0 = theano.mul %x, %x : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  %1 = theano.sum %0 [1] : tensor<?x?xf64> -> tensor<?xf64>
  return %1 : tensor<?xf64>
}

// A cheap producer used twice (x - m, as in a softmax) is recomputed in each
// consumer, the sum and the quotient, and leaves no temporary.
// CHECK-LABEL: func @cheap_producer_used_twice
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%arg0, %arg1 :
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: %[[OUT:.*]] = linalg.generic {{.*}} ins(%arg0, %arg1, %[[SUM]] :
// CHECK: arith.subf
// CHECK: arith.divf
// CHECK-NOT: linalg.generic
// CHECK: return %[[OUT]]
func.func @cheap_producer_used_twice(%x: tensor<?x?xf64>, %m: tensor<?xf64>) -> tensor<?x?xf64> {
  %col = theano.dimshuffle %m [0, -1] : tensor<?xf64> -> tensor<?x1xf64>
  %0 = theano.sub %x, %col : tensor<?x?xf64>, tensor<?x1xf64> -> tensor<?x?xf64>
  %1 = theano.exp %0 : tensor<?x?xf64>
  %2 = theano.sum %1 [1] : tensor<?x?xf64> -> tensor<?xf64>
  %3 = theano.dimshuffle %2 [0, -1] : tensor<?xf64> -> tensor<?x1xf64>
  %4 = theano.true_div %0, %3 : tensor<?x?xf64>, tensor<?x1xf64> -> tensor<?x?xf64>
  return %4 : tensor<?x?xf64>
}

// An expensive producer used by two consumers is computed once, into a
// temporary that both read (one consumer using it twice is fused, computing
// it once per element).
// CHECK-LABEL: func @expensive_producer_used_twice
// CHECK: %[[E:.*]] = linalg.generic
// CHECK-NEXT: ^bb0
// CHECK-NEXT: math.exp
// CHECK: linalg.generic {{.*}} ins(%[[E]], %arg1 :
// CHECK-NOT: math.exp
// CHECK: linalg.generic {{.*}} ins(%[[E]], %arg1 :
// CHECK-NOT: math.exp
// CHECK: linalg.generic {{.*}} ins(%arg1 :
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: return
func.func @expensive_producer_used_twice(%x: tensor<?xf64>, %y: tensor<?xf64>)
    -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  %0 = theano.exp %x : tensor<?xf64>
  %1 = theano.add %0, %y : tensor<?xf64>, tensor<?xf64> -> tensor<?xf64>
  %2 = theano.mul %0, %y : tensor<?xf64>, tensor<?xf64> -> tensor<?xf64>
  %3 = theano.exp %y : tensor<?xf64>
  %4 = theano.add %3, %3 : tensor<?xf64>, tensor<?xf64> -> tensor<?xf64>
  return %1, %2, %4 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}

// An expensive producer that its consumer broadcasts is not recomputed per
// element of the broadcast: exp(v) stays a vector loop.
// CHECK-LABEL: func @expensive_producer_broadcast
// CHECK: %[[E:.*]] = linalg.generic {{.*}} iterator_types = ["parallel"]}
// CHECK: math.exp
// CHECK: linalg.generic {{.*}} ins(%arg0, %[[E]] :
// CHECK-NOT: math.exp
// CHECK: return
func.func @expensive_producer_broadcast(%x: tensor<?x?xf64>, %v: tensor<?xf64>) -> tensor<?x?xf64> {
  %0 = theano.exp %v : tensor<?xf64>
  %1 = theano.dimshuffle %0 [-1, 0] : tensor<?xf64> -> tensor<1x?xf64>
  %2 = theano.mul %x, %1 : tensor<?x?xf64>, tensor<1x?xf64> -> tensor<?x?xf64>
  return %2 : tensor<?x?xf64>
}

// A matmul is not fused; its elementwise consumer chain is one loop nest.
// CHECK-LABEL: func @matmul_then_chain
// CHECK: %[[P:.*]] = linalg.matmul
// CHECK: linalg.generic {{.*}} ins(%[[P]] :
// CHECK: math.tanh
// CHECK: arith.mulf
// CHECK-NOT: linalg.generic
func.func @matmul_then_chain(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %two = theano.constant dense<2.000000e+00> : tensor<1x1xf32>
  %0 = theano.dot %a, %b : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  %1 = theano.tanh %0 : tensor<?x?xf32>
  %2 = theano.mul %1, %two : tensor<?x?xf32>, tensor<1x1xf32> -> tensor<?x?xf32>
  return %2 : tensor<?x?xf32>
}

// A producer whose body reads its init (a reduction over no axes: out + x)
// is not fused into a consumer that broadcasts it: the fused loop would add
// into the same element once per consumer iteration (it gave 12x the value
// for a 3x4 consumer). Regression test of the FAST_RUN gradient of
// sum(sum(tanh(m)) * 2).
// CHECK-LABEL: func @init_reading_producer_broadcast
// CHECK: %[[S:.*]] = linalg.generic {{.*}} iterator_types = []}
// CHECK: arith.addf
// CHECK: %[[OUT:.*]] = linalg.generic {{.*}} ins(%arg0, %[[S]] :
// CHECK-NOT: linalg.generic
// CHECK: return %[[OUT]]
func.func @init_reading_producer_broadcast(%m: tensor<?x?xf64>, %c: tensor<f64>) -> tensor<?x?xf64> {
  %0 = theano.sum %c [] : tensor<f64> -> tensor<f64>
  %1 = theano.dimshuffle %0 [-1, -1] : tensor<f64> -> tensor<1x1xf64>
  %2 = theano.mul %m, %1 : tensor<?x?xf64>, tensor<1x1xf64> -> tensor<?x?xf64>
  return %2 : tensor<?x?xf64>
}

// The same producer read element for element (a permutation) still fuses:
// each element is computed once.
// CHECK-LABEL: func @init_reading_producer_elementwise
// CHECK-COUNT-1: linalg.generic
// CHECK-NOT: linalg.generic
func.func @init_reading_producer_elementwise(%x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %0 = theano.sum %x [] : tensor<?x?xf64> -> tensor<?x?xf64>
  %1 = theano.exp %0 : tensor<?x?xf64>
  return %1 : tensor<?x?xf64>
}
