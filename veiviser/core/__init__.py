"""Foundations every other layer builds on: data types, settings, protocols, errors, UI strings.

Imports nothing else of veiviser.
"""
