# expect: startup-error; rules: LL405; covers: filename on StreamHandler (unexpected keyword)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "file": {"class": "logging.StreamHandler", "filename": "app.log"},
    },
    "loggers": {"app": {"handlers": ["file"], "level": "INFO"}},
}
