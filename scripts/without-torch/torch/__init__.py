"""Put first on PYTHONPATH by `make test-fast`: any import of torch, in the test process or
in a process it starts, fails here, so a test that needs the engine must carry its marker."""

raise ImportError(
    "torch is kept out of the fast tier: mark the test `engine` (see tests/conftest.py)"
)
