"""Theano's `theano.configparser` names: code written for Theano imports
`change_flags` from here (`from theano.configparser import change_flags`)."""

from .config import Config, UnknownFlagError, change_flags, config

__all__ = ["Config", "UnknownFlagError", "change_flags", "config"]
