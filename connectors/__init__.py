"""Connector packages: one folder per external system, built on the node SDK only."""
