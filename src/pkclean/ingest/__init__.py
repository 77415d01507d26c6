"""Reading inputs: finding files, opening and decoding them, input kinds, HTML pages."""
