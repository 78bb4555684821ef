"""Linking: printed indicator mentions parsed and linked to one registry per council."""
