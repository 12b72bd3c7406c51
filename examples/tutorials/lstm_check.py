"""The LSTM tutorial's model (deeplearning/lstm.py, unchanged) without
dropout, against a numpy reference: its predictions, cost and gradients
(init_params, init_tparams, build_model as train_lstm calls them; small
options and a random batch in imdb.prepare_data's layout).

    .venv/bin/python -m theano_mlir.run examples/tutorials/lstm_check.py

Prints one JSON line: the largest differences. use_dropout is False: the
model with dropout trains in lstm_train.py.
"""

import json
import os
import sys

import numpy

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "deeplearning"))

import imdb  # noqa: E402
import lstm  # noqa: E402
import theano  # noqa: E402
import theano.tensor as tensor  # noqa: E402

OPTIONS = dict(dim_proj=8, n_words=40, ydim=2, encoder="lstm", use_dropout=False)


def sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


def numpy_cost(params, x, mask, y, options=OPTIONS):
    """The tutorial's model in numpy: predictions and cost."""
    n_steps, n_samples = x.shape
    dim = options["dim_proj"]
    emb = params["Wemb"][x.flatten()].reshape(n_steps, n_samples, dim)
    below = emb @ params["lstm_W"] + params["lstm_b"]
    h = numpy.zeros((n_samples, dim))
    c = numpy.zeros((n_samples, dim))
    hs = []
    for t in range(n_steps):
        pre = h @ params["lstm_U"] + below[t]
        i, f, o = (sigmoid(pre[:, k * dim : (k + 1) * dim]) for k in range(3))
        candidate = numpy.tanh(pre[:, 3 * dim :])
        m = mask[t][:, None]
        c = m * (f * c + i * candidate) + (1 - m) * c
        h = m * (o * numpy.tanh(c)) + (1 - m) * h
        hs.append(h)
    proj = (numpy.array(hs) * mask[:, :, None]).sum(0) / mask.sum(0)[:, None]
    z = proj @ params["U"] + params["b"]
    pred = numpy.exp(z - z.max(1, keepdims=True))
    pred /= pred.sum(1, keepdims=True)
    cost = -numpy.log(pred[numpy.arange(n_samples), y] + 1e-8).mean()
    return pred, cost


def main():
    numpy.random.seed(lstm.SEED)
    params = lstm.init_params(OPTIONS)
    tparams = lstm.init_tparams(params)
    use_noise, x, mask, y, f_pred_prob, f_pred, cost = lstm.build_model(tparams, OPTIONS)
    grads = tensor.grad(cost, wrt=list(tparams.values()))
    f_cost_grads = theano.function([x, mask, y], [cost] + grads)

    rng = numpy.random.RandomState(0)
    seqs = [list(rng.randint(1, OPTIONS["n_words"], size=n)) for n in (5, 3, 7, 1)]
    labels = [0, 1, 1, 0]
    bx, bmask, by = imdb.prepare_data(seqs, labels)
    values = {k: numpy.asarray(v, numpy.float64) for k, v in params.items()}

    pred, want_cost = numpy_cost(values, bx, bmask, numpy.asarray(by))
    got_cost, *got_grads = f_cost_grads(bx, bmask, by)
    report = {
        "pred": float(numpy.abs(f_pred_prob(bx, bmask) - pred).max()),
        "cost": float(abs(got_cost - want_cost)),
        "argmax_equal": bool((f_pred(bx, bmask) == pred.argmax(1)).all()),
        "grads": {},
    }
    # central differences of the numpy cost at a few entries of each parameter
    eps = 1e-5
    for (name, value), grad in zip(values.items(), got_grads):
        worst = 0.0
        for flat in rng.choice(value.size, size=min(6, value.size), replace=False):
            index = numpy.unravel_index(flat, value.shape)
            shifted = []
            for sign in (1, -1):
                changed = dict(values)
                changed[name] = value.copy()
                changed[name][index] += sign * eps
                shifted.append(numpy_cost(changed, bx, bmask, numpy.asarray(by))[1])
            numeric = (shifted[0] - shifted[1]) / (2 * eps)
            worst = max(worst, abs(numeric - grad[index]) / max(1.0, abs(numeric)))
        report["grads"][name] = worst
    print(json.dumps(report))


if __name__ == "__main__":
    main()
