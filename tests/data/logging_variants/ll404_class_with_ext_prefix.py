# expect: startup-error; rules: LL404; covers: handler "class": "ext://logging.StreamHandler" (ext:// converts the value to the class object, which dictConfig then tries to resolve as a dotted string)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "ext://logging.StreamHandler", "stream": "ext://sys.stdout"}},
    "loggers": {"app": {"handlers": ["console"], "level": "INFO"}},
}
