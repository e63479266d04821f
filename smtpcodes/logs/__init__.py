"""Mail logs: the formats read (``formats``), opening and reading files (``files``), the
summary of a scan (``summary``), filters (``filters``), progress (``progress``), the scanner
with its worker processes (``scanner``) and the text report (``report``).

Built on the core: a log line's reply goes through the same codes and explanations as any
other text.
"""
