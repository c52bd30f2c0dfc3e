"""Backends behind the protocols in veiviser.core.protocols: one small module per backend."""
