"""Output formats: exporters, readers of exports, the CSV table, TEI, atomic output."""
