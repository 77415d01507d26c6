"""Pure helpers on text: dates, names, line shapes, normalising, markdown."""
