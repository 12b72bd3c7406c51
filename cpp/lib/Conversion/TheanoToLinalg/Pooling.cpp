//===- Pooling.cpp - pool, pool_grad, pool_max_grad_grad ------------------===//
//
// pool: one linalg.generic reducing over the window dimensions, reading the
// input zero-padded (low: the padding; high: enough for the last window)
// at out * stride + k; a position outside the window's valid range (past
// the padded input for average_inc_pad, outside the input for the other
// modes, as Theano's perform) counts as the reduction's identity. The
// averages divide by the valid count, computed from the output position.
// pool_grad: a loop over the window positions, each adding its share of
// the output gradient into the strided window of the padded input's
// gradient (for max, where the input equals the window's maximum).
// pool_max_grad_grad, its transpose: the pool's reduction summing the
// input gradient where the input equals the window's maximum.
//
//===----------------------------------------------------------------------===//
#include "PopulatePatterns.h"
#include "theano_mlir/Conversion/TheanoToLinalg/LoweringUtils.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

#include <limits>
#include <optional>

using namespace mlir;
using namespace mlir::theano;

namespace {

using Idx = IndexArithmetic;

/// A pool's attributes and sizes (pooled dimensions: the last n).
struct PoolGeometry {
  SmallVector<int64_t> window, strides, padding;
  bool ignoreBorder = false, includePad = false;
  std::string mode;
  int64_t rank = 0, n = 0;
  SmallVector<Value> lead;                      // the other dimensions
  SmallVector<Value> size, padded, out, extent; // per pooled dimension

  template <typename OpT>
  static PoolGeometry of(OpT op, Value input, StringRef mode) {
    PoolGeometry g;
    g.window = llvm::to_vector(op.getWindow());
    g.strides = llvm::to_vector(op.getStrides());
    g.padding = llvm::to_vector(op.getPadding());
    g.ignoreBorder = op.getIgnoreBorder();
    g.mode = mode.str();
    g.includePad = g.mode == "average_inc_pad";
    g.rank = cast<RankedTensorType>(input.getType()).getRank();
    g.n = g.window.size();
    return g;
  }

  void derive(OpBuilder &b, Location loc, Value input) {
    Idx i{b, loc};
    for (int64_t d = 0; d < rank - n; ++d)
      lead.push_back(dimSize(b, loc, input, d));
    for (int64_t d = 0; d < n; ++d) {
      Value s = dimSize(b, loc, input, rank - n + d);
      int64_t w = window[d], st = strides[d], p = padding[d];
      Value full = i.add(s, i.c(2 * p));
      Value o;
      if (ignoreBorder) {
        Value room = i.sub(full, i.c(w));
        o = i.max(i.add(i.div(i.max(room, i.c(0)), st), i.c(1)), i.c(0));
        o = arith::SelectOp::create(b, loc, i.lt(room, i.c(0)), i.c(0), o);
      } else if (st >= w) {
        o = i.add(i.div(i.sub(s, i.c(1)), st), i.c(1));
      } else {
        Value room = i.sub(s, i.c(1 + w - st));
        o = i.add(i.div(i.max(room, i.c(0)), st), i.c(1));
      }
      o = arith::SelectOp::create(b, loc, i.lt(s, i.c(1)), i.c(0), o);
      size.push_back(s);
      padded.push_back(full);
      out.push_back(o);
      // the padded input holds every window: (out - 1) * stride + window
      Value reach = i.add(i.mul(i.sub(i.max(o, i.c(1)), i.c(1)), st), i.c(w));
      extent.push_back(i.max(full, reach));
    }
  }

  /// Where the window of output `o` reads the input, along d: [lo, hi).
  std::pair<Value, Value> range(Idx &i, int64_t d, Value o) const {
    Value start = i.mul(o, strides[d]);
    Value end = i.min(i.add(start, i.c(window[d])), padded[d]);
    if (includePad)
      return {start, end};
    Value p = i.c(padding[d]);
    return {i.max(start, p), i.min(end, i.add(size[d], p))};
  }

  /// Whether every window lies inside the input (no padding read, no
  /// partial window at the border): no position needs a check.
  bool windowsInside() const {
    return ignoreBorder &&
           llvm::all_of(padding, [](int64_t p) { return p == 0; });
  }

