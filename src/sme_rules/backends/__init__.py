"""Backends compiled from the same IR: ``python`` (the reference), ``durable`` (forward chaining)."""
