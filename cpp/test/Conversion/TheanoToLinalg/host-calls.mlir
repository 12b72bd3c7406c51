// RUN: theano-mlir-opt %s | theano-mlir-opt | FileCheck %s --check-prefix=ROUND
// RUN: theano-mlir-opt %s -convert-theano-to-linalg | FileCheck %s
// A value the host computes (numpy's generators), lowered to two calls of
// the runtime's theanoMlirHostCall on a buffer of i64 words.

// The first call describes the operands (address, offset, rank, sizes,
// strides) and gets the results' sizes back; the kernel allocates the
// results (a static size is checked) and the second call has them filled.
// ROUND-LABEL: func @draw
// ROUND: theano.host_call 42(%{{.*}}, %{{.*}}) : (tensor<628xui32>, tensor<?xi64>) -> (tensor<628xui32>, tensor<?x?xf64>)
// CHECK: func.func private @theanoMlirHostCall(memref<?xi64>) -> i32
// CHECK-LABEL: func @draw
// CHECK: bufferization.to_buffer %{{.*}} read_only
// CHECK: memref.extract_aligned_pointer_as_index
// CHECK: memref.alloca() : memref<{{[0-9]+}}xi64>
// CHECK: %[[FIRST:.*]] = call @theanoMlirHostCall
// CHECK: theano.check %{{.*}}, "theano.host_call: HostError: the host's computation failed"
// CHECK: memref.load
// CHECK: theano.check %{{.*}}, "theano.host_call: dimension 0 of result must be 628, the host gave {0}"
// CHECK: memref.alloc() : memref<628xi32>
// CHECK: memref.alloc(%{{.*}}, %{{.*}}) : memref<?x?xf64>
// CHECK: call @theanoMlirHostCall
// CHECK: bufferization.to_tensor %{{.*}} restrict writable
func.func @draw(%state: tensor<628xui32>, %size: tensor<?xi64>) -> (tensor<628xui32>, tensor<?x?xf64>) {
  %s, %d = theano.host_call 42(%state, %size) : (tensor<628xui32>, tensor<?xi64>) -> (tensor<628xui32>, tensor<?x?xf64>)
  return %s, %d : tensor<628xui32>, tensor<?x?xf64>
}
