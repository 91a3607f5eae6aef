"""pytest fixtures for the azurite test server (filled in by its owner)."""
