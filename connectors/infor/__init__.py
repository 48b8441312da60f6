"""Infor connector: the ION API gateway transport, the M3 MI programs and their nodes."""
