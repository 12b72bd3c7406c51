// RUN: theano-mlir-opt %s -theano-checks-to-status -split-input-file | FileCheck %s
// Runs on bufferized code: each check branches to one error block that
// returns empty buffers, the check's code and its values; success returns 0.

// CHECK: module attributes {theano.check_messages = ["first {0}", "second {0} {1}"]}
// CHECK-LABEL: func @two_checks
// CHECK-SAME: -> (memref<?xf32>, i32, i64, i64, i64, i64)
// CHECK: %[[V:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK: cf.cond_br %{{.*}}, ^[[NEXT:.*]], ^[[ERROR:.*]](%c1_i32, %[[V]], %c0_i64, %c0_i64, %c0_i64 : i32, i64, i64, i64, i64)
// CHECK: ^[[NEXT]]:
// CHECK: cf.cond_br %{{.*}}, ^[[LAST:.*]], ^[[ERROR]](%c2_i32,
// CHECK: ^[[LAST]]:
// CHECK: memref.alloc
// CHECK: return %{{.*}}, %c0_i32{{.*}}, %c0_i64{{.*}}, %c0_i64{{.*}}, %c0_i64{{.*}}, %c0_i64{{.*}} : memref<?xf32>, i32, i64, i64, i64, i64
// CHECK: ^[[ERROR]](%[[CODE:.*]]: i32, %[[V0:.*]]: i64, %[[V1:.*]]: i64, %[[V2:.*]]: i64, %[[V3:.*]]: i64):
// CHECK: %[[EMPTY:.*]] = memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK: return %[[EMPTY]], %[[CODE]], %[[V0]], %[[V1]], %[[V2]], %[[V3]]
func.func @two_checks(%n: index, %ok1: i1, %ok2: i1) -> memref<?xf32> {
  theano.check %ok1, "first {0}"(%n)
  theano.check %ok2, "second {0} {1}"(%n, %n)
  %0 = memref.alloc(%n) : memref<?xf32>
  return %0 : memref<?xf32>
}

// -----

// Functions without checks still get the status results.
// CHECK-LABEL: func @no_checks
// CHECK-SAME: -> (memref<f32>, i32, i64, i64, i64, i64)
// CHECK-NOT: cf.cond_br
func.func @no_checks(%a: memref<f32>) -> memref<f32> {
  return %a : memref<f32>
}

// -----

// A check in a branch (a lazy ifelse's) runs only where the branch is
// taken: the scf.if becomes blocks of the function, and the check a branch
// to the error block from the taken branch's block.
// CHECK-LABEL: func @check_in_a_branch
// CHECK-NOT: scf.if
// CHECK: cf.cond_br %arg1, ^[[THEN:.*]], ^[[ELSE:.*]]
// CHECK: ^[[THEN]]:
// CHECK: cf.cond_br %arg2, ^{{.*}}, ^{{.*}}(%c1_i32
func.func @check_in_a_branch(%n: index, %taken: i1, %ok: i1) -> index {
  %0 = scf.if %taken -> (index) {
    theano.check %ok, "in the branch {0}"(%n)
    scf.yield %n : index
  } else {
    %c0 = arith.constant 0 : index
    scf.yield %c0 : index
  }
  return %0 : index
}

// -----

// A check in a loop's body (a scan's step) that no hoisting could move out:
// the loop becomes blocks of the function, and the check reports from the
// iteration it fails in.
// CHECK-LABEL: func @check_in_a_loop
// CHECK-NOT: scf.for
// CHECK: cf.br ^[[HEAD:.*]](%c0
// CHECK: ^[[HEAD]](%[[I:.*]]: index):
// CHECK: cf.cond_br %{{.*}}, ^[[BODY:.*]], ^
// CHECK: ^[[BODY]]:
// CHECK: %[[OK:.*]] = arith.cmpi slt, %[[I]], %arg1
// CHECK: cf.cond_br %[[OK]], ^{{.*}}, ^{{.*}}(%c1_i32
func.func @check_in_a_loop(%n: index, %limit: index) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %ok = arith.cmpi slt, %i, %limit : index
    theano.check %ok, "step {0} past the limit"(%i)
  }
  return %n : index
}

// -----

// The same for an scf.while (a scan that stops on a condition, `until`).
// CHECK-LABEL: func @check_in_a_while_loop
// CHECK-NOT: scf.while
// CHECK: cf.br ^[[HEAD:.*]](%c0
// CHECK: ^[[HEAD]](%[[I:.*]]: index):
// CHECK: cf.cond_br %{{.*}}, ^[[BODY:.*]](%[[I]] : index), ^
// CHECK: ^[[BODY]](%[[J:.*]]: index):
// CHECK: %[[OK:.*]] = arith.cmpi slt, %[[J]], %arg1
// CHECK: cf.cond_br %[[OK]], ^{{.*}}, ^{{.*}}(%c1_i32
func.func @check_in_a_while_loop(%n: index, %limit: index) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.while (%i = %c0) : (index) -> index {
    %more = arith.cmpi slt, %i, %n : index
    scf.condition(%more) %i : index
  } do {
  ^bb0(%j: index):
    %ok = arith.cmpi slt, %j, %limit : index
    theano.check %ok, "step {0} past the limit"(%j)
    %next = arith.addi %j, %c1 : index
    scf.yield %next : index
  }
  return %r : index
}
