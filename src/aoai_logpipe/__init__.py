"""aoai-logpipe: Azure OpenAI gateway logs -> chargeback and audit documents."""

__version__ = "0.1.0"
