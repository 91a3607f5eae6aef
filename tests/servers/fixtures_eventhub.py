"""pytest fixtures for the eventhub test server (filled in by its owner)."""
