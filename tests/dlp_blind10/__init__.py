"""The tenth DLP corpus (blind): see README.md."""
