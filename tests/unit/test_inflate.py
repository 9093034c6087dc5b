"""Bodies inflated with a cap: every encoding aiohttp took, both sides of the cap, bombs refused
after no more work than the cap, and each refusal naming its reason."""

import gzip
import time
import zlib
from collections.abc import Callable

import brotli
import pytest

from services.core.errors import BodyTooLarge, InvalidInput, UnsupportedEncoding
from services.formats.inflate import MAX_MEMBERS, inflate
from tests.bombs import brotli_bomb, gzip_bomb

LIMIT = 1000
Compress = Callable[[bytes], bytes]


def raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


def two_members(data: bytes) -> bytes:
    return gzip.compress(data[: len(data) // 2]) + gzip.compress(data[len(data) // 2 :])


ENCODINGS: list[tuple[str, Compress]] = [
    ("gzip", gzip.compress),
    ("x-gzip", gzip.compress),
    (" Gzip ", gzip.compress),
    ("gzip", two_members),
    ("deflate", zlib.compress),
    ("deflate", raw_deflate),
    ("br", brotli.compress),
]


@pytest.mark.parametrize(("encoding", "compress"), ENCODINGS)
@pytest.mark.parametrize("size", [1, LIMIT - 1, LIMIT])
def test_a_body_up_to_the_cap_comes_out_whole(
    encoding: str, compress: Compress, size: int
) -> None:
    body = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    assert inflate(compress(body), encoding, LIMIT) == body


@pytest.mark.parametrize(("encoding", "compress"), ENCODINGS)
def test_a_body_one_byte_over_the_cap_is_too_large(encoding: str, compress: Compress) -> None:
    with pytest.raises(BodyTooLarge, match=r"larger than the limit of 1000 bytes once inflated"):
        inflate(compress(b"x" * (LIMIT + 1)), encoding, LIMIT)


@pytest.mark.parametrize("encoding", ["", "identity", "IDENTITY"])
def test_a_body_sent_as_it_is_is_left_as_it_is(encoding: str) -> None:
    assert inflate(b"\x1f\x8b not inflated", encoding, LIMIT) == b"\x1f\x8b not inflated"


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
def test_an_empty_body_stays_empty_whatever_its_encoding(encoding: str) -> None:
    assert inflate(b"", encoding, LIMIT) == b""


@pytest.mark.parametrize("encoding", ["zstd", "compress", "gzip, br", "utf-8"])
def test_an_encoding_the_app_does_not_decode_is_refused_naming_the_ones_it_does(
    encoding: str,
) -> None:
    with pytest.raises(
        UnsupportedEncoding, match=r"send the body as it is or in gzip, deflate, br"
    ):
        inflate(b"{}", encoding, LIMIT)


@pytest.mark.parametrize(
    ("encoding", "body", "why"),
    [
        ("gzip", b"not gzip at all", "incorrect header check"),
        ("gzip", gzip.compress(b"a" * 100)[:-4], "the stream is cut short"),
        ("gzip", gzip.compress(b"{}") + b"\0\0", "incorrect header check"),
        ("deflate", zlib.compress(b"a" * 100)[:-3], "the stream is cut short"),
        ("br", b"not brotli", "decoder failed"),
        ("br", brotli.compress(b"a" * 100)[:-1], "the stream is cut short"),
        ("br", brotli.compress(b"{}") + b"more", "decoder failed"),
        ("gzip", gzip.compress(b"") * (MAX_MEMBERS + 1), "more than 1024 concatenated streams"),
    ],
)
def test_a_body_that_does_not_decode_is_invalid_input_saying_why(
    encoding: str, body: bytes, why: str
) -> None:
    with pytest.raises(InvalidInput, match=f"Content-Encoding \\({encoding}\\) says: .*{why}"):
        inflate(body, encoding, LIMIT)


@pytest.mark.parametrize(
    ("encoding", "bomb"), [("br", lambda: brotli_bomb(2048)), ("gzip", lambda: gzip_bomb(960))]
)
def test_a_bomb_is_refused_after_inflating_no_more_than_the_cap(
    encoding: str, bomb: Callable[[], bytes]
) -> None:
    body = bomb()
    started = time.monotonic()
    with pytest.raises(BodyTooLarge):
        inflate(body, encoding, 1024 * 1024)
    # Inflating it whole takes 3 s (gzip) to 15 s (br) here; a capped one tens of ms.
    assert time.monotonic() - started < 1.0
