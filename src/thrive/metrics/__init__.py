"""Pure core: the measure registry (Ibis expressions), engines, periods, SPC, RAG, benchmarks.

Never imports Django. See docs/measures.md (generated from the registry).
"""
