"""strategy: a moving-average crossover worker that trades through trading-api."""
