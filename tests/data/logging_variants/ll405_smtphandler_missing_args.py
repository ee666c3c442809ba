# expect: startup-error; rules: LL405; covers: SMTPHandler without mailhost/fromaddr/toaddrs/subject
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "mail": {"class": "logging.handlers.SMTPHandler", "level": "CRITICAL"},
    },
    "loggers": {"app": {"handlers": ["mail"], "level": "INFO"}},
}
