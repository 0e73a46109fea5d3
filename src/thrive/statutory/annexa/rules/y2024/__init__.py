"""Rules in force for reporting windows ending 31 March 2024 onwards."""
