"""Rules in force from the 2024 census onwards."""
