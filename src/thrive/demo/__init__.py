"""The demo: the top floor that builds fictional councils through each app's public services.

Nothing below this package imports it. `demo_build` is what `thrive demo` and `make demo` run:
people for every role, Northbridge's synthetic returns, its inspection, plan and board, and its
measures — each step through the owning app's services, each safe to run again.
"""
