"""API routers, one module per domain."""
