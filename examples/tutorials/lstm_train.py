"""Trains the LSTM tutorial (deeplearning/lstm.py, unchanged: its
train_lstm, dropout on) on a small local data set in imdb.pkl's format,
so that nothing is downloaded:

    .venv/bin/python -m theano_mlir.run examples/tutorials/lstm_train.py [--epochs N] [--json PATH]

The data: sequences of word ids 2..n_words-1 whose label says whether
words of the first half of the vocabulary outnumber those of the second
(a sentiment the LSTM can learn). Prints train_lstm's log, then one JSON
line: the errors of the model it saved on the training and test data, and
the time taken.

The errors are computed here, with the tutorial's own build_model and
pred_error, from the parameters train_lstm saves: under Python 3 its own
report is wrong (get_minibatches_idx returns a zip, which the first pass
over it consumes, so later error rates count no example), and validation
is off (validFreq past the last update) so that the model saved is the
last, not the one of a consumed validation set.
"""

import argparse
import json
import os
import pickle
import sys
import tempfile
import time

import numpy

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "deeplearning"))

import imdb  # noqa: E402
import lstm  # noqa: E402


def make_dataset(path, n_words, n_train=800, n_test=300, seed=0):
    """imdb.pkl's layout: pickled (train_x, train_y) then (test_x, test_y),
    x lists of word-id lists, y lists of 0/1."""
    rng = numpy.random.RandomState(seed)
    half = (n_words + 2) // 2

    def sample(count):
        xs, ys = [], []
        for _ in range(count):
            length = rng.randint(5, 25)
            positive = rng.rand() < 0.5
            bias = 0.75 if positive else 0.25
            words = numpy.where(
                rng.rand(length) < bias, rng.randint(2, half, length), rng.randint(half, n_words, length)
            )
            xs.append([int(w) for w in words])
            ys.append(int(positive))
        return xs, ys

    with open(path, "wb") as out:
        pickle.dump(sample(n_train), out, -1)
        pickle.dump(sample(n_test), out, -1)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--json", help="also write the result here")
    args = parser.parse_args(argv)
    n_words = 40
    with tempfile.TemporaryDirectory(prefix="lstm-tutorial-") as directory:
        os.chdir(directory)  # imdb.load_data reads ./imdb.pkl
        make_dataset("imdb.pkl", n_words)
        start = time.time()
        saveto = os.path.join(directory, "lstm_model.npz")
        options = dict(dim_proj=16, n_words=n_words, encoder="lstm", use_dropout=True)
        lstm.train_lstm(
            max_epochs=args.epochs,
            patience=100,
            dispFreq=20,
            validFreq=10**6,
            saveFreq=10**6,
            saveto=saveto,
            maxlen=30,
            batch_size=16,
            valid_batch_size=64,
            **options,
        )
        seconds = time.time() - start
        train, valid, test = imdb.load_data(n_words=n_words, valid_portion=0.0, maxlen=None)
        saved = numpy.load(saveto)
        records = {"history_errs", "train_err", "valid_err", "test_err"}
        params = {name: saved[name] for name in saved.files if name not in records}
        tparams = lstm.init_tparams(params)
        use_noise, _x, _mask, _y, _f_pred_prob, f_pred, _cost = lstm.build_model(
            tparams, dict(options, ydim=2)
        )
        use_noise.set_value(0.0)
        errors = {}
        for name, data in (("train_err", train), ("test_err", test)):
            batches = list(lstm.get_minibatches_idx(len(data[0]), 64))
            errors[name] = float(lstm.pred_error(f_pred, imdb.prepare_data, data, batches))
    result = dict(errors, epochs=args.epochs, seconds=seconds)
    print(json.dumps(result))
    if args.json:
        with open(args.json, "w") as out:
            json.dump(result, out)


if __name__ == "__main__":
    main()
