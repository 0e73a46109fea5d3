"""Audit pages, one module per entity (see urls.py for the routes)."""
