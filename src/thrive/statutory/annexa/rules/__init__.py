"""Annex A rules: AA01-AA08 (the shared contract) and finer per-list rules AA09 on."""
