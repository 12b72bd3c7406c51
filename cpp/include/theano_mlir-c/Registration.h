/*===- Registration.h - C entry points of the in-process library --*- C -*-===*\
|*                                                                            *|
|* Python loads the one library that holds the dialect (linked against        *|
|* libMLIRPythonCAPI.so) and calls these through ctypes.                      *|
\*===----------------------------------------------------------------------===*/
#ifndef THEANO_MLIR_C_REGISTRATION_H
#define THEANO_MLIR_C_REGISTRATION_H

#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

/// Registers and loads the `theano` dialect in `context`.
MLIR_CAPI_EXPORTED void theanoMlirRegisterDialect(MlirContext context);

/// Registers the project's passes with the global pass registry (once).
MLIR_CAPI_EXPORTED void theanoMlirRegisterPasses(void);

#ifdef __cplusplus
}
#endif

#endif
