"""The sections of the model page, one module each."""
