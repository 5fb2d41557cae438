"""Support for the services' tests (not used at run time): a real OTLP/HTTP receiver, throwaway PostgreSQL and Redis."""
