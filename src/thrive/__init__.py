"""Thrive: one system for a council's children's services improvement journey."""

__version__ = "0.1.0"
