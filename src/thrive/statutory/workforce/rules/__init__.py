"""Workforce rules WF01-WF20 (fixed codes of the shared contract)."""
