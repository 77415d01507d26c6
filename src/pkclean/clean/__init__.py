"""Cleaning one document: detection, the line ledger, body blocks, layouts, validation."""
