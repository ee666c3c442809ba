# expect: ok; rules: -; covers: empty filter and formatter configs (defaults), stream None (stderr), mode/errors/encoding on FileHandler, maxBytes 0, "." attributes, logger "" inside loggers as the only root
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"all": {}},
    "formatters": {"default": {}, "explicit": {"format": "%(message)s", "style": "%", "validate": True}},
    "handlers": {
        "err": {"class": "logging.StreamHandler", "stream": None, "formatter": "default", "filters": ["all"]},
        "file": {"class": "logging.FileHandler", "filename": "w.log", "mode": "w", "errors": "replace", "encoding": None, "formatter": "explicit"},
        "rot": {"class": "logging.handlers.RotatingFileHandler", "filename": "r.log", "maxBytes": 0, ".": {"custom_tag": "x"}},
    },
    "loggers": {"": {"handlers": ["err", "file", "rot"], "level": "INFO"}},
}
