"""The two-site lab behind `lab/lab`: PostgreSQL primary + streaming replica, one sample app per
site, HAProxy in front and a Temporal dev server, all on 127.0.0.1."""


class LabError(Exception):
    """A failure to report to the user as is (no traceback)."""
