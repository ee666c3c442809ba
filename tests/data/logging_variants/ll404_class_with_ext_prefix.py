# expect: startup-error; python: <3.12; rules: LL404; covers: handler "class": "ext://logging.StreamHandler" (ext:// turns the value into the class object, which 3.11 then tries to resolve as a dotted string; newer CPython accepts a callable class)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "ext://logging.StreamHandler", "stream": "ext://sys.stdout"}},
    "loggers": {"app": {"handlers": ["console"], "level": "INFO"}},
}
