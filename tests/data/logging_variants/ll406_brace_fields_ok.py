# expect: ok; rules: LL406; covers: "{asctime} {levelname:<8} {name}: {message}" with "{", "$levelname $message" with "$"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"brace": {"format": "{asctime} {levelname:<8} {name}: {message}", "style": "{"}, "dollar": {"format": "$levelname $message", "style": "$"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "b": {"class": "logging.StreamHandler", "formatter": "brace", "stream": "ext://sys.stdout"},
        "d": {"class": "logging.StreamHandler", "formatter": "dollar", "stream": "ext://sys.stdout"},
    },
    "loggers": {"app": {"handlers": ["b", "d"], "level": "INFO"}},
}
