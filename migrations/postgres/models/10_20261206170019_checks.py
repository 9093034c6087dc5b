from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        -- Checks are monitors too, any number a project: the unique (project, kind) holds only
        -- for the heartbeat and the run, a partial index.
        ALTER TABLE "monitors" DROP CONSTRAINT IF EXISTS "uid_monitors_project_49e410";
        CREATE UNIQUE INDEX "uid_monitors_one_per_project" ON "monitors" ("project_id", "kind")
            WHERE "kind" IN ('heartbeat', 'run');
        -- The partial index serves only statements that name its kinds literally: every lookup of
        -- a project's monitor by kind (a bound value) uses this one.
        CREATE INDEX "idx_monitors_project_kind" ON "monitors" ("project_id", "kind");
        CREATE TABLE IF NOT EXISTS "checks" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "url" VARCHAR(2048) NOT NULL,
    "method" VARCHAR(8) NOT NULL,
    "headers" JSONB,
    "body" TEXT,
    "interval_seconds" INT NOT NULL,
    "timeout_ms" INT NOT NULL,
    "expected_status" VARCHAR(16) NOT NULL,
    "keyword" VARCHAR(256),
    "keyword_absent" BOOL NOT NULL,
    "json_field" VARCHAR(256),
    "json_value" VARCHAR(256),
    "degraded_ms" INT,
    "confirm" INT NOT NULL,
    "allow_self_signed" BOOL NOT NULL,
    "created_by" BIGINT,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_checked_at" TIMESTAMPTZ,
    "last_ms" INT,
    "last_status" INT,
    "last_failure" VARCHAR(32),
    "last_detail" JSONB,
    "failures_in_row" INT NOT NULL,
    "failing_since" TIMESTAMPTZ,
    "certificate_expires_at" TIMESTAMPTZ,
    "certificate_warned_days" INT,
    "flapping_since" TIMESTAMPTZ,
    "project_id" INT NOT NULL REFERENCES "projects" ("id") ON DELETE CASCADE,
    "monitor_id" INT NOT NULL UNIQUE REFERENCES "monitors" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "checks" IS 'What an active check probes and how (services/probes/), and what it last found. Its';
        ALTER TABLE "health_transitions" ADD "monitor_id" INT;
        ALTER TABLE "outbox" ADD "monitor_id" INT;
        CREATE INDEX IF NOT EXISTS "idx_health_tran_monitor_9110f9" ON "health_transitions" ("monitor_id");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_health_tran_monitor_9110f9";
        ALTER TABLE "outbox" DROP COLUMN "monitor_id";
        ALTER TABLE "health_transitions" DROP COLUMN "monitor_id";
        DROP TABLE IF EXISTS "checks";
        DELETE FROM "health_transitions" WHERE "kind" NOT IN ('heartbeat', 'run');
        DELETE FROM "monitors" WHERE "kind" NOT IN ('heartbeat', 'run');
        DROP INDEX IF EXISTS "uid_monitors_one_per_project";
        DROP INDEX IF EXISTS "idx_monitors_project_kind";
        ALTER TABLE "monitors" ADD CONSTRAINT "uid_monitors_project_49e410" UNIQUE ("project_id", "kind");"""


MODELS_STATE = (
    "eJztXXtz2za2/yoY/3PtGa/jyI+k3b17x3bdxLdJvBOrtzub7LAQCUlcUwALglZ0d/vdFw"
    "BJ8QVSJC3REBedaZuAOCD1O3icF87558GCOMgLTm7myH48+B788wDDBeJ/yD84BgfQ99Nm"
    "0cDgxJM9bdFFNsFJwCi0GW+dQi9AvMlBgU1dn7kEi76/zCEDEAPeyX1CQJICn5IJCnizA+"
    "ZkCQ4DRJ9cGwWvogevjo7ls6WgdRnwYMDAlITYOQF3TL7YITZ/s4tnO3rHVxwwyBA4xGh5"
    "DEL/GDhkiY+BD8MAOUeSFKNvLHoNYO4CAUgRHykAC4JdRuh/BSfiS0Ps/hYii5EZYnNE+f"
    "d++TtvdrGDvqEg+av/aE1d5Dk5jriOGEC2W2zly7Y7zH6UHQUIE8smXrjAaWd/xeYEr3u7"
    "mInWGcKI8p8jhmc0FGzCoefF/Ew4F31p2iX6xAyNg6Yw9ASzBXX0AWnbgWV9uh9bD7djyz"
    "ooTYSEIsO3uMkmWEwi/qmB/PUz8Ql/GL0+f3P+9uzy/C3vIj9z3fLm9+jVKTARoYTn0/jg"
    "d/kcMhj1kBinoIbUK6N6M4dUDWvcvYAr/+AirgmKdcAmDSmy6arpA9oF/GZ5CM/YXOB5ev"
    "62Bsn/u/p88/7q86HodiReSvhCj9b/p/jZKH4oAM/sI3yeE8XMrcY4pegP5oN3t+ODXnBu"
    "AnI1wiV45wg6iAZlfP/34f6TGt8MSQFgx7UZ+Bfw3KC0TyiAjrcBXaZzDa4CCzHyIgh+87"
    "KAHn68+msR65sP99cSGxKwGZWjyAGuC8hPiLMqwz7mp4Aa9qR/p0m9P1iPb/86rsd6sYqf"
    "fLj/9C7pXmRAHmv+Xn5eQ88KEP8SRzHdqw9CBenmY3Fb+8rlqdbnYoqwEFlIyKxFG2zzRP"
    "2h+vqU/7MnwKJvPrL5z7eEBBkq0K0+CBWkPZ6Io9PTP5x9910/p+LrywbH4uvLynNRPMrj"
    "/ohWS0JbCR4ZkiFs0gX57qIJxLxXtXR3UQWyxRU/FC33PNbXhHgI4lq4M8QF1CecelfTe9"
    "3S7+l4fX//IXc6Xt8Vj7+fP17f8rku2cA7uQypN5Z/BByqaYJs0zmepzLTvNE0l6BxGYL/"
    "3LZQr6kM1I2gdtCMcvXEaSeIFKg6SSK6Yb1lOYQPP3XpogWoGYr+RLvRnsAJPY8suU7hTa"
    "3AnWGk2IRrDz8lvTn/Wpx/NkUCE2ui0MKv3Vn1tM7RDWir+G40Ojt7Mzo9u3x7cf7mzcXb"
    "0/UkLz+qm+3Xd+8E3Dm2VOMPFXLfD/yJUA7rOQBVQp8Tk54kf+jVsvqJLA+PdmQYuft4+z"
    "C++viX3Pz/4Wp8K56McpaRpPWweHauBwG/3I3fA/FX8Lf7T7dFg9W63/hvB+KbYMiIhfmO"
    "A50sGklz0pRjsPCBWNJ70onLCvItsFqzpTc4frcSuzIUA9pHtyYjSHiqzD71oFZafAywCU"
    "RT6HohbaWRFemGp5OdjRqoZGejSo1MPFJg7SDGUWvjZCqQGUdTd0dTPGEDy8UW5Xt3861E"
    "QdmfJrcvBnoBEn8fV8OwrdhN6oWcErERcXQWcWxEmTt1bQ6+hb75rlgbHfSXylEM9/eF+0"
    "tIMddLHLhqI5vVjGDkNMXW6kHf7763lqjN8tJ5efmU/APZzGoVp5gn6k862aNVFAeQtsM1"
    "T7QdXPc+EFSE1k4flXGg8TwsI/wjocid4Z/QSgJ9JyKB1dtRHDH9l3SkPZu4vyeTKGlNWU"
    "zhch2RXFizHAH+u1Fkpr+5eri5+uH2QEI9gfYjPyUdK4e5eEJGRMmFeNaWuXCP0Zjw/zTk"
    "wcd0nL2a5E05kF/dDTiQB1w8WowWxRaI4Uz+ZPFx4lNiNG8pJfQdJaF/oLghkHl6XHdNAI"
    "l+1kx0bHhZ4MrzAEU+oSwAS5fNAcEITDl+iPocRnYCbkjIkZOh9ugbH+uP6/5sjhYB8p5Q"
    "9NSnIRfWZAR+7q7Abl6hCPL/kt9h1i84+Hsh/P9LYXlF5kCEcNSz8c2AOhfYwC4H9OL4qr"
    "5CkOVmiQ3VxsgC2QCvFFyeNzBGXp5XGiPFo0KUqkCnBcZJ/wGCu5PomwUKAn4GlCGuDmvP"
    "kAwC5b5D2+3Q43tAq50jQzJAD8bpaRMXxulptQ9DPMuDHKAnxBFTRIpUo5ylGcTM3nXEdf"
    "sA9xeJayc+l6X2FGJh5AoiabCVwJen6/GixgAEv6ygRxNZvIT+BlNmjlKriCdjx1TGwXTh"
    "co7QMFl/JlPkIRi0DyHJ0A1PABs1EsBGNQLYqCyALUIR8BlipooiqV9VBVLjA9J5WQlmWY"
    "QLzpbP/52TUGHLrfZZKImNY1Vx+8Cuinyv3rmyNAPctXZhDhEZZIhCDKgFOaYYHsTbV2ei"
    "Kdk+ACdLZ84Dnc8DisRoQScuF2kNp/Xm9JSPNrecEHXidZG6F26/gG93SMzuuKzztGZZ68"
    "xpE9Rlwo/6XTY7Dj/KpE7jCqbCXXEdk/3402fkwQpxPhv78j5WVAcCd2Gjl7EuW0Dpsxxp"
    "bzfzMkzlOLYtR1zJeVUVcJVMuk3xVutJvjnc6t62Q0oR310C4CMKZKjWMRAjyASniUP0ey"
    "D8dlEuVcFHIOw2AaAIOiImSgyNCUvCpMoxVzt8jzLwapbEpiUWpbVnd1PslSQwYVd6hl0Z"
    "yWQ3tkW10bZepq+w1Rqnl17CvAmD6cGoaYuA4XYHw5pkMLdze47MkEe88iSogz1LNaSjoA"
    "fwa1TZtbj1TEU2f69gzzjRVJfNTsHnX6TZsgISq2xVKkiq0W1SQjJa5EY1pBrizaUTivI7"
    "RTZynyJLI+/6JQd37qGR8bWU8U28v4n3H1i8Pz/27EdL7IGtYC+QDSG6oHfkjfbTh/aDGZ"
    "/EZYyrU0VlSEyaqO5porLyTAn9TS7ZHKmx4mhtxXkhZVez5fUyhgZjdDbucM1MCE3c4aXt"
    "o2/7jGabx76bZ94j6LH5mEIcuPFvL9loSn2O6ww1c9lbKBhx96Y5OtL6lsCeQzxDgExBXC"
    "0zTsPyIP8mK2EER8dRng1RGTP9ts8IBgSfgPEcldzFW3/DV8x/LGUTBFlmaJHCg81FGg+5"
    "nHhLBAkQFxKiip6HryKHtPBAi/QfJEBHDYt6Fi1TrW1O/ykGp50V+nzkP6uN5pf07/Fm8n"
    "paHpQwzj/SU/V7qTxleoX5btsdT9rVdyLPKOykmwS06wmLkSKZcjW0cXcDbQNoqTxu26Cb"
    "UgwQ4O1nQupwacrYdvS37Rj7grEvaKYDbzvb51a14FgoVqu/qcRcq/dG3V44OsEEIGgZgL"
    "AfOa32WI55QjRoecc+QzIEN/iuEV4gBsX8buOSzdIYn6zxyRq53cjtRm7XA+L9l9vv8FNU"
    "1bcktMdPaiV2V/Zp7J5yEPL5aYUfwa/sZIFe/WlC2J//h08Pyv77TzYf/s+/AjaHDMwoFI"
    "neRQL4GDpFuvhnD7dZTTBuoT7dQoJlbYTPpP92hPuXhXbHlSMp8VpBm/Tv0eP25KIlomV3"
    "234Y2V+wArpuh+LLRIMF/JM8ZIWqFKLXhE9niCuMBDnCAgcmnHJXLEj2l37F+ev7+w85Sf"
    "76rhiv/fPH61s+/eXs550i+UABefeqjaZS4/6oU2G3jHGhSRa3H/y1hXLmeZ2YXKQ1nNaa"
    "07Gs0YHPOUqt7F+fyPLwyDDYWL6M5ctYvtpYvj64AUOY/8Z3UFlLMff8uM4K5iU9rRlsXE"
    "8xCmPGZEKcFYhGQA7/SAIC1xMJuYA9R/YjoBADggHEK+DG8wkcQuAg3yOrYwCBTWEw539Q"
    "GMi2/YqvWNhuJjBAgISMw3p0Aq4yUdrrYaM6jQR7KxnHLb+DUwSug6J0Ycb+pqH9TVpOO8"
    "kHeUqt5AMjBhalBMQh7MLkLF0/LDYpoZtzuCSvvMypmlR7VhyomULQ1WdpfAehaZpMLM4T"
    "ztbIz7OEjJ9oAT+x4jMpc/2ILHF8UUnksHQQdDwXp7eWfuKzjp9mt0+Irkon6W5e8xXH5G"
    "AOxWClm1ByCAhoiJOWY9kk/ViIxqf34a834v+/Hv1RHrhfcYDok2uj4FWC5asldRmiJ/4K"
    "yD8F0RkMKFlWpuo0B7G5H6VDDNZuSmO28oWtCQy8DeBNtrwOAkaB1FSd0EzEKLjbVEmTNq"
    "gJrtoaYuzEWvFWEwXBcNgYivdAkDOG4n0zFGc8YkJzKrMnKajB9b4x4f/ZXFbjJhloL/c0"
    "dUGNFlr/fcgm5NvHOB2lQvfPdziuswAQ2bWpFZ2KQ4ciR5SfcKeuLfnENXSXCXV9ypXoQ/"
    "6vI1RmoaMfcZXcc4X2DRiRirTNNXpVcOn2Bm5yG22tY2D0jfEjlKGFz9apcsVQ8cJYd+R/"
    "NRfV9LyolmFXi0DAlGhIR2vPUYBsLhICtQY/R2Yy8nVF39itdhjCrU7lWp2luCKP636CW6"
    "d87SgztPZGwgOfiygCtF4m9A4qTkdSjuJGd+U+nSUZTH2WraWnKsqOJVzrzTcKcuPJ19qM"
    "M8iATsPmkq0d4S7rOUNmrLE685chD80oXFhxPY/26ot6AKPIdFVkPBgwS9ZLaiNx56mGkA"
    "+lb7GbIt9bWQtIH1VpsatzpBTpTJ6U7nlSZBCvqmhi/SXKhKjHC5TrlizqakuxbjcnHZd1"
    "3u0VxGan77rTa1vAY6hm85d3QmuJ/daMAPpm/t47z37uFjSmyCZUBLhwvcppY7RSkb6g8e"
    "pUH1CDcCK+Y4JaTtcS3ZA8ZrsKRklBKyPdOh7lITfYngHdNCSlNM10ur6YRAQpgi0ywULV"
    "YRbxQbr7VLvm6kCfVwfk/0uw1hRSiPsPLofW6PS0gcOK96qu0SueFXywAp4W6Cb9e3QKEr"
    "kMSxCnzdsBtxG2NdCWkCWPqFXm4TXB4Gbu69HbJq7W0dtqX6t4VpBfqdcG3bj7EGyYxZl7"
    "3gRd0a1m9p6X8HUDix+g7lPb7GM5uhdOPrae8hpbznwoEku1BDklMtbJBhgLjyAJGddW+e"
    "tbqboKyv5Us7PL05Kym7Tpoe9GVQzb7MMpRY8iRFxcK78ZJ416xhJJ19v6AnUHZ7lyAOM2"
    "19ltLlnWvihIgWx4Is72y1ZIyDpUBynSGaw3Y+1i23VE5A5FU75Y5h32soohzH1qjTezSE"
    "RVpo+uXl85ouEtrtFFEzmB96rW1C5KkkKMWftVlSM0koHOiwl6HllyXhHqzlyskA6qY7gU"
    "pENYWH0Hcg0yMvk/PdVsixRjhSvWiiWY3LH+8aft3a7eF0djPhZMBIxaMqLomTDdipHeiY"
    "EGjdU2UPqMfEL3MUigEUz8CQ5cMfQzsXovzU/j9XBDBSxfefZZeKWFbocIVKbgV3eU0spi"
    "Q4Qom8GyO0aZZJlDBAnaNgqeCVEc5nK1HmqIQMUxSP4WNvOHzFBDgquHKKt4jlXHWqWTcG"
    "PElZXO/SYJbnxEA4LB4Ti+4wXCAFHgOkcg2osdkW8G1pVJ7DCCIqrrSzablRjBSjLQmFiv"
    "F4r1SrhQ3hVqri5kiHblmh3+1YUp/xarbahdjqhHd27Zl7s3xlpTtnLHfnNZGbdD2co83Z"
    "DC73veSYyhdICGUh1uuWm6vEyq1f41pOO9qcmVuVak0LXyl46qFa303k5jLWutG4k0jFGV"
    "DxtiQJGN3CeUywEaiNpYkU4lamNJwz0QxToELcbIO1IpYdt/gbl5o5c2tk7C0jl7yzZ3ex"
    "2gNkpZG6VMb03Mg3gWxrmbm4f/pTRDCKLIw9zkGkn1HRLlBRJn4SriKzfeH0nIzOWGBpcb"
    "zEWd/i6R/D/B7a5LZmh63It/Ht+Ut+OkUc8oYWM2GKDZoFN8VVouobtnsFSdYSCKr/Gk6u"
    "NJzWFWrdyvMd2o3qeM3G76ii+FTCmJZcn4Ol9Su+YirhWgJ0Rd1uqKRJGuR7HCQZNQkZw9"
    "bdbTJWRKaOjgD2rrkMvTGfy74p9eARYnT5udpkzZ414jLMOzKC4zz4vsAz33m99CFzFrTk"
    "JVyGQ13AWy4dmXLhoAfVGJ80UplAItxM9qB3KOqM8kRtNpeSonjRoa7xyXr7FoNpbhfVhA"
    "z6vcuAukA9q5z0ZvLtd7tfhL3e788PHqw4fydhyj07ECQpna3NvUzeiRr7pEfF8IMcgWl2"
    "3b7FQK0uEdCaMmdsRRtR1xVLIjJrB1qC6SozTrSud1ZazFA2ewCTIzCar3A92aED6ToHpH"
    "CaoVO8UWEDZxki8XJ/kLZPb8xiP244HClZJ5elznSFmKfpa97rgxTvIeI0DJ8nuwnCMM2B"
    "wBkeELyOI/tqh4juxHIOqmO8eAYADxCrjxPDoBV/FzGfvIGykLwCK0ZXLDXLDkTt7yFXt8"
    "glIwJSF2oqeYTIizklWh+Px1+CBggtgS8ZceBog+uTYKXkmMXsXvPvFXJvZSR++Q5Hk3AT"
    "dHqZWAa/SYlkERu9xxrxB17blqt42f1O60MO1jSi0MZdPpkBDzubkwddtcioHHTXwWvFdN"
    "4HHJbyEWVQuE4+4DRPd1o4IWr2sKWrwuF7Tgb2TKao/VtTYzJM8qs6kb2jXgbq3O5oseZr"
    "//G9nCKqM="
)
