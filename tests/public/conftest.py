from tests.api.conftest import aiohttp_client, api  # noqa: F401  (the app over real HTTP)
