"""pytest fixtures for the cosmos test server (filled in by its owner)."""
