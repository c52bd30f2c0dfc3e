"""Backends behind the protocols in veiviser.protocols: one small module per backend."""
