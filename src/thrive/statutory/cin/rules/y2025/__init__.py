"""Rules in force from the 2024/25 collection (end year 2025); later years inherit them."""
