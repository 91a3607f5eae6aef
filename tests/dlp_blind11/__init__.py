"""The eleventh DLP corpus (blind): see README.md."""
