"""HTML pages to text for the layout rules: decoding, limits, page metadata and extraction.

Importing this package is cheap; trafilatura is imported only by the modules that call it.
"""
