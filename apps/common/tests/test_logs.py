"""configure_logging under uvicorn: uvicorn configures its loggers (uvicorn.config.LOGGING_CONFIG) before it imports
the app, whose telemetry setup then configures the root logger; every line must come out once, as JSON on stdout."""
import json
import logging
import logging.config

import pytest
from uvicorn.config import LOGGING_CONFIG

from tradingaspire_common.logs import configure_logging


@pytest.fixture
def restored_loggers():
    """The root logger as it was, and uvicorn's loggers without handlers, after the test."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    yield
    root.handlers[:], root.level = saved
    for name in ("uvicorn", "uvicorn.access"):
        logging.getLogger(name).handlers.clear()


def test_uvicorn_s_lines_are_written_once_as_json_on_stdout(restored_loggers, capsys):
    logging.config.dictConfig(LOGGING_CONFIG)  # as `uvicorn APP` does before it imports the app
    configure_logging()                        # as the app's telemetry setup does

    logging.getLogger("uvicorn.error").info("Started server process [%d]", 42, extra={"color_message": "Started server process [\x1b[36m%d\x1b[0m]"})
    access = '%s - "%s %s HTTP/%s" %d'  # as uvicorn's protocols log a request
    logging.getLogger("uvicorn.access").warning(access, "127.0.0.1:5000", "GET", "/ws/market", "1.1", 426)
    logging.getLogger("uvicorn.access").info(access, "127.0.0.1:5000", "GET", "/health", "1.1", 200)  # below WARNING: not written

    out, err = capsys.readouterr()
    assert err == ""
    assert [(e["logger"], e["level"], e["message"], "color_message" in e) for e in map(json.loads, out.splitlines())] == [
        ("uvicorn.error", "INFO", "Started server process [42]", False),
        ("uvicorn.access", "WARNING", '127.0.0.1:5000 - "GET /ws/market HTTP/1.1" 426', False),
    ]
