"""The HTTP doors: thin adapters that parse, call a service and answer."""
