"""pytest-testinfra checks that every kdimg image must pass (run by `kdimg verify`)."""
