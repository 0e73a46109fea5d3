"""Rules added or changed from the 2024/25 collection (end year 2025)."""
