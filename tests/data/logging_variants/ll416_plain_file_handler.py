# expect: ok; rules: LL416; covers: plain FileHandler with an absolute path computed at import time (no rotation)
import os

LOG_DIR = os.path.abspath(os.curdir)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"file": {"class": "logging.FileHandler", "filename": os.path.join(LOG_DIR, "app.log"), "encoding": "utf-8"}},
    "loggers": {"app": {"handlers": ["file"], "level": "INFO"}},
}
