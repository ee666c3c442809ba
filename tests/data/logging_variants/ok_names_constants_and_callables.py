# expect: ok; rules: -; covers: levels from logging constants and os.environ.get, handlers as a tuple, "()" given module-level callables with their own keyword arguments
import logging
import os
import sys


def make_handler(channel, verbose=False):
    handler = logging.StreamHandler(sys.stdout)
    handler.set_name(channel)
    return handler


class Tagged(logging.Filter):
    def __init__(self, tag="web"):
        super().__init__()
        self.tag = tag

    def filter(self, record):
        record.tag = self.tag
        return True


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"tagged": {"()": Tagged, "tag": "api"}},
    "formatters": {"tagged": {"format": "%(tag)s %(levelname)s %(message)s"}},
    "handlers": {
        "custom": {"()": make_handler, "channel": "ops", "verbose": True, "filters": ["tagged"], "formatter": "tagged"},
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "level": logging.DEBUG},
    },
    "loggers": {
        "app": {"handlers": ("custom", "console"), "level": os.environ.get("DIFFERENTIAL_UNSET_LEVEL", "INFO")},
        "app.jobs": {"handlers": [], "level": logging.WARNING},
    },
}
