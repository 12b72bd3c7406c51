//===- MatmulLayout.cpp - how a linalg.matmul reads its operands ----------===//
#include "theano_mlir/Transforms/CPU/MatmulLayout.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

using namespace mlir;

std::optional<theano::cpu::MatmulLayout>
theano::cpu::getMatmulLayout(linalg::MatmulOp matmul) {
  MLIRContext *context = matmul.getContext();
  AffineExpr m, n, k;
  bindDims(context, m, n, k);
  auto map = [&](AffineExpr row, AffineExpr column) {
    return AffineMap::get(3, 0, {row, column}, context);
  };
  SmallVector<AffineMap> maps = matmul.getIndexingMapsArray();
  if (maps.size() != 3 || maps[2] != map(m, n))
    return std::nullopt;
  MatmulLayout layout;
  if (maps[0] == map(k, m))
    layout.aTransposed = true;
  else if (maps[0] != map(m, k))
    return std::nullopt;
  if (maps[1] == map(n, k))
    layout.bTransposed = true;
  else if (maps[1] != map(k, n))
    return std::nullopt;
  return layout;
}
