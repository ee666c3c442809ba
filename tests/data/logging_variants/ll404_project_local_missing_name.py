# expect: startup-error; rules: LL404; covers: "()": "diffproj.logs.RequestIdFiltr": the project module exists, the name does not
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "diffproj.logs.RequestIdFiltr"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "filters": ["request_id"]}},
    "loggers": {"app": {"handlers": ["console"], "level": "INFO"}},
}
