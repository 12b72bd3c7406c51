/*===- ObjectCode.h - LLVM-dialect modules to relocatable objects -*- C -*-===*\
|*                                                                            *|
|* A compiled function is handed to the runtime as a shared object, not as   *|
|* code inside an in-process JIT, so that it can be cached on disk and run   *|
|* where no compiler is installed. These entry points turn a module lowered  *|
|* to the LLVM dialect into a position-independent object file for the host. *|
\*===----------------------------------------------------------------------===*/
#ifndef THEANO_MLIR_C_OBJECTCODE_H
#define THEANO_MLIR_C_OBJECTCODE_H

#include "mlir-c/IR.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The host's target triple, CPU name and CPU features (LLVM's spelling:
/// "triple cpu +feature,-feature,..."), as a malloc'ed string to be freed
/// with theanoMlirFree. Code compiled here is specialized for them.
MLIR_CAPI_EXPORTED char *theanoMlirHostTarget(void);

/// Translates `module` (LLVM dialect, plus OpenMP) to LLVM IR, optimizes it
/// at `optLevel` (0-3, as the ExecutionEngine does) and emits a PIC object
/// for the host. Returns 0 and sets *object/*size (malloc'ed, free with
/// theanoMlirFree) on success; else nonzero and *error (malloc'ed).
/// The object code of `module` at `optLevel`: objects[0] (malloc'ed, size
/// sizes[0]), and objects[1] (or NULL) holding the functions marked
/// `optnone` compiled at -O0, to be linked with it. Nonzero and a message
/// in *error on failure.
MLIR_CAPI_EXPORTED int theanoMlirEmitObject(MlirModule module, int optLevel,
                                            char **objects, size_t *sizes,
                                            char **error);

MLIR_CAPI_EXPORTED void theanoMlirFree(void *pointer);

#ifdef __cplusplus
}
#endif

#endif
