"""Load-test kit helpers: what a test sent (sent.py), loadgen (loadgen.py), a local fake gateway (fakegateway.py)."""
