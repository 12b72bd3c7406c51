"""The differential test suite: random graphs of every registered op,
checked against numpy, across modes, kernels, exports, gradients and bad
inputs (see README.md beside this file)."""
