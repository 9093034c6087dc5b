"""Typed keys for what the aiohttp app carries."""

from concurrent.futures import ThreadPoolExecutor

from aiohttp import web

from services.accounts.origins import OriginPolicy
from services.accounts.projects import TokenOwners
from services.core.settings import Settings
from services.ingest.ingestor import Ingestor
from services.metrics import Metrics
from services.storage.redis_state import RedisProbe

SETTINGS = web.AppKey("settings", Settings)
INGESTOR = web.AppKey("ingestor", Ingestor)
METRICS = web.AppKey("metrics", Metrics)
REDIS_PROBE = web.AppKey("redis_probe", RedisProbe)
TOKEN_OWNERS = web.AppKey("token_owners", TokenOwners)
INFLATER = web.AppKey("inflater", ThreadPoolExecutor)
ORIGIN_POLICY = web.AppKey("origin_policy", OriginPolicy)
