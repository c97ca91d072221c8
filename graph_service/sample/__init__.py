"""The Quhua Street sample network: a deterministic generator writing the roster format."""
