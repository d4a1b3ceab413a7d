"""ptmkg: a knowledge graph of the pre-trained model supply chain."""

__version__ = "0.1.0"
