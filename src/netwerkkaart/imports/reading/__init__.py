"""Reading an uploaded file into rows of text cells, whatever its format (CSV, XLSX, ODS).

Every reader refuses what it cannot read safely (too large, a zip bomb, binary data, a damaged
workbook) with a ``DataImportError`` naming the file; cells it cannot take as text (formulas,
error values) come back as a ``RefusedCell`` so that the caller can name their row and column.
"""
