"""Synthetic councils: a seeded simulation of children's journeys and writers for the returns.

Pure Python (no Django). Entry point: `thrive.synth.generate.generate`.
"""