  Value identity(OpBuilder &b, Location loc, Type element) const {
    return scalarConstant(
        b, loc, element,
        mode == "max" ? -std::numeric_limits<double>::infinity() : 0.0);
  }
};

Value zeroPadded(OpBuilder &b, Location loc, Value x, const PoolGeometry &g) {
  auto type = cast<RankedTensorType>(x.getType());
  Idx i{b, loc};
  SmallVector<OpFoldResult> low(g.rank, b.getIndexAttr(0)),
      high(g.rank, b.getIndexAttr(0));
  for (int64_t d = 0; d < g.n; ++d) {
    low[g.rank - g.n + d] = b.getIndexAttr(g.padding[d]);
    high[g.rank - g.n + d] =
        i.sub(i.sub(g.extent[d], g.size[d]), i.c(g.padding[d]));
  }
  // the result type inferred: static where the input's and the pads are
  return tensor::PadOp::create(
      b, loc, Type(), x, low, high,
      scalarConstant(b, loc, type.getElementType(), 0));
}

/// The output position's indices in a generic over (lead..., out...),
/// one per pooled dimension.
SmallVector<Value> outputIndex(OpBuilder &b, Location loc,
                               const PoolGeometry &g) {
  SmallVector<Value> out;
  for (int64_t d = 0; d < g.n; ++d)
    out.push_back(linalg::IndexOp::create(b, loc, g.rank - g.n + d));
  return out;
}

/// The valid count of output position `outIndex` (one index per pooled
/// dimension), as a float of `element`.
Value windowCount(Idx &i, const PoolGeometry &g, ArrayRef<Value> outIndex,
                  Type element) {
  Value count = i.c(1);
  for (int64_t d = 0; d < g.n; ++d) {
    auto [lo, hi] = g.range(i, d, outIndex[d]);
    count =
        arith::MulIOp::create(i.b, i.loc, count, i.max(i.sub(hi, lo), i.c(0)));
  }
  Value asInt = arith::IndexCastOp::create(i.b, i.loc, i.b.getI64Type(), count);
  return arith::SIToFPOp::create(i.b, i.loc, element, asInt);
}

/// Whether position o * stride + k (per pooled dimension) is in the window.
Value inWindow(Idx &i, const PoolGeometry &g, ArrayRef<Value> outIndex,
               ArrayRef<Value> kernelIndex) {
  Value valid = arith::ConstantIntOp::create(i.b, i.loc, 1, 1);
  for (int64_t d = 0; d < g.n; ++d) {
    auto [lo, hi] = g.range(i, d, outIndex[d]);
    Value at = i.add(i.mul(outIndex[d], g.strides[d]), kernelIndex[d]);
    valid = i.both(valid, i.both(i.le(lo, at), i.lt(at, hi)));
  }
  return valid;
}

/// A linalg.generic over (lead..., out..., window...) reducing into `init`
/// (loops in the order below)
/// (of the pool's shape): the `padded` values (zeroPadded) are read at
/// out * stride + k, the `pooled` ones (of the pool's shape) at the output
/// position. `body` gets the output's and the window's indices, the values
/// read, then the accumulator, and gives the next accumulator.
Value reduceOverWindows(
    OpBuilder &b, Location loc, const PoolGeometry &g, Value init,
    ValueRange padded, ValueRange pooled,
    function_ref<Value(OpBuilder &, Location, ArrayRef<Value>, ArrayRef<Value>,
                       ValueRange)>
        body) {
  int64_t lead = g.rank - g.n, loops = g.rank + g.n;
  // Loops (lead..., out..., window..., last out): the last output
  // dimension innermost, so that its loop (unit or constant stride) is the
  // one LLVM vectorizes, not the window's few positions.
  auto outDim = [&](int64_t d) { return d + 1 < g.n ? lead + d : loops - 1; };
  auto windowDim = [&](int64_t d) { return lead + g.n - 1 + d; };
  MLIRContext *context = b.getContext();
  SmallVector<AffineExpr> reads, writes;
  for (int64_t d = 0; d < lead; ++d) {
    reads.push_back(getAffineDimExpr(d, context));
    writes.push_back(getAffineDimExpr(d, context));
  }
  for (int64_t d = 0; d < g.n; ++d) {
    reads.push_back(getAffineDimExpr(outDim(d), context) * g.strides[d] +
                    getAffineDimExpr(windowDim(d), context));
    writes.push_back(getAffineDimExpr(outDim(d), context));
  }
  SmallVector<utils::IteratorType> iterators(loops,
                                             utils::IteratorType::parallel);
  for (int64_t d = 0; d < g.n; ++d)
    iterators[windowDim(d)] = utils::IteratorType::reduction;
  // the window dimensions' sizes come from a tensor of the window's shape
  Type element = getElementTypeOrSelf(init.getType());
  Value windowTensor = tensor::EmptyOp::create(b, loc, g.window, element);
  SmallVector<AffineExpr> windowDims;
  for (int64_t d = 0; d < g.n; ++d)
    windowDims.push_back(getAffineDimExpr(windowDim(d), context));
  SmallVector<Value> inputs(padded);
  SmallVector<AffineMap> maps(padded.size(),
                              AffineMap::get(loops, 0, reads, context));
  Idx i{b, loc};
  for (Value value : pooled) {
    // of the init's sizes: one more output where the pool has none
    SmallVector<OpFoldResult> low(g.rank, b.getIndexAttr(0)),
        high(g.rank, b.getIndexAttr(0));
    for (int64_t d = 0; d < g.n; ++d)
      high[lead + d] = i.sub(i.max(g.out[d], i.c(1)), g.out[d]);
    Value zero = scalarConstant(b, loc, getElementTypeOrSelf(value), 0);
    value = tensor::PadOp::create(b, loc, Type(), value, low, high, zero);
    inputs.push_back(value);
    maps.push_back(AffineMap::get(loops, 0, writes, context));
  }
  inputs.push_back(windowTensor);
  maps.push_back(AffineMap::get(loops, 0, windowDims, context));
  maps.push_back(AffineMap::get(loops, 0, writes, context));
  size_t values = padded.size() + pooled.size();
  Value reduced =
      linalg::GenericOp::create(
          b, loc, init.getType(), inputs, ValueRange{init}, maps, iterators,
          [&](OpBuilder &nb, Location nl, ValueRange args) {
            SmallVector<Value> o, k;
            for (int64_t d = 0; d < g.n; ++d) {
              o.push_back(linalg::IndexOp::create(nb, nl, outDim(d)));
              k.push_back(linalg::IndexOp::create(nb, nl, windowDim(d)));
            }
            SmallVector<Value> read(args.take_front(values));
            read.push_back(args.back());
            linalg::YieldOp::create(nb, nl, body(nb, nl, o, k, read));
          })
          .getResult(0);
  // the pool's sizes (pooledFilled's init has at least one per dimension)
  SmallVector<OpFoldResult> offsets(g.rank, b.getIndexAttr(0)), sizes,
      strides(g.rank, b.getIndexAttr(1));
  for (Value size : g.lead)
    sizes.push_back(size);
  for (Value size : g.out)
    sizes.push_back(size);
  return tensor::ExtractSliceOp::create(b, loc, reduced, offsets, sizes,
                                        strides);
}

/// A run-time check that dimension `d` of `value` has the size `expected`:
/// "<what> size <shown> is {0}, <whose> {1}" (`shown`: d unless given).
void checkSize(OpBuilder &b, Operation *op, Value value, int64_t d,
               Value expected, StringRef what, StringRef whose,
               std::optional<int64_t> shown = std::nullopt) {
  Location loc = op->getLoc();
  Value size = dimSize(b, loc, value, d);
  emitCheck(
      b, op,
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, size, expected),
      what + " size " + Twine(shown.value_or(d)) + " is {0}, " + whose + " {1}",
      {size, expected});
}

