"""theano.sandbox: Theano's experimental modules, as far as theano_mlir has
them (rng_mrg: the MRG random streams, which are not implemented yet)."""
