//===- PopulatePatterns.h - op families of the linalg lowering --*- C++ -*-===//
//
// Internal to the conversion: one entry per op family, each in its own file,
// all added by the pass in TheanoToLinalg.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef THEANO_MLIR_LIB_CONVERSION_THEANOTOLINALG_POPULATEPATTERNS_H
#define THEANO_MLIR_LIB_CONVERSION_THEANOTOLINALG_POPULATEPATTERNS_H

#include <cstdint>

namespace mlir {
class RewritePatternSet;
class TypeConverter;
namespace theano {

void populateElementwisePatterns(const TypeConverter &converter,
                                 RewritePatternSet &patterns);
void populateReductionPatterns(const TypeConverter &converter,
                               RewritePatternSet &patterns);
void populateContractionPatterns(const TypeConverter &converter,
                                 RewritePatternSet &patterns);
void populateDataMovementPatterns(const TypeConverter &converter,
                                  RewritePatternSet &patterns);
void populateIndexingPatterns(const TypeConverter &converter,
                              RewritePatternSet &patterns);
void populateNeuralNetworkPatterns(const TypeConverter &converter,
                                   RewritePatternSet &patterns);
void populateControlFlowPatterns(const TypeConverter &converter,
                                 RewritePatternSet &patterns);
void populateSequencePatterns(const TypeConverter &converter,
                              RewritePatternSet &patterns);
/// `threads`: the most parts the random draws are split into.
void populateRandomPatterns(const TypeConverter &converter,
                            RewritePatternSet &patterns, int64_t threads);
void populateConvolutionPatterns(const TypeConverter &converter,
                                 RewritePatternSet &patterns);
void populatePoolingPatterns(const TypeConverter &converter,
                             RewritePatternSet &patterns);
void populateHostCallPatterns(const TypeConverter &converter,
                              RewritePatternSet &patterns);

} // namespace theano
} // namespace mlir

#endif
