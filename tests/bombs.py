"""Compression bombs: small bodies that inflate to gigabytes of zeros, built in milliseconds.

Each repeats a piece of compressed stream that stands for a fixed run of zeros: after a flush
the compressor's state is the same as before it (a window of zeros), so the next run of zeros
compresses to the same bytes again and the pieces can be copied instead of compressed."""

import functools
import struct
import zlib

import brotli

MB = 1 << 20
BROTLI_RUN_MB = 16  # brotli's largest window: one flushed run of zeros is 14 bytes
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, no time, any OS


@functools.cache
def brotli_bomb(megabytes: int) -> bytes:
    """A valid brotli stream of `megabytes` MB of zeros (2048 MB in about 1.8 KB)."""
    compressor = brotli.Compressor(quality=5, lgwin=24)
    run = b"\0" * (BROTLI_RUN_MB * MB)
    first = compressor.process(run) + compressor.flush()
    again = compressor.process(run) + compressor.flush()
    return first + again * (megabytes // BROTLI_RUN_MB - 1) + compressor.finish()


@functools.cache
def gzip_bomb(megabytes: int) -> bytes:
    """A valid one-member gzip stream of `megabytes` MB of zeros (about 1 KB a MB), its CRC and
    size right, so that only its size can be held against it."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    run = b"\0" * MB
    first = compressor.compress(run) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(run) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(run, crc)
    trailer = struct.pack("<II", crc, (megabytes * MB) & 0xFFFF_FFFF)
    return GZIP_HEADER + first + again * (megabytes - 1) + compressor.flush() + trailer
