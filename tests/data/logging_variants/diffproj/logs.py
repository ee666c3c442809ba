"""Project-local logging classes that variants name by dotted path ("diffproj.logs.X")."""

import logging
import sys


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = "-"
        return True


class ConsoleHandler(logging.StreamHandler):
    def __init__(self, prefix=""):
        super().__init__(sys.stdout)
        self.prefix = prefix


class KeyValueFormatter(logging.Formatter):
    def __init__(self, fmt=None, datefmt=None, style="%", separator=" "):
        super().__init__(fmt, datefmt, style)
        self.separator = separator
