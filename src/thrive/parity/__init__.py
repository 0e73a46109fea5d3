"""Differential testing: run the national reference validators and Thrive on the same inputs.

The reference validators (data-to-insight's SSDA903 and CIN validators, which the DfE portal
agrees with) run as subprocesses in their own virtualenvs; Thrive runs in-process. The two
sets of (rule, child) findings are compared per rule (`compare`), accepted disagreements are
listed with their DfE reason (`differences`), and `report` writes docs/parity.md.

Pure: no Django. Entry points: `python -m thrive.parity` (what `make parity` runs) and the
`parity` benchmark suite (`thrive bench parity`).
"""