/// An empty tensor of the pool's shape filled with `value`, at least one
/// output per pooled dimension (reduceOverWindows drops the extra one: a
/// loop of static size 0 makes the window's reads start below 0, which
/// the generic's verifier refuses).
Value pooledFilled(OpBuilder &b, Location loc, const PoolGeometry &g,
                   Type element, Value value) {
  Idx i{b, loc};
  SmallVector<Value> outSizes(g.lead);
  for (Value o : g.out)
    outSizes.push_back(i.max(o, i.c(1)));
  Value init =
      tensor::EmptyOp::create(b, loc, getAsOpFoldResult(outSizes), element);
  return linalg::FillOp::create(b, loc, value, init).getResult(0);
}

struct PoolLowering : OpConversionPattern<PoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    OpBuilder &b = rewriter;
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    Type element = cast<RankedTensorType>(x.getType()).getElementType();
    PoolGeometry g = PoolGeometry::of(op, x, op.getMode());
    g.derive(b, loc, x);
    bool isMax = g.mode == "max";
    Value reduced = reduceOverWindows(
        b, loc, g,
        pooledFilled(b, loc, g, element, g.identity(b, loc, element)),
        {zeroPadded(b, loc, x, g)}, {},
        [&](OpBuilder &nb, Location nl, ArrayRef<Value> o, ArrayRef<Value> k,
            ValueRange args) -> Value {
          Idx in{nb, nl};
          Value value = g.windowsInside()
                            ? args[0]
                            : arith::SelectOp::create(
                                  nb, nl, inWindow(in, g, o, k), args[0],
                                  g.identity(nb, nl, element))
                                  .getResult();
          if (isMax)
            return arith::MaximumFOp::create(nb, nl, args[1], value);
          return arith::AddFOp::create(nb, nl, args[1], value);
        });
    if (g.mode.rfind("average", 0) == 0) {
      AffineMap identity = b.getMultiDimIdentityMap(g.rank);
      reduced = linalg::GenericOp::create(
                    b, loc, reduced.getType(), ValueRange{},
                    ValueRange{reduced}, ArrayRef<AffineMap>{identity},
                    SmallVector<utils::IteratorType>(
                        g.rank, utils::IteratorType::parallel),
                    [&](OpBuilder &nb, Location nl, ValueRange args) {
                      Idx in{nb, nl};
                      SmallVector<Value> o = outputIndex(nb, nl, g);
                      linalg::YieldOp::create(
                          nb, nl,
                          arith::DivFOp::create(nb, nl, args[0],
                                                windowCount(in, g, o, element))
                              .getResult());
                    })
                    .getResult(0);
    }
    rewriter.replaceOp(op, castIfNeeded(b, loc, reduced, op.getType()));
    return success();
  }
};

