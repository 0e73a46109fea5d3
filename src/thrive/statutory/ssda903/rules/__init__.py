"""SSDA903 rules; every module registers its rules on import."""
