"""trading-api: the REST API clients and the trading UI use to place trades and read positions and prices."""
