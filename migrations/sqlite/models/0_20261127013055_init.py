from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "projects" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(200) NOT NULL UNIQUE,
    "type" VARCHAR(20) NOT NULL DEFAULT 'other',
    "token" VARCHAR(128) NOT NULL UNIQUE,
    "url" VARCHAR(2048),
    "is_active" INT NOT NULL DEFAULT 1,
    "paused" INT NOT NULL DEFAULT 0,
    "timeout_seconds" INT NOT NULL DEFAULT 3600,
    "health" VARCHAR(16) NOT NULL DEFAULT 'new',
    "last_heartbeat_at" TIMESTAMP,
    "deadline_at" TIMESTAMP,
    "last_status" VARCHAR(64),
    "last_version" VARCHAR(64),
    "created_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS "idx_projects_deadlin_2c69bb" ON "projects" ("deadline_at");
CREATE TABLE IF NOT EXISTS "error_reports" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "type" VARCHAR(256) NOT NULL,
    "message" TEXT NOT NULL,
    "stack_trace" TEXT,
    "severity" VARCHAR(16) NOT NULL,
    "context" JSON,
    "received_at" TIMESTAMP NOT NULL,
    "project_id" INT NOT NULL REFERENCES "projects" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_error_repor_project_8d58ee" ON "error_reports" ("project_id", "received_at");
CREATE TABLE IF NOT EXISTS "health_transitions" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "old" VARCHAR(16) NOT NULL,
    "new" VARCHAR(16) NOT NULL,
    "reason" VARCHAR(64) NOT NULL,
    "at" TIMESTAMP NOT NULL,
    "project_id" INT NOT NULL REFERENCES "projects" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_health_tran_project_cb7f30" ON "health_transitions" ("project_id", "at");
CREATE TABLE IF NOT EXISTS "heartbeats" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "status" VARCHAR(64) NOT NULL,
    "version" VARCHAR(64),
    "metadata" JSON,
    "received_at" TIMESTAMP NOT NULL,
    "project_id" INT NOT NULL REFERENCES "projects" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_heartbeats_project_f2a0ae" ON "heartbeats" ("project_id", "received_at");
