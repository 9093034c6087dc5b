from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "invites" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "code" VARCHAR(32) NOT NULL UNIQUE,
    "role" VARCHAR(16) NOT NULL,
    "created_by" BIGINT NOT NULL,
    "single_use" INT NOT NULL,
    "expires_at" TIMESTAMP,
    "used_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "project_id" INT NOT NULL REFERENCES "projects" ("id") ON DELETE CASCADE
) /* A deep link `t.me\/<bot>?start=<code>` that grants one project. */;
        CREATE TABLE IF NOT EXISTS "project_access" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "user_id" BIGINT NOT NULL,
    "full_name" VARCHAR(256) NOT NULL,
    "role" VARCHAR(16) NOT NULL,
    "granted_by" BIGINT NOT NULL,
    "created_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "project_id" INT NOT NULL REFERENCES "projects" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_project_acc_project_28af64" UNIQUE ("project_id", "user_id")
) /* A person (Telegram user id) invited to a project. */;
CREATE INDEX IF NOT EXISTS "idx_project_acc_user_id_409105" ON "project_access" ("user_id");
        ALTER TABLE "outbox" ADD "thread_id" BIGINT;
        ALTER TABLE "subscriptions" ADD "thread_id" BIGINT;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "outbox" DROP COLUMN "thread_id";
        ALTER TABLE "subscriptions" DROP COLUMN "thread_id";
        DROP TABLE IF EXISTS "invites";
        DROP TABLE IF EXISTS "project_access";"""


MODELS_STATE = (
    "eJztXW1v2zYQ/iuCPiVA1iXO64aug9Oma9YmKRpvK1oUKm0xthaZdCkqL+jy30dSr5QoRX"
    "JsWVb5oWhM3tHScxR19xx5/m5OsQ1d79kJIZh8gDNMqPmr8d1EYArZH6ruLcMEs1nSyRso"
    "GLpCHnJBiwhJ0QOGHiVgxEe9Aq4HWZMNvRFxZtTBiLUi33V5Ix4xQQeNkyYfOd98aFE8hn"
    "QCCev4/IU1O8iGd9DjHz+bM4L/hSNqOTb/MgJH0LmBtgWo+YXLzq6tKwe6tnRPgaxot+j9"
    "TLQdO+NTRF8LWX41Q2uEXX+KEvnZPZ1gFCs4SCAxhggSQCH/Bkp8fnv86kM4ojsO7iQRCW"
    "4hpWPDK+C7NAXH0EraTMs6vxhYlycDyzJrADjCiIPPLtUTAIz5Jfz0S6+3u3vY2949ONrf"
    "OzzcP9o+YrLievNdhw/BxSRoBUMJzE7/OD0f8AvCzMKB/XnDg9ABFARawlIJ+gLAHP4vJ4"
    "Co0Y/kM/izG8viH6FdZoCoIbFAMiubMMEU3FkuRGM6YR97+wcl8P7d//DyTf/DBpPalEE+"
    "D7t6QR/HO/XEQs8DYwXEA3hXMMFTKp1AuQTUwclHMWOnnvfNTWO5cdb/KGCe3oc97y7O/4"
    "jEU9i/fHdxnIHco2B0bfFlrhbsGbW5oA/Xjx8WeXgDiUPv6ywoaZ1OTHd5UdmpsqbsFC8p"
    "O7kVhX0dZZM4j/GflxfnaoxTKhmIbWdEjf8M1/Fy78+1nt4ci/LpnZ3JHBvs0TERo4gBst"
    "M77c/k0H/FYKPOFKotkFHNWiHUfRb9sYbTvmytOT07uRz0z95LFnnVH5zwnp602EStG9lH"
    "Ih7E+Od08MbgH41PF+cnWcPFcoNPJr8m4FNsIXxrATuNSdQcNUmGlt1Y2c6Ffqms9Lh/ug"
    "Y2DV3U3s7e4d7R7sFe7JnGLWUOaeB8cr//6lrpe4aI5TF+jQl0xugtvBdQn7KLAkj5Wg4D"
    "ovfJSGsG8UM0jaLWZJkl4DYOlzKziyHA7hvS4N3av3zZf3ViCqiHzIm5BcS2JMx5D+7hTE"
    "ssm++a9qbZFoCYU2qHN8IvO8T+DQQunQwIQJ4T3n0uYM3JbJVFrRMhzV2xULz50LV2xPqj"
    "hKtPWgu2SgJR7CpQLXYbQ3HtMVbwGBG8rQNtKK6hrQAtgcALlrOq6CYaHQT4YK8CwAd7hQ"
    "DzLhng+q629rC1h702NtUetvawzQoeNqFDCJS5oKTzMZ86ENNpoFb61StOA7HHn/peLd42"
    "1tB+TAU/5gYSz6nnKaZUupCMWDbCU0gBn991iPG0jmbGNTOu/Xbtt2u/vR0Qr7/ffopuHH"
    "EhOac97Cn12B0hU81dN/uGDeGMva3QtfGVPpvCn58PMX3xO5sehP72fMSGf/HVoBNAjTEB"
    "DGEDI2iE0D0zMwZZwHCPhwmaXm+SXucmq+N8RvKLce5XC63keO72Kjieu71Cx5N3ZZwf7N"
    "aCNpJvLm4ybxx4C4nZCMBL2PFCIAfEGio2FpVRBLJel/yORtiCFDvALsmFlu8p5vkxZtMZ"
    "oAKSQFLMWGDINJdlgmh9adadP764eCd58sen2V1zf50dn7DpL2Y/Ewr8AwXk8G7mML99jo"
    "BK1lxAPLU+se3ahVPswZgnZk6pafu22b7RG6i+iWXNVrEi5/h2Y1MbWPMhmg/RfEgdPuTC"
    "p0N8dxYeb1HQIrLAVhk7goVoVXKEQGYzAm0DYepcOSPAu4xb4FCGuHGFibHB/tmcxLh16G"
    "TTYN/n3EByb1AsqI3RBChpksUNXCWvynNuAhcE7yh7NVA4nVGdVl11oFTCujDrKt8NpWFr"
    "otSld0PDMSudMA/Krg2+pDYX/C1zp1eD/jW72zqcWCTfwb0Eiycc1ce/ik82Fpz9Wk9wV3"
    "CalNaid2OFBvndGXNDOGiNTOjFE7yhJ6PYf1S4TqdVmntLbi93kX5i9ie941/2D3O4lpMP"
    "CvVWMRCaaPohiCZt5qyZPYjmeZ5TapovbrN9KXThmICpFdYAqR++qAfQgcy8gYwLPGqJMk"
    "p1PG5Zqwu7dxt3u/0hv84hJPW49ZxelyiUZdHrCWgLYNgvpcHWDOiqJHtumrWJZ49yHAqG"
    "PZX+KObWwwzC8k8K6S2ATW4BFP/nYC05Bx7Kd24LYG97uwKDwaSKC73xvgwpd9/2QnomFo"
    "9hDuKkeTHgVsK2BNocsvga1jo4FSt0bubu9I6qcG+9o2LyjffJ+PrErYNuKN4FpzY7c/eq"
    "oMvFSmbvXg5fx7PYC9S5qbt5UtJb8d7JeMq3eMvkDPB9cTVBTpQaRDhuSUNc171aCcacIs"
    "I+tTzIvt6uQ9grNJsLzXYPtnPUfdTWDsY+qHlVZx1ONBp0IcLaQPJiHDW2M7kkuJi4/MEc"
    "7KlyAM2jtplHtSGwXQfBOaydUW3Ezk06lF0ys3gy65euyKh1z5NdfHEFAdkcNSyyehrrx7"
    "HuZC73Rz80kGPfi6nh1CEwnkFSLG3Hod7rtx+gC6j62VL/VkhH+Hg5KJELxc6PlapMbRcB"
    "k4uBPQmvpPZYF4FK1WCYH6Wk2EMXIQKjEfSeiFCYlerHQ3URqDBlOFvAOnWZGqpLcDWQFA"
    "3nWHFqNJmEjyZIrWTuVzmENGNuMEbGxiDco2P4HiSGY28awTJj8zNBoKwoyxwjKJKwn9PH"
    "6fgIPIX9RadmV5iajayQXxVK9nqllJbFpHb1xFaC/BW7FqtuZlxSapB9zVOva/M7aLpIzp"
    "JpblGHa44iObJel3bLNbySaNqmg7SNrvWwHGdI13roeK2H1C5gRawl7xEuDrSSbbaVo6w4"
    "NuLH6IMSlSOAjLDMsFSnwTM2QBhTbbGwaUywPzMwYX8yXYSgu6kKwhb/BXqjbLuisfgQzd"
    "ynbxa52rcBah2U1QnK2h2JuQCNfeVPUpelcROd7qVwq+z6LN7yqdzvaU8dRZ780e2ekZre"
    "i1hhL6LeV9sMzjqw7WBgO9d+hKTo2vy5q1yNt46EZjrX155cn4RZcfgZY/poAJoYcrHnIT"
    "9njt5G3IfOxq0y/mNOmOXBG0gcqiDTi73krF6DQYgNh76i/FPS3M6khS7St8owOznTMK35"
    "6yB5zQbnOufOxsGmLNkW6Y52znftSnfQldY5omW9onU5mJVk4HQ5mCWVg1GsFDrNudZpzj"
    "5z9kcTUxFjhj1bZdElSGR0mZ11Wjy3SqLHFfzSc9ue62wWa79SFmu/JIu1nysZzB6qGgiH"
    "4h1Ed6dSMaOdkmJGO/liRuwbKUSKl1PxT2mnVJ70S9ptQ7sE3IX9lHYNMn7xL7OH/wGzJQ"
    "aW"
)
