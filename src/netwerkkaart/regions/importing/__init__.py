"""The steps of the reference-data import behind ``regions.services``: reading the files,
planning every row, writing the differences, and the report. Only ``services`` uses them."""
