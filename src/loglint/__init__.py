"""loglint: finds logging and APM misuse in Django projects."""

__version__ = "0.1.0"
