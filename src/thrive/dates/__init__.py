"""Dates the way DfE and Ofsted count them (pure Python, no Django)."""
