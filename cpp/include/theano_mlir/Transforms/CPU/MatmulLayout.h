//===- MatmulLayout.h - how a linalg.matmul reads its operands --*- C++ -*-===//
#ifndef THEANO_MLIR_TRANSFORMS_CPU_MATMULLAYOUT_H
#define THEANO_MLIR_TRANSFORMS_CPU_MATMULLAYOUT_H

#include <optional>

namespace mlir::linalg {
class MatmulOp;
} // namespace mlir::linalg

namespace mlir::theano::cpu {
/// C[m][n] += A * B with A stored [m][k] or, transposed, [k][m], and B
/// stored [k][n] or, transposed, [n][k]: the matmuls the lowering builds.
struct MatmulLayout {
  bool aTransposed = false;
  bool bTransposed = false;
};

/// The layout of `matmul`, or nothing for other indexing maps.
std::optional<MatmulLayout> getMatmulLayout(linalg::MatmulOp matmul);
} // namespace mlir::theano::cpu

#endif // THEANO_MLIR_TRANSFORMS_CPU_MATMULLAYOUT_H
