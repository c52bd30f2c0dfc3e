"""Veiviser: cited answers and case checklists for coordinated services (NO/SE/DK)."""

__version__ = "0.1.0"
