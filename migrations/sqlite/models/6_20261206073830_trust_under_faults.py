from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


# Written by hand: the INSERT. A database from before this migration: its monitor last listened
# when it stored its latest heartbeat, so the first check after the upgrade knows how long
# nobody did (services/silence.py).
async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "watch_clock" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "checked_at" TIMESTAMP NOT NULL
) /* One row: when a silence check last ran, on any instance. A longer gap since then is time */;
        ALTER TABLE "outbox" ADD "unrecorded_sends" INT NOT NULL DEFAULT 0;
        INSERT INTO "watch_clock" ("id", "checked_at")
            SELECT 1, MAX("last_heartbeat_at") FROM "projects"
            HAVING MAX("last_heartbeat_at") IS NOT NULL;
        CREATE INDEX "idx_outbox_chat_id_2f6c38" ON "outbox" ("chat_id", "state", "id");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_outbox_chat_id_2f6c38";
        ALTER TABLE "outbox" DROP COLUMN "unrecorded_sends";
        DROP TABLE IF EXISTS "watch_clock";"""


MODELS_STATE = (
    "eJztXW1z2zYS/isYfTlnxufasuPk0l5vbNdpfE3sTuxeO007PIiEJZ4pgAVBv1wv//0AiO"
    "9vImiJghh8cGIDWJB8FlzuLnYXf47mxEFesHdOKaHfUxL6ozfgzxGGc8R/qejdBSPo+2mf"
    "aGBw4snhSIyzpmKg7ICTgFFoM953C70A8SYHBTZ1feYSLChOPA9Q5BPKAvDgshkgGIFbF0"
    "8R9amL2R44IyHmnZAigB75XF8n49kMzQPk3aNFr09DjJw9cV2H2PzCfJb1XSLE7h8hshiZ"
    "Ij6I8gt9+jTyKfkP4o/L+zMXGP3+O29wsYMeUZAbaLmOGOvBgFkBQngx0r+zbl3kOTlOLE"
    "bKdos9+bLt1J1eYPZWjhVPPbFs4oVznI73n9iM4IRA3AxvnSKMKGRIXIHRULAFh54XcTHm"
    "1OIJ0yGLB8jQOOgWhp5grqBe3EDaNrKsy6sb6/r8xrJGJcbHFBlGRU02wWLR8FsNJABTcQ"
    "t//dt4fHj4arx/ePz65dGrVy9f778WwIm+cterz4ubSdFaTCUxu/j+4vJG3BDhK3OxbEXD"
    "Z0kDGVxQST6l6Ge5WWLD2QzSaiYUyArc4I9Z5EaMfRM74oaUH+m71QdD5vDR8hCeshn/8/"
    "ioAet/nXw8e3fycef46EUe8MuoZyy7BPQp1BIdBYzj8QMEd/zyuAW6fFQtvLIvj+8cBQGc"
    "VkB8gx5rZEmGZBAoN4B6c/6LFA7zIPjDy2K58+HkFwnz/CnqeX91+X08PIP92fur0wLkdu"
    "hxGaAkOTIknSCPRLQuiOfX9eH+fot1zUfVrmvZlwc5QPeII/akgnKWZhArO4/zQRvxcVAv"
    "PQ5KwiNgkIWBEsQJRX8Aj4jPdakthZi5XNwutEElhS9Pt1zxWxXYBwNQ/LKKHo118RL633"
    "HkBMp1ul6WsoC/E5Huxb9soWxp+mpefDi/vjn58GPu0/ndyc256BnnPptx607xpUgmAT9f"
    "3LwD4k/w69XluYSTBGxK5RXTcTe/jsQ9wZARC5MHCzpZTOLmuCnH5tTiUuRyjtAwWX8mU+"
    "QhGChZFEW64Slg41YK2LhBARuXFbB5yMGwQsxcT/WtKpCu4L3SDP4hvVaCWRbhirPl858Z"
    "CWmZ3bVaSjVxJ21FMxZH+sr44OjV0evD46NETUlamrSTsiYCbfFOTJTsmSzNAKXWOtwhHD"
    "JxU2ogRxTDg3j15sxiScIK50fzJyFLZ74HOn8PKBKzBZ24XKQ1nNab07d8tpnlhKgTr4vU"
    "vXC7z82qATK742udpzWvtc6czm9Gt1Tk80T9uRs11+DF/v3tXeUeci44IIvxW0KRO8U/oC"
    "cJ9QW/KYjtKtdDFI7xYzrTlkH8OV5GcWv6ZlP4kIQ9FFYXR4A/N2ILxfzk+uzku/ORhHoC"
    "7bsHSB2rBnNhYFZsV5xGZG9/+Ig8WKPOZ2Nf3kWG6kDgLgh6GeuyApQ+ypm2VpiXYRJLjI"
    "xJZmnlFl25az6eF1sghlP5SOLa4kqldVUXcBUvumXxVskiXx5udWXbIaWIS5cA+IgCGaq1"
    "C8QMAGIHxBuib4DYtwtkm+AjEH6bAFAEHRETJabGhMVhUuWYqzVepzLwahrHpsUepWRnd1"
    "nslSQwYVd6hl0ZzWQ9vsVqp22zTl/jqzWbXnop8yYMpgenpi0ChtU+DAlJfwJpfwDfhhRz"
    "+Ymv/BI0wZ6lGtKnoAfwG0zZRN16piGbzyvYMk60tWWzS1DVkl27ARKZbHUmSGrRLTNCMl"
    "bkUjOkHuIK5X6J/k6Rjdz7haeRD/2UgzvXaXR8LXV8E+9v4v0HFu/PP3v2nSVkoBLsBbIh"
    "RBf0jryxfvqwfjDji7iM8T+vry7rrJ+EpOg/cG0G/gc8N9hex3EVsgKL5uVdXMm7eWeAmK"
    "C4vLP6TAn9ZVuyOVLjxdHai7MhY1ez12szjgbjdDbb4Zq5ENpsh5fER9/+Gc2Ex7a7Z94h"
    "6LHZDYU4cKNnL/loSmN2mxw1MzlaGBjR8P69Ncp+mC/FCfPMrb169wrxKlCtN4ai4cYOam"
    "EHYfSgAm003EDbAlqKYKCWlZFSDBDg1VdZ6ZCQYexG/e1GY7sY20Uz/fp5obxr1rApmyBY"
    "uf2Zdi7TqRfDNrzzaTY3tdzc3I56OVusx9wjGijm72ZIhrDFtm6E54hBsb5VtnuyNGa/x+"
    "z3GL3d6O1Gb9cD4u3X2y/wvStvpKS0Rz2NGrsrx7QtTw0chHz+tcJ34N9sb46++mZC2Lf/"
    "4MuDsr9/Y/Ppv/03YDPIwJRCUURaFJeOoKsoRf3s6ZabCca93qd7XbBMRfmMx69Gud8stP"
    "maruMWiufhuL6i67jkAyaeErTx+B7rjN676AHRUS8AryGOiyJYV2OqMZUlRzckvaPnSJOA"
    "35KHrLCqPOEp4csZ4honQY6wwIEJp1wXC2L50q86f3p19T6nyZ9eFGNBf/pwes6Xv1z9fN"
    "BCP6iAHD36LtfbOxhUeUpT0URncyrsVo0qNIWotoO/8RdIncV5Sq28IpfkYeeFYbDxhxh/"
    "iPGHqPhDrkI2IY8foqStCrdIfsBuk3eEyKFtnSMUcZ5R5IgiLe6ta8siQeABuowjDm4JBT"
    "v8xxFODHHy1gvAr+feI/oEGJGuDXsGK90kq5u4zb6q2HOTuGD0yPingaG5z5KEUjFVxPVk"
    "IP/TbLnqueWaYZeCSZsSDem70bM9y2aicJMy+Dkyk7fSFf07/rQq/rJ4/ADjDFbvjKxOeK"
    "zP5a3JdtxOcDeQP82UXL8JQY++X5+rKAK0Xhb0GuqyL7ScitikWjmdJRlMFaOV1VQr6o4l"
    "XJsdExXkWnknjBPqi3BCGTYX2Rwg3OV9zpAZX7LO/GXIQ1MK51ZU9UbdfKmewBgyXQ0Zef"
    "6arCqmonHnqYYQ2du32k2R7z1Zc0jvqpLH66N9i3Qm4rd7xG/gcp2/qrRoczhATNRjKEDS"
    "kkVdNetlMzEAjss6S/sKYiPpu0p6bcvcDNVtvvkdVi2xX5kTIMQU2YQ63LjjBoCj4l2pIt"
    "2gl2VfH1CDcCLuY4Ko2mot0Q1pa2ddIQEpaGWklaMCrnOTbRnQbQMDSstMp9iAOC6jIiog"
    "E7JRHw8QSfz1ZzebtIU+0xbk/yVYG2rXROMHl7awlpPQJTwK6Mbje9y9IvI1LEGcNq8G3F"
    "bYNkBbQpbcIaVk74RgcCv3YPy6zZ7g+HX9pqDoK+iv1FNBNxo+BGdbceUetUFXDGtYvUcl"
    "fN3AEseH36smfOToNpzvkSx5jV08PhSx/Iogp0TGjdYCY7F1RULGrVV+eSVTt4KyP9Ps8H"
    "i/ZOzGbXrYu4s6nSpyOKXoUYWI6hnmhXHcqGfQi9wjSko2ddjVrZzA7O/qvL/rIOh4Lu5y"
    "Yn2B1BxXrzGb5ZupXm6rQDY8TXb1BaEkZB3qbhXpDNbLsaYhtmRxkG41oErU5lOlswwT/H"
    "rG56qC3HyyNGa3i23XEWGCgYurTgpr5naZ2rzcW8FtkdrYRZpXTmB4vhU8p+iWTzt7Dtfz"
    "UxjBrjHbF47EyrpK9epxjmh4uvFazjaNMFN/q3KERobq/DINMs3mS6/1UgpAqo+OycTtyo"
    "PGZfRnhY/nNKJ++8NH5EFW7WQY8rnz+Rhn8YSrQCk9AX6IMBXOQuuOVdVJbEMELH/exbPw"
    "So/XGCJQmTLD3VFK6xkPESJo2yh4JkJREONJMtUQgYoiTP0VyKnrzFRDgquHGNpojdVH0q"
    "aLcGk8rZWu/TZ1tnxEA4LBzk2Uagq49UKB67wACzHjiLJXsKnueIcZKmJ2P2UrxokZrLgQ"
    "lonk3VAkb8yFslRoyKDKEK0r8Gb4GVS3/F4s1UDqHFGPwTqjdUG/fiePqQO/5qgoedREhz"
    "rwebohJVf1LEmMi2uALi4dkm01fb1MOeP+LaTdrSlnnEkarbC18iml9YZWmpXZ2spKbCNR"
    "DXZxCpMNMYhO0suVIg7ADoxsql1uNkmfNCCU/8ppMUbeiyojbPUXMHmVelljSS2ozkWkVi"
    "ntdYDaGGUqRpnelpgH8TSMSsi3j/pNaYYX1dAmSbA+Q7AyPdCZuxVh1UuzA2Myk7rWInXN"
    "pGH2lyL4X4LVkuEzND3K4p9uzsriOG7UMznAuA0G6DboFBmTntrSfWewdEjMQAxfs5Oqz0"
    "5qDrN64z7BdKl5nzJytcWJPhXqYMWeJbPXuUnrmqu4VoDuEXWZUmh1ka5HtcJBk7DijIi0"
    "Wc8tIXOSjw77QRs4mNng/yYT5GjNFY93L1P2KGuEZ3i6CDnM8yLboae8+SN0EbNmJKyKWa"
    "6Hu0A2PP/SyxZAv6zF+WUplALNxWOpgZwj6rNE3e1teSnHjRo67xyXv2OL1ViG93oOPa9W"
    "cBdIByS5D8evjhNZLf5oks7XH07evy+L4widjgexlKlNvpduTg/j1fqCGGyCYUyZ9O1Aty"
    "HUyJRJX1OZ9ApJsQKETTzX5uK5fobMnp15xL4bVbh8M727TQ7fBzHOspOBS+O5rjAClDy8"
    "AQ8zhAEE8pAkW5wMj+w7IIqRAQrxLiC8Ez8BN1pDe+AEeISbyxRMoQ9kcR3AxBRuAGK9IR"
    "fXta4L/YYxmRDnSZ6cxRetI0LCHOR75EmEhNkUBjPxi3CXTmCAAAkZ58CLr0FcBCoAc3KP"
    "xIUn/LpsFwREXOE3PCfYZYT+JQDkAQOH/yMuKC6MhZsUTDzOJEfecZwSBHYCRO9dGwVfRQ"
    "+45z+ZIDQd3eRy4XXToHOUWmnQxlBS3B1ep0g/QdS1Z1XiPOppFOUwHWNOFBmK0OlQEPS5"
    "tUB1Ey7FCMw2zls+qiECs+TAFS+VAsLR8AGie9Dq3JaDhnNbDsrntvArssrTN+vPPs2QPO"
    "vYU93QbgB3ZeeebvRj9vn/eov4+g=="
)