/// Each window's sum of the input gradient where the input equals the
/// window's maximum: the same reduction as the pool's, over the input and
/// its gradient padded alike, comparing with the maximum at the output.
struct PoolMaxGradGradLowering : OpConversionPattern<PoolMaxGradGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PoolMaxGradGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    OpBuilder &b = rewriter;
    Location loc = op.getLoc();
    Value x = adaptor.getInput(), y = adaptor.getOutput(),
          gx = adaptor.getInputGrad();
    Type element = cast<RankedTensorType>(x.getType()).getElementType();
    PoolGeometry g = PoolGeometry::of(op, x, "max");
    g.derive(b, loc, x);
    int64_t lead = g.rank - g.n;
    for (int64_t d = 0; d < g.rank; ++d) {
      checkSize(b, op, y, d, d < lead ? g.lead[d] : g.out[d - lead],
                "the maximum's", "the pool's");
      checkSize(b, op, gx, d, dimSize(b, loc, x, d), "the input gradient's",
                "the input's");
    }
    Value zero = scalarConstant(b, loc, element, 0);
    Value reduced = reduceOverWindows(
        b, loc, g, pooledFilled(b, loc, g, element, zero),
        {zeroPadded(b, loc, x, g), zeroPadded(b, loc, gx, g)}, {y},
        [&](OpBuilder &nb, Location nl, ArrayRef<Value> o, ArrayRef<Value> k,
            ValueRange args) -> Value {
          Idx in{nb, nl};
          Value take =
              in.both(inWindow(in, g, o, k),
                      arith::CmpFOp::create(nb, nl, arith::CmpFPredicate::OEQ,
                                            args[0], args[2]));
          Value part = arith::SelectOp::create(
              nb, nl, take, args[1], scalarConstant(nb, nl, element, 0));
          return arith::AddFOp::create(nb, nl, args[3], part);
        });
    rewriter.replaceOp(op, castIfNeeded(b, loc, reduced, op.getType()));
    return success();
  }
};

