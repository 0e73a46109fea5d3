"""Rules in force for reporting windows ending 31 March 2025 onwards."""
