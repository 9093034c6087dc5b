"""Request bodies sent compressed (Sentry SDKs always do: gzip, or br when brotli is installed),
inflated with a cap: the work is bounded by the cap, whatever the body claims to hold.

aiohttp's own decompression is off (api/app.SERVER_OPTIONS): at a body's end it inflated all of
the rest in one call on the event loop, before any handler could refuse it, and a 1.8 KB brotli
body stalled every door for seconds. Here a decoder stops as soon as it has produced one byte
more than the cap; the doors run it off the loop (api/common.read_body)."""

import zlib
from collections.abc import Callable

import brotli

from services.core.errors import BodyTooLarge, InvalidInput, UnsupportedEncoding

# What aiohttp took, by the same names. x-gzip is gzip (RFC 9110 8.4.1.3).
ACCEPTED = "gzip, deflate, br"
# Concatenated streams are valid gzip (and aiohttp took them for deflate too). Each member costs
# a decoder and a turn of a Python loop that holds the GIL: aiohttp's bound.
MAX_MEMBERS = 1024
# RFC 1950: a zlib-wrapped stream's first byte says "deflate" in its low four bits. Clients that
# send raw deflate as `deflate` are common, so aiohttp looked at that byte; so does this.
ZLIB_METHOD_DEFLATE = 8

Decoder = Callable[[bytes, int], bytes]


def decoder_for(content_encoding: str) -> Decoder | None:
    """The decoder for a Content-Encoding header: None for a body sent as it is (no header,
    `identity`); UnsupportedEncoding for one this app does not decode (zstd, compress, stacked
    encodings), naming the ones it does."""
    name = content_encoding.strip().lower()
    if name in ("", "identity"):
        return None
    decoder = _DECODERS.get(name)
    if decoder is None:
        raise UnsupportedEncoding(
            f"Content-Encoding {content_encoding.strip()[:40]!r} is not supported: "
            f"send the body as it is or in {ACCEPTED}",
            accepted=ACCEPTED,
        )
    return decoder


def inflate(raw: bytes, content_encoding: str, limit: int) -> bytes:
    """`raw` decoded as its Content-Encoding says. BodyTooLarge as soon as more than `limit`
    bytes come out (the decoder does no more work than that), InvalidInput for a body that does
    not decode (corrupt, cut short, trailing bytes), UnsupportedEncoding as decoder_for. An
    empty body stays empty, as aiohttp had it."""
    decoder = decoder_for(content_encoding)
    if decoder is None or not raw:
        return raw
    return decoder(raw, limit)


def _gzip(raw: bytes, limit: int) -> bytes:
    return _zlib_members(raw, limit, 16 + zlib.MAX_WBITS, "gzip")


def _deflate(raw: bytes, limit: int) -> bytes:
    wrapped = raw[0] & 0x0F == ZLIB_METHOD_DEFLATE
    return _zlib_members(raw, limit, zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS, "deflate")


def _zlib_members(raw: bytes, limit: int, wbits: int, name: str) -> bytes:
    pieces: list[bytes] = []
    size = 0
    rest = raw
    for _ in range(MAX_MEMBERS):
        decoder = zlib.decompressobj(wbits)
        try:
            # max_length: zlib stops writing at one byte past the cap; the rest of the input
            # stays in unconsumed_tail, never inflated.
            piece = decoder.decompress(rest, limit + 1 - size)
        except zlib.error as error:
            raise _undecodable(name, error) from error
        size += len(piece)
        if size > limit:
            raise _too_large(limit, name)
        if not decoder.eof:
            raise _undecodable(name, "the stream is cut short")
        pieces.append(piece)
        rest = decoder.unused_data
        if not rest:
            return b"".join(pieces)
    raise _undecodable(name, f"more than {MAX_MEMBERS} concatenated streams")


def _brotli(raw: bytes, limit: int) -> bytes:
    decoder = brotli.Decompressor()
    try:
        # The output stops growing once it holds more than the cap. Brotli still fills up to
        # one window (16 MB) inside: about 30 ms here, off the loop.
        body = decoder.process(raw, output_buffer_limit=limit + 1)
    except brotli.error as error:
        raise _undecodable("br", error) from error
    if len(body) > limit or not decoder.can_accept_more_data():
        raise _too_large(limit, "br")
    if not decoder.is_finished():
        raise _undecodable("br", "the stream is cut short")
    return body


_DECODERS: dict[str, Decoder] = {
    "gzip": _gzip,
    "x-gzip": _gzip,
    "deflate": _deflate,
    "br": _brotli,
}


def _too_large(limit: int, name: str) -> BodyTooLarge:
    return BodyTooLarge(f"body is larger than the limit of {limit} bytes once inflated ({name})")


def _undecodable(name: str, why: object) -> InvalidInput:
    return InvalidInput(f"body does not decode as its Content-Encoding ({name}) says: {why}")
