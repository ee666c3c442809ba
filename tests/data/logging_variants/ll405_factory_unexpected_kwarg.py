# expect: startup-error; rules: LL405; covers: "()": "logging.StreamHandler" given "filename" (a stdlib class through "()" gets the same keyword check)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"file": {"()": "logging.StreamHandler", "filename": "app.log"}},
    "loggers": {"app": {"handlers": ["file"], "level": "INFO"}},
}
