"""Rules in force from the 2023 census onwards."""
