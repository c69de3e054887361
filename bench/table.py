"""The one plain-text table every bench prints."""


def print_table(headers, rows, left=()):
    """Print rows (lists of already formatted strings) under headers, columns aligned: right, or
    left for the column indices in `left`."""
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows)]
    line = "  ".join(f"{{:{'<' if k in left else '>'}{w}}}" for k, w in enumerate(widths))
    for cells in (headers, ["-" * w for w in widths], *rows):
        print(line.format(*cells).rstrip())
