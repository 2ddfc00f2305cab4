"""Xinference Manager: run local AI models with Xinference and plug them into Dify."""

__version__ = "0.1.0"
