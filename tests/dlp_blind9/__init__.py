"""The ninth DLP corpus (blind): see README.md."""
