// RUN: theano-mlir-opt --pass-pipeline='builtin.module(func.func(theano-autodiff),canonicalize,cse)' %s | FileCheck %s
// Derivative rules of grad_clip (the adjoint clipped) and grad_scale (the
// adjoint scaled); nonzero passes none.

// CHECK-LABEL: func @grad_clip_rule
// CHECK-DAG: %[[HI:.*]] = theano.constant dense<2.000000e+00> : tensor<1xf32>
// CHECK-DAG: %[[LO:.*]] = theano.constant dense<-1.000000e+00> : tensor<1xf32>
// CHECK: %[[MIN:.*]] = theano.minimum %arg1, %[[HI]]
// CHECK: %[[MAX:.*]] = theano.maximum %[[MIN]], %[[LO]]
// CHECK: return %[[MAX]]
func.func @grad_clip_rule(%x: tensor<?xf32>, %seed: tensor<?xf32>) -> tensor<?xf32> {
  %0 = theano.grad_clip %x {lower = -1.0, upper = 2.0} : tensor<?xf32>
  %g = theano.grad wrt(%x : tensor<?xf32>) known(%0 : tensor<?xf32> = %seed : tensor<?xf32>) -> tensor<?xf32>
  return %g : tensor<?xf32>
}

// CHECK-LABEL: func @grad_scale_rule
// CHECK: %[[K:.*]] = theano.constant dense<3.000000e+00> : tensor<1xf32>
// CHECK: %[[G:.*]] = theano.mul %arg1, %[[K]]
// CHECK: return %[[G]]
func.func @grad_scale_rule(%x: tensor<?xf32>, %seed: tensor<?xf32>) -> tensor<?xf32> {
  %0 = theano.grad_scale %x {multiplier = 3.0} : tensor<?xf32>
  %g = theano.grad wrt(%x : tensor<?xf32>) known(%0 : tensor<?xf32> = %seed : tensor<?xf32>) -> tensor<?xf32>
  return %g : tensor<?xf32>
}
