"""Typed keys for what the aiohttp app carries."""

from aiohttp import web

from services.ingest import Ingestor
from services.metrics import Metrics
from services.settings import Settings

SETTINGS = web.AppKey("settings", Settings)
INGESTOR = web.AppKey("ingestor", Ingestor)
METRICS = web.AppKey("metrics", Metrics)
