"""Cross-cutting protections: client addresses, rate limits, response headers, outages,
second factors and the security event log. Wired in through settings (middleware, axes)."""
