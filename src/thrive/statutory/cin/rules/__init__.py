"""CIN census rules, one folder per collection year that changed them (y2025 = 2024/25 on).

Codes and meanings are DfE's CIN census validation rules (as implemented by the community
validator data-to-insight/csc-validator-be-cin); "Q" codes are queries the LA may explain.
"""
