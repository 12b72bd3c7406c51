// RUN: theano-mlir-opt --pass-pipeline='builtin.module(func.func(theano-scf-to-cf-backward))' %s | FileCheck %s

// Two loops in sequence and an if nested in the second: all become blocks
// and branches, in program order, as upstream's convert-scf-to-cf makes them.
// CHECK-LABEL: func.func @sequence
// CHECK-NOT: scf.
// CHECK: cf.br ^[[COND1:.*]](%{{.*}}, %{{.*}} : index, f32)
// CHECK: ^[[COND1]](%[[I:.*]]: index, %[[S:.*]]: f32):
// CHECK: %[[LT1:.*]] = arith.cmpi slt, %[[I]], %arg0
// CHECK: cf.cond_br %[[LT1]], ^[[BODY1:.*]], ^[[END1:.*]]
// CHECK: ^[[BODY1]]:
// CHECK: arith.addf %[[S]], %arg1
// CHECK: ^[[END1]]:
// CHECK: cf.br ^[[COND2:.*]](
// CHECK: ^[[COND2]](%[[J:.*]]: index, %[[T:.*]]: f32):
// CHECK: cf.cond_br %{{.*}}, ^[[BODY2:.*]], ^[[END2:.*]]
// CHECK: ^[[BODY2]]:
// CHECK: cf.cond_br %arg2, ^[[THEN:.*]], ^[[ELSE:.*]]
// CHECK: arith.mulf
// CHECK: ^[[END2]]:
// CHECK: return %[[T]]
func.func @sequence(%n: index, %x: f32, %c: i1) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %s = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (f32) {
    %a = arith.addf %acc, %x : f32
    scf.yield %a : f32
  }
  %t = scf.for %j = %c0 to %n step %c1 iter_args(%acc = %s) -> (f32) {
    %r = scf.if %c -> (f32) {
      %m = arith.mulf %acc, %x : f32
      scf.yield %m : f32
    } else {
      scf.yield %acc : f32
    }
    scf.yield %r : f32
  }
  return %t : f32
}

// Nothing to convert: left as is.
// CHECK-LABEL: func.func @straight
// CHECK-NEXT: arith.addf
// CHECK-NEXT: return
func.func @straight(%x: f32) -> f32 {
  %y = arith.addf %x, %x : f32
  return %y : f32
}
