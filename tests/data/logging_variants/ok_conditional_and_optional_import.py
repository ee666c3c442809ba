# expect: ok; rules: -; covers: a handler defined in both branches of "if DEBUG", a formatter chosen by try/except ImportError on an optional third-party package
DEBUG = False

try:
    import pythonjsonlogger  # noqa: F401  (not installed here: the fallback is used)

    FORMATTER = {"()": "pythonjsonlogger.jsonlogger.JsonFormatter", "format": "%(levelname)s %(message)s"}
except ImportError:
    FORMATTER = {"format": "%(levelname)s %(message)s"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"main": FORMATTER},
    "loggers": {"app": {"handlers": ["out"], "level": "INFO"}},
}
if DEBUG:
    LOGGING["handlers"] = {"out": {"class": "logging.StreamHandler", "formatter": "main"}}
else:
    LOGGING["handlers"] = {"out": {"class": "logging.FileHandler", "filename": "app.log", "formatter": "main"}}
