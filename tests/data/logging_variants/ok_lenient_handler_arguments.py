# expect: ok; rules: -; covers: arguments that look mistyped but work: SysLogHandler address as a list (converted to a tuple), maxBytes as a float, filename as a pathlib.Path, when in upper case, delay
import pathlib

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "syslog": {"class": "logging.handlers.SysLogHandler", "address": ["localhost", 514], "facility": "local0"},
        "rotating": {"class": "logging.handlers.RotatingFileHandler", "filename": pathlib.Path("rot.log"), "maxBytes": 1e6, "backupCount": 2},
        "timed": {"class": "logging.handlers.TimedRotatingFileHandler", "filename": "timed.log", "when": "MIDNIGHT", "delay": True},
    },
    "loggers": {"app": {"handlers": ["syslog", "rotating", "timed"], "level": "INFO"}},
}