struct PoolGradLowering : OpConversionPattern<PoolGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PoolGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    OpBuilder &b = rewriter;
    Location loc = op.getLoc();
    Value x = adaptor.getInput(), y = adaptor.getOutput(),
          gy = adaptor.getOutputGrad();
    Type element = cast<RankedTensorType>(x.getType()).getElementType();
    PoolGeometry g = PoolGeometry::of(op, x, op.getMode());
    g.derive(b, loc, x);
    int64_t lead = g.rank - g.n;
    Idx i{b, loc};
    for (int64_t d = 0; d < g.n; ++d)
      checkSize(b, op, gy, lead + d, g.out[d], "the output gradient's",
                "the pool's", d);
    auto dynamic = RankedTensorType::get(
        SmallVector<int64_t>(g.rank, ShapedType::kDynamic), element);
    Value xPadded = zeroPadded(b, loc, x, g);
    SmallVector<Value> paddedSizes(g.lead);
    paddedSizes.append(g.extent);
    Value zero = scalarConstant(b, loc, element, 0);
    Value accumulated = linalg::FillOp::create(
                            b, loc, zero,
                            tensor::EmptyOp::create(
                                b, loc, getAsOpFoldResult(paddedSizes), element)
                                .getResult())
                            .getResult(0);
    SmallVector<Value> lower(g.n, i.c(0)), upper, steps(g.n, i.c(1));
    for (int64_t w : g.window)
      upper.push_back(i.c(w));
    bool isMax = g.mode == "max", isAverage = g.mode.rfind("average", 0) == 0;
    scf::LoopNest nest = scf::buildLoopNest(
        b, loc, lower, upper, steps, ValueRange{accumulated},
        [&](OpBuilder &lb, Location ll, ValueRange k,
            ValueRange carried) -> scf::ValueVector {
          SmallVector<OpFoldResult> offsets(g.rank, lb.getIndexAttr(0)), sizes,
              strides(g.rank, lb.getIndexAttr(1));
          for (Value l : g.lead)
            sizes.push_back(l);
          for (int64_t d = 0; d < g.n; ++d) {
            offsets[lead + d] = k[d];
            sizes.push_back(g.out[d]);
            strides[lead + d] = lb.getIndexAttr(g.strides[d]);
          }
          Value xHere = tensor::ExtractSliceOp::create(lb, ll, dynamic, xPadded,
                                                       offsets, sizes, strides);
          Value window = tensor::ExtractSliceOp::create(
              lb, ll, dynamic, carried[0], offsets, sizes, strides);
          AffineMap identity = lb.getMultiDimIdentityMap(g.rank);
          Value added =
              linalg::GenericOp::create(
                  lb, ll, window.getType(), ValueRange{xHere, y, gy},
                  ValueRange{window}, SmallVector<AffineMap>(4, identity),
                  SmallVector<utils::IteratorType>(
                      g.rank, utils::IteratorType::parallel),
                  [&](OpBuilder &nb, Location nl, ValueRange args) {
                    Idx in{nb, nl};
                    SmallVector<Value> o = outputIndex(nb, nl, g);
                    SmallVector<Value> kernelAt(k.begin(), k.end());
                    Value take = inWindow(in, g, o, kernelAt);
                    if (isMax)
                      take =
                          in.both(take, arith::CmpFOp::create(
                                            nb, nl, arith::CmpFPredicate::OEQ,
                                            args[0], args[1]));
                    Value share = args[2];
                    if (isAverage)
                      share = arith::DivFOp::create(
                          nb, nl, share, windowCount(in, g, o, element));
                    Value zeroHere = scalarConstant(nb, nl, element, 0);
                    Value part =
                        arith::SelectOp::create(nb, nl, take, share, zeroHere);
                    linalg::YieldOp::create(
                        nb, nl,
                        arith::AddFOp::create(nb, nl, args[3], part)
                            .getResult());
                  })
                  .getResult(0);
          return {tensor::InsertSliceOp::create(lb, ll, added, carried[0],
                                                offsets, sizes, strides)};
        });
    SmallVector<OpFoldResult> offsets(g.rank, b.getIndexAttr(0)), sizes,
        unit(g.rank, b.getIndexAttr(1));
    for (Value l : g.lead)
      sizes.push_back(l);
    for (int64_t d = 0; d < g.n; ++d) {
      offsets[lead + d] = b.getIndexAttr(g.padding[d]);
      sizes.push_back(g.size[d]);
    }
    Value result = tensor::ExtractSliceOp::create(
        b, loc, dynamic, nest.results[0], offsets, sizes, unit);
    rewriter.replaceOp(op, castIfNeeded(b, loc, result, op.getType()));
    return success();
  }
};

} // namespace

void mlir::theano::populatePoolingPatterns(const TypeConverter &converter,
                                           RewritePatternSet &patterns) {
  patterns.add<PoolLowering, PoolGradLowering, PoolMaxGradGradLowering>(
      converter, patterns.getContext());
}
