// RUN: theano-mlir-opt --pass-pipeline='builtin.module(convert-theano-to-linalg,canonicalize,cse,func.func(theano-hoist-checks))' %s | FileCheck %s

// Both dot checks depend on argument sizes only: they run before the first
// product is computed.
// CHECK-LABEL: func @chained_products
// CHECK: theano.check
// CHECK: theano.check
// CHECK-NOT: theano.check
// CHECK: linalg.matmul
// CHECK: linalg.matmul
// CHECK-NOT: theano.check
func.func @chained_products(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>,
                            %c: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %0 = theano.dot %a, %b : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  %1 = theano.dot %0, %c : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  return %1 : tensor<?x?xf64>
}

// A reshape to a size computed from data is checked where that size exists.
// CHECK-LABEL: func @data_dependent_size
// CHECK: linalg.generic
// CHECK: tensor.extract
// CHECK: theano.check
func.func @data_dependent_size(%x: tensor<?xf32>, %n: tensor<?xi64>) -> tensor<?xf32> {
  %0 = theano.sum %n [0] : tensor<?xi64> -> tensor<i64>
  %1 = theano.make_vector %0 : tensor<i64> -> tensor<1xi64>
  %2 = theano.reshape %x, %1 : tensor<?xf32>, tensor<1xi64> -> tensor<?xf32>
  return %2 : tensor<?xf32>
}

// A check in a loop that tests argument sizes only leaves the loop (a
// Jacobian's rows all have the shapes of the function's values); one that
// needs the induction variable stays.
// CHECK-LABEL: func @nested
// CHECK: %[[N:.*]] = tensor.dim %arg0
// CHECK: %[[OK:.*]] = arith.cmpi eq, %[[N]]
// CHECK: theano.check %[[OK]], "invariant"
// CHECK: scf.for
// CHECK-NOT: "invariant"
// CHECK: theano.check %{{.*}}, "per row"
func.func @nested(%x: tensor<?xf32>, %m: index) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %0 = theano.exp %x : tensor<?xf32>
  %1 = scf.for %i = %c0 to %m step %c1 iter_args(%acc = %0) -> (tensor<?xf32>) {
    %n = tensor.dim %x, %c0 : tensor<?xf32>
    %ok = arith.cmpi eq, %n, %m : index
    theano.check %ok, "invariant"
    %row = arith.cmpi ult, %i, %n : index
    theano.check %row, "per row"
    scf.yield %acc : tensor<?xf32>
  }
  return %1 : tensor<?xf32>
}

// A check under a condition may hold only there: it stays.
// CHECK-LABEL: func @conditional
// CHECK: scf.if
// CHECK-NEXT: tensor.dim
// CHECK-NEXT: arith.cmpi
// CHECK-NEXT: theano.check %{{.*}}, "guarded"
func.func @conditional(%x: tensor<?xf32>, %m: index, %c: i1) {
  scf.if %c {
    %c0 = arith.constant 0 : index
    %n = tensor.dim %x, %c0 : tensor<?xf32>
    %ok = arith.cmpi eq, %n, %m : index
    theano.check %ok, "guarded"
  }
  return
}

// A check in a Jacobian's loop over rows whose size is computed before the
// loop by an op that cannot go first (a tensor is read): it goes just
// before the loop, with the cheap ops it needs from the loop, so that it
// is in the function's body (theano-checks-to-status needs it there).
// CHECK-LABEL: func @check_before_its_loop
// CHECK: %[[T:.*]] = linalg.generic
// CHECK: %[[E:.*]] = tensor.extract %[[T]][]
// CHECK: %[[N:.*]] = arith.index_cast %[[E]]
// CHECK: %[[OK:.*]] = arith.cmpi sge, %[[N]], %{{.*}}
// CHECK-NEXT: theano.check %[[OK]], "negative size {0}"(%[[N]])
// CHECK-NEXT: scf.for
// CHECK-NOT: theano.check
func.func @check_before_its_loop(%x: tensor<i64>, %rows: index) -> tensor<?xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %empty = tensor.empty() : tensor<i64>
  %t = linalg.generic {indexing_maps = [affine_map<() -> ()>, affine_map<() -> ()>], iterator_types = []} ins(%x : tensor<i64>) outs(%empty : tensor<i64>) {
  ^bb0(%in: i64, %out: i64):
    %twice = arith.addi %in, %in : i64
    linalg.yield %twice : i64
  } -> tensor<i64>
  %e = tensor.extract %t[] : tensor<i64>
  %n = arith.index_cast %e : i64 to index
  %init = tensor.empty(%rows) : tensor<?xf64>
  %r = scf.for %i = %c0 to %rows step %c1 iter_args(%acc = %init) -> (tensor<?xf64>) {
    %ok = arith.cmpi sge, %n, %c0 : index
    theano.check %ok, "negative size {0}"(%n)
    scf.yield %acc : tensor<?xf64>
  }
  return %r : tensor<?xf64>
}
