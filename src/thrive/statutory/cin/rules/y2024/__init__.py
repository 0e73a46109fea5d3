"""The CIN rule set as of 2023/24 (end year 2024); later years inherit and amend it."""
