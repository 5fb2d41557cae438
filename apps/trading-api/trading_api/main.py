"""The module uvicorn loads: `uvicorn trading_api.main:app` (the AppHost's AddUvicornApp("trading-api",
"../apps/trading-api", "trading_api.main:app")). The composition is `application.create_app()`; this is its one call."""
from .application import create_app

app = create_app()
