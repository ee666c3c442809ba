# expect: ok; rules: LL416; covers: plain FileHandler with an absolute-looking path built by os.path.join (no rotation)
import os

LOG_DIR = os.path.dirname(os.path.abspath(__file__))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"file": {"class": "logging.FileHandler", "filename": os.path.join(LOG_DIR, "app.log"), "encoding": "utf-8"}},
    "loggers": {"app": {"handlers": ["file"], "level": "INFO"}},
}