CREATE TABLE IF NOT EXISTS "subscribers" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "telegram_id" BIGINT NOT NULL UNIQUE,
    "full_name" VARCHAR(256) NOT NULL DEFAULT '',
    "language" VARCHAR(8),
    "is_admin" INT NOT NULL DEFAULT 0,
    "is_active" INT NOT NULL DEFAULT 1,
    "created_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
) /* A Telegram chat that can receive notifications (a person, a group or a channel). */;
CREATE TABLE IF NOT EXISTS "outbox" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "chat_id" BIGINT NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "text" TEXT NOT NULL,
    "state" VARCHAR(16) NOT NULL,
    "attempts" INT NOT NULL,
    "next_attempt_at" TIMESTAMP NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "sent_at" TIMESTAMP,
    "telegram_message_id" BIGINT,
    "last_error" TEXT,
    "subscriber_id" INT NOT NULL REFERENCES "subscribers" ("id") ON DELETE CASCADE
) /* A rendered notification waiting for (or done with) delivery to one chat. */;
CREATE INDEX IF NOT EXISTS "idx_outbox_state_b6cc41" ON "outbox" ("state", "next_attempt_at");
CREATE TABLE IF NOT EXISTS "subscriptions" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "min_severity" VARCHAR(16) NOT NULL DEFAULT 'debug',
    "heartbeat_mode" VARCHAR(16) NOT NULL DEFAULT 'changes',
    "created_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "project_id" INT NOT NULL REFERENCES "projects" ("id") ON DELETE CASCADE,
    "subscriber_id" INT NOT NULL REFERENCES "subscribers" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_subscriptio_subscri_87c271" UNIQUE ("subscriber_id", "project_id")
);
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSON NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztnVtzmzgUgP8Kw1Myk+3YjnPZfXNSt822iTuJd7fTTIeRjWKzwZIrRC7TzX9fSeaOIO"
    "BijKkemibSORi+I8S5SPiHvsAmtJ03Q0IwuYZLTKj+h/ZDR2AB2S+y7gNNB8tl2MkbKJjY"
    "Qh5yQYMISdEDJg4lYMqPegdsB7ImEzpTYi2phRFrRa5t80Y8ZYIWmoVNLrK+u9CgeAbpHB"
    "LWcfuNNVvIhE/Q4X/e6kuC/4VTalgm/zACp9B6gKYBqP6Nyy7vjTsL2mbsmlayot2gz0vR"
    "dmbNLhB9J2T52UyMKbbdBQrll890jlGgYCFBYgYRJIBC/gmUuPzy+Nl7OPwrXl1JKLK6hI"
    "iOCe+Aa9MIjokRtumGcTUaGzfDsWHoJQBOMeLw2ak6AsCMn8Jvv/d6h4cnvc7h8elR/+Tk"
    "6LRzymTF+aa7Tl5WJxPSWh1KMLt4f3E15ieEmYVX9ucNL0IHULDSEpYK6QuAKf7nc0Dk9H"
    "35BH92YUn+Pu08A/gNoQXCUVmHCRbgybAhmtE5+7N3dJyD9+/B9fmHwfUek9qPQ77yunqr"
    "Ps47csdCxwEzCeIxfMoY4BGVVlDOgToefhEjduE43+0oy73LwReBefHs9XwaXb33xSPszz"
    "+NzhLIHQqm9waf5kphT6ithd6bP35Z8vABEos+l5lQojqtGO7xSaVbZE7pZk8p3dSMwj6O"
    "skGcZvznzehKzjiikkBsWlOq/afZlpN6fu708OYs8od3ciRzNtihMyKOIg6QHN5RfyZF/y"
    "3DRq0FlFsgoZq0gqf7xv9lB4d93lxzcTm8GQ8uP8cs8nYwHvKeXmyy8Vv3krdEcBDtn4vx"
    "B43/qX0dXQ2Thgvkxl91fk7ApdhA+NEAZpSJ3+w3xQwdd2Pjds70S+NKr/unO2BTz0Xtdf"
    "sn/dPD437gmQYteQ7pyvnkfv/dvdT39IilGb/DBFoz9BE+C9QX7KQAkj6WvYDoc3ikHUP8"
    "4g8jvzWcZgl4DMKlxOhiBNh1Q7p6tg5uzgdvh7pAPWFOzCMgphFjzntwDydaAtl016K3SL"
    "YAxJxS07sQftoe+w8Q2HQ+JgA5lnf1qYA1JXOQF7XOhTR3xTzx+kPX0hHrrxKu/tRccJAT"
    "iGJbQjXbbfTElcdYwGNE8LEMWk9coS2AlkDgrKazonRDjRYCPu4XAHzczwTMu+KAy7vays"
    "NWHvbO2FR52MrD1gt42IROIJDWgsLO13zqlZgqAzXSr95yGYjd/tR1SuVtAw3lxxTwYx4g"
    "caxynmJEpQ3FiE0TXkAK+PgukxiP6qjMuMqMK79d+e3Kb28G4t3320cuneCnS285h8R3jw"
    "vk+u9YiBby3fWBRiCzGYGmhjC17qwp4F3aI7AoI67dYaLtsX8mRlB7tOh8X2OfxyZh8qxR"
    "rPHW6RzQN3rCTpUeuEgcwX1MwQXBJ8oeEBQullSFEc0NI7h1pc+GPBNElNr0bKjFFCH6e3"
    "a1ZaILX76F0dthr0BscdjLjC14VxyufMFN9lqyjNU2uwl3C+v3aKk1qYFCfbj1JXsQcmi1"
    "DOjq61bes1SS8cmcpqMq9c3TnQY78PEaa9xDSXHNj4Il6ioSbnQkPCWQg1/D1nFNZeZGm9"
    "mBaJ37OaJWgYF3J7u4c/al0IYzAhaGt+uidPSScYC1npANs/N2AhkbONQQG9fKeNxxrTbU"
    "S2p3u90JP88JJOWyuym9NgXxm0rwhtAqyPHexA62Y6CLpnlTw6xJmV4/yy7J8UYS8NnZXS"
    "+Hvfm1GWpNc51rmsX/Kaw5K289+WryGNtFG99a2+kU2Vrb6WRvreV9iaRc47cu61jchinE"
    "YXM1cAuxzUGbIovvYamlKoFC60Zut3daJPfWO81OvvG+OF+X2GXoeuJtcGqTI7dfhC4Xyx"
    "m9/RRfyzHYA9R6kEwPZxjbEKCM51pUL4F7whQ3NU/4wzsKPBjyVQcPZ6PRp1jwcHaRjA7+"
    "ujwbskEtmDMhi2aEakvgOlAWL+dBDpVqJBy0RBGXda+2wpiniLBLDQeyjzfLJOwlmvWFZo"
    "fHnVTq3m9rRsZ+tcuwzDwcatToQni7seKTsd/YzOKSyMUEC87XyJ5KD6DyqE3Oo5oQmLaF"
    "4BrWTqjWYuc6Hco2mVncmeU3CyTU2ufJVr+cXSBbY9dAUk+xfp11K2u5V/hxb/8XnrZS2f"
    "fs1HA4EkQFSTK1nXl67z5eQxtQ+b0lfztjS/Lx8aAk/mqO9VnJXgzSRmDx7Zc/xSvc7dlG"
    "UF6ZZ1nB2LqJHKpNuDZZyIqUEiW1rHihMbucFdbqilW09IE29pZRiA0CGuU/pgBp3u6w2H"
    "YDR9sD2pIdG6MDDWgzgt2lhgn7lekiBO192c6F6j9AVduaVW0LVuKsvYSnyvULTUBd88qd"
    "O3YuRtmaZ0ypxrxaOqlWXVljEy8StgGaudI3CefFgqFO++LAIqWj7LqRtGhkLixJsP1qzc"
    "hXUwWNAgUNVZyrh7NKaqikhvdqxWDv8PrBVGqrcluiKRV8Ni349E82K/wMmL4agIaGrHZR"
    "5W1i/a7/uoZvKv7bYvzHnDBjnW8gSOrVGISYcOJK9pCGzc0s8IeleX7vlWGd1qyRNs/ezK"
    "CT5h3taCZx5cy10JlTL1ba1ENC7WraHF21q6n+XU2SmaICwurdYNvbMTZg7uZ0rkuiHK/n"
    "IC++AaGM2i22S5PnQU78soVXxDbtvk7WUY4K1VGOcuooR6k337CbqgRhT7yFdLuF9uR1c/"
    "bkddN78sQ3zaHyX06Hfv7L6ZpGOwduZe/gLZEOrv5h9vI//bOitw=="
)
