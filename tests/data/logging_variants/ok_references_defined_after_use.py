# expect: ok; rules: -; covers: handlers, filters and formatters referenced before the statements that define them (mutations later in the module)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "loggers": {"app": {"handlers": ["console", "errors"], "level": "DEBUG", "filters": ["only_app"]}},
}
LOGGING["handlers"] = {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "short"}}
LOGGING["handlers"]["errors"] = {"class": "logging.StreamHandler", "level": "ERROR", "stream": "ext://sys.stdout"}
LOGGING.setdefault("filters", {})["only_app"] = {"name": "app"}
LOGGING["formatters"] = dict(short={"format": "%(levelname).1s %(message)s"})
