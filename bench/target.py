"""The site that `make bench`'s active checks probe: an aiohttp app (uvloop) that answers every
GET with 200 at once and remembers when each path `/c/<monitor id>` was asked, by the wall
clock the app's schedule uses. Those arrival times measure the schedule's lag from outside the
app (bench/checks.py). It runs in a process of its own, so its CPU is not the app's, though it
shares the machine's two cores with it.

Run as a child process: `python bench/target.py PORT`. `GET /arrivals?since=T&until=T` answers
the arrivals in that wall-clock window as JSON `[[monitor id, unix time], ...]`."""

import sys
import time

import orjson
import uvloop
from aiohttp import web

ARRIVALS = web.AppKey("arrivals", list[tuple[int, float]])


async def probed(request: web.Request) -> web.Response:
    request.app[ARRIVALS].append((int(request.match_info["monitor"]), time.time()))
    return web.Response(text="ok")


async def arrivals(request: web.Request) -> web.Response:
    since, until = float(request.query["since"]), float(request.query["until"])
    seen = [pair for pair in request.app[ARRIVALS] if since <= pair[1] < until]
    return web.Response(body=orjson.dumps(seen), content_type="application/json")


async def ready(request: web.Request) -> web.Response:
    return web.Response(text="ok")


def create_app() -> web.Application:
    app = web.Application()
    app[ARRIVALS] = []
    app.router.add_get("/c/{monitor}", probed)
    app.router.add_get("/arrivals", arrivals)
    app.router.add_post("/{tail:.*}", ready)
    return app


if __name__ == "__main__":
    web.run_app(
        create_app(),
        host="127.0.0.1",
        port=int(sys.argv[1]),
        access_log=None,
        print=None,
        loop=uvloop.new_event_loop(),
    )
