//===- Random.cpp - random number generators -----------------------------===//
//
// mrg_uniform: Theano's MRG31k3p draws over the flat result in rows of
// n_streams elements: an scf.for over the rows, each row one
// linalg.generic over the streams, so consecutive draws are independent
// (they come from different streams: the threads split a row) and each
// stream steps through its elements in order, as Theano's C code does. The
// state (one row of six words per stream) is copied into six vectors of
// words for the loop and into a new state after it.
//
//===----------------------------------------------------------------------===//
#include "PopulatePatterns.h"
#include "theano_mlir/Conversion/TheanoToLinalg/LoweringUtils.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::theano;

namespace {

// MRG31k3p's moduli and the masks and multiplier of its two recurrences.
constexpr int32_t kM1 = 2147483647; // 2^31 - 1
constexpr int32_t kM2 = 2147462579; // 2^31 - 21069
constexpr int32_t kMask12 = 511;
constexpr int32_t kMask13 = 16777215;
constexpr int32_t kMask2 = 65535;
constexpr int32_t kMult2 = 21069;

/// i32 arithmetic that wraps as Theano's C code relies on.
struct Int32Builder {
  OpBuilder &b;
  Location loc;
  Value c(int32_t v) const {
    return arith::ConstantIntOp::create(b, loc, v, 32);
  }
  Value add(Value x, Value y) const {
    return arith::AddIOp::create(b, loc, x, y);
  }
  Value sub(Value x, Value y) const {
    return arith::SubIOp::create(b, loc, x, y);
  }
  Value mul(Value x, Value y) const {
    return arith::MulIOp::create(b, loc, x, y);
  }
  Value mask(Value x, int32_t m) const {
    return arith::AndIOp::create(b, loc, x, c(m));
  }
  Value shl(Value x, int32_t n) const {
    return arith::ShLIOp::create(b, loc, x, c(n));
  }
  Value shr(Value x, int32_t n) const {
    return arith::ShRSIOp::create(b, loc, x, c(n));
  }
  Value cmp(arith::CmpIPredicate p, Value x, Value y) const {
    return arith::CmpIOp::create(b, loc, p, x, y);
  }
  /// y - m where y < 0 (it overflowed) or y >= m, else y.
  Value reduce(Value y, int32_t m) const {
    Value out =
        arith::OrIOp::create(b, loc, cmp(arith::CmpIPredicate::slt, y, c(0)),
                             cmp(arith::CmpIPredicate::sge, y, c(m)));
    return arith::SelectOp::create(b, loc, out, sub(y, c(m)), y);
  }
};

/// One MRG31k3p step of `x` (x11 x12 x13 x21 x22 x23, updated) and the
/// draw's integer in [1, M1].
Value mrgStep(Int32Builder &i, SmallVectorImpl<Value> &x) {
  Value y1 = i.add(i.add(i.shl(i.mask(x[1], kMask12), 22), i.shr(x[1], 9)),
                   i.add(i.shl(i.mask(x[2], kMask13), 7), i.shr(x[2], 24)));
  y1 = i.reduce(i.add(i.reduce(y1, kM1), x[2]), kM1);
  x[2] = x[1];
  x[1] = x[0];
  x[0] = y1;

  Value z1 = i.add(i.shl(i.mask(x[3], kMask2), 15),
                   i.mul(i.c(kMult2), i.shr(x[3], 16)));
  z1 = i.reduce(z1, kM2);
  Value z2 = i.add(i.shl(i.mask(x[5], kMask2), 15),
                   i.mul(i.c(kMult2), i.shr(x[5], 16)));
  z2 = i.reduce(i.add(i.reduce(z2, kM2), x[5]), kM2);
  z2 = i.reduce(i.add(z2, z1), kM2);
  x[5] = x[4];
  x[4] = x[3];
  x[3] = z2;

  Value difference = i.sub(x[0], x[3]);
  return arith::SelectOp::create(i.b, i.loc,
                                 i.cmp(arith::CmpIPredicate::sle, x[0], x[3]),
                                 i.add(difference, i.c(kM1)), difference);
}

/// Theano's draw from the step's integer, in `type`.
Value mrgSample(Int32Builder &i, Value drawn, FloatType type) {
  OpBuilder &b = i.b;
  Location loc = i.loc;
  if (type.isF16()) {
    // numpy's perform: an int32 times a float16 scalar is a float64 product
    Value scaled = arith::AddIOp::create(b, loc, i.mask(drawn, 0x7fff), i.c(1));
    Value wide = arith::SIToFPOp::create(b, loc, b.getF64Type(), scaled);
    // np.float16(3.0458e-05), exactly
    Value norm = scalarConstant(b, loc, b.getF64Type(), 3.045797348022461e-05);
    return arith::TruncFOp::create(b, loc, type,
                                   arith::MulFOp::create(b, loc, wide, norm));
  }
  Value converted = arith::SIToFPOp::create(b, loc, type, drawn);
  double norm =
      type.isF32() ? double(4.6566126e-10f) : 4.656612873077392578125e-10;
  return arith::MulFOp::create(b, loc, converted,
                               scalarConstant(b, loc, type, norm));
}

struct MRGUniformLowering : OpConversionPattern<MRGUniformOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MRGUniformOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = dyn_cast_if_present<RankedTensorType>(
        getTypeConverter()->convertType(op.getResult().getType()));
    if (!resultType)
      return rewriter.notifyMatchFailure(op, "unsupported result type");
    auto floatType = cast<FloatType>(resultType.getElementType());
    OpBuilder &b = rewriter;
    Location loc = op.getLoc();
    Type indexType = b.getIndexType(), i64 = b.getI64Type(),
         f64 = b.getF64Type();
    auto cIndex = [&](int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, loc, v);
    };

    // The element count, checked before anything is allocated: sizes
    // non-negative, the count (taken in f64, so it cannot wrap) at most M1.
    int64_t rank = resultType.getRank();
    Value count = cIndex(1);
    Value countF = scalarConstant(b, loc, f64, 1);
    Value valid = arith::ConstantIntOp::create(b, loc, 1, 1);
    SmallVector<Value> sizes;
    for (int64_t d = 0; d < rank; ++d) {
      Value entry = tensor::ExtractOp::create(b, loc, adaptor.getSize(),
                                              ValueRange{cIndex(d)});
      valid = arith::AndIOp::create(
          b, loc, valid,
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, entry,
                                scalarConstant(b, loc, i64, 0)));
      countF = arith::MulFOp::create(
          b, loc, countF, arith::SIToFPOp::create(b, loc, f64, entry));
      Value size = arith::IndexCastOp::create(b, loc, indexType, entry);
      sizes.push_back(size);
      count = arith::MulIOp::create(b, loc, count, size);
    }
    emitCheck(b, op, valid, "the size must not be negative");
    emitCheck(b, op,
              arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLE, countF,
                                    scalarConstant(b, loc, f64, kM1)),
              "rng_mrg does not support more than (2**31 -1) samples");
    Value state = adaptor.getState();
    Value streams = dimSize(b, loc, state, 0);
    Value zero = cIndex(0), one = cIndex(1);
    emitCheck(b, op,
              arith::OrIOp::create(
                  b, loc,
                  arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, count,
                                        zero),
                  arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt,
                                        streams, zero)),
              "the random state has no streams");

    // The streams' state as six vectors (one per state word), so that each
    // row of draws is one linalg.generic over the streams reading and
    // writing them contiguously (a step used to load and store six words
    // of its stream's row). Separate loop-carried vectors, each with one
    // slice taken and put back per row, bufferize in place.
    auto flatType = RankedTensorType::get({ShapedType::kDynamic}, floatType);
    Value flat = emptyTensor(b, loc, flatType, {count});
    auto i32 = b.getI32Type();
    auto vectorType = RankedTensorType::get({ShapedType::kDynamic}, i32);
    OpFoldResult at0 = b.getIndexAttr(0), at1 = b.getIndexAttr(1);
    auto column = [&](int64_t k) -> std::array<SmallVector<OpFoldResult>, 3> {
      return {SmallVector<OpFoldResult>{at0, b.getIndexAttr(k)},
              SmallVector<OpFoldResult>{streams, at1},
              SmallVector<OpFoldResult>{at1, at1}};
    };
    SmallVector<Value> carriedInit{flat};
    for (int64_t k = 0; k < 6; ++k) {
      auto [offsets, sizes, strides] = column(k);
      Value word = tensor::ExtractSliceOp::create(b, loc, vectorType, state,
                                                  offsets, sizes, strides);
      // a contiguous copy of its own (a linalg.copy into an empty tensor
      // folds away, leaving a strided view of the state), which the loop
      // updates in place
      carriedInit.push_back(bufferization::AllocTensorOp::create(
          b, loc, vectorType, ValueRange{}, /*copy=*/word));
    }
    // One row of draws: `width` streams, the draws going to base + stream.
    auto drawRow = [&](OpBuilder &ob, Location ol, ValueRange carried,
                       Value base, OpFoldResult width) -> SmallVector<Value> {
      SmallVector<Value> outs;
      for (int64_t k = 0; k < 6; ++k)
        outs.push_back(tensor::ExtractSliceOp::create(
            ob, ol, carried[1 + k], ArrayRef<OpFoldResult>{at0},
            ArrayRef<OpFoldResult>{width}, ArrayRef<OpFoldResult>{at1}));
      outs.push_back(tensor::ExtractSliceOp::create(
          ob, ol, carried[0], ArrayRef<OpFoldResult>{base},
          ArrayRef<OpFoldResult>{width}, ArrayRef<OpFoldResult>{at1}));
      AffineMap identity = ob.getMultiDimIdentityMap(1);
      auto step = linalg::GenericOp::create(
          ob, ol, ValueRange(outs).getTypes(), ValueRange{}, outs,
          SmallVector<AffineMap>(7, identity),
          SmallVector<utils::IteratorType>{utils::IteratorType::parallel},
          [&](OpBuilder &nb, Location nl, ValueRange args) {
            Int32Builder i{nb, nl};
            SmallVector<Value> x(args.take_front(6));
            Value sample = mrgSample(i, mrgStep(i, x), floatType);
            x.push_back(sample);
            linalg::YieldOp::create(nb, nl, x);
          });
      // ~60 integer ops per draw: the schedule splits the row among the
      // threads although it sits in a loop (loop_schedule.COMPUTE_BOUND)
      step->setAttr("theano.compute_bound", ob.getUnitAttr());
      SmallVector<Value> next{tensor::InsertSliceOp::create(
          ob, ol, step.getResult(6), carried[0], ArrayRef<OpFoldResult>{base},
          ArrayRef<OpFoldResult>{width}, ArrayRef<OpFoldResult>{at1})};
      for (int64_t k = 0; k < 6; ++k)
        next.push_back(tensor::InsertSliceOp::create(
            ob, ol, step.getResult(k), carried[1 + k],
            ArrayRef<OpFoldResult>{at0}, ArrayRef<OpFoldResult>{width},
            ArrayRef<OpFoldResult>{at1}));
      return next;
    };
    // The full rows (of n_streams draws: a static size once the state's
    // shape is known), then the last, partial one.
    Value safeStreams = arith::MaxSIOp::create(b, loc, streams, one);
    Value fullRows = arith::DivUIOp::create(b, loc, count, safeStreams);
    auto full = scf::ForOp::create(
        b, loc, zero, fullRows, one, carriedInit,
        [&](OpBuilder &ob, Location ol, Value row, ValueRange carried) {
          Value base = arith::MulIOp::create(ob, ol, row, safeStreams);
          scf::YieldOp::create(
              ob, ol,
              drawRow(ob, ol, carried, base, getAsOpFoldResult(streams)));
        });
    Value base = arith::MulIOp::create(b, loc, fullRows, safeStreams);
    SmallVector<Value> drawn =
        drawRow(b, loc, full.getResults(), base,
                arith::SubIOp::create(b, loc, count, base).getResult());
    // back into the columns of a new state (every word is written) by
    // linalg copies (loops, not an element-by-element strided memref copy)
    Value stateAfter =
        emptyTensor(b, loc, cast<RankedTensorType>(state.getType()),
                    {streams, dimSize(b, loc, state, 1)});
    for (int64_t k = 0; k < 6; ++k) {
      auto [offsets, sizes, strides] = column(k);
      Value into = tensor::ExtractSliceOp::create(
          b, loc, vectorType, stateAfter, offsets, sizes, strides);
      Value copied =
          linalg::CopyOp::create(b, loc, drawn[1 + k], into).getResult(0);
      stateAfter = tensor::InsertSliceOp::create(b, loc, copied, stateAfter,
                                                 offsets, sizes, strides);
    }

    Value shape = tensor::FromElementsOp::create(
        b, loc, RankedTensorType::get({rank}, indexType), sizes);
    Value result =
        tensor::ReshapeOp::create(b, loc, resultType, drawn[0], shape);
    Value newState =
        castIfNeeded(b, loc, stateAfter, op.getNewState().getType());
    rewriter.replaceOp(op, {newState, result});
    return success();
  }
};

} // namespace

void mlir::theano::populateRandomPatterns(const TypeConverter &converter,
                                          RewritePatternSet &patterns) {
  patterns.add<MRGUniformLowering>(converter, patterns.getContext());
}
