from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        -- Checks are monitors too, any number a project: the unique (project, kind) holds only
        -- for the heartbeat and the run, a partial index.
        ALTER TABLE "monitors" DROP CONSTRAINT IF EXISTS "uid_monitors_project_49e410";
        CREATE UNIQUE INDEX "uid_monitors_one_per_project" ON "monitors" ("project_id", "kind")
            WHERE "kind" IN ('heartbeat', 'run');
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
        DROP TABLE IF EXISTS "checks";
        DELETE FROM "monitors" WHERE "kind" NOT IN ('heartbeat', 'run');
        DROP INDEX IF EXISTS "uid_monitors_one_per_project";
        ALTER TABLE "monitors" ADD CONSTRAINT "uid_monitors_project_49e410" UNIQUE ("project_id", "kind");"""


MODELS_STATE = (
    "eJztXXlz2zYW/yoY/7P2jOs48pH02O7Yrptkc7gTq9tOkw4DkZDEmgJUELTi7ea7LwCS4g"
    "VSJC1REIvOtE1APJD6PRzvwnt/7c2Igzz/6GqK7Lu9b8BfexjOEP9D9sEh2IPzedIsGhgc"
    "ebKnLbrIJjjyGYU2461j6PmINznIt6k7Zy7Bou8vU8gAxIB3cu8RkKRgTskI+bzZAVOyAP"
    "s+oveujfwn4YMnB4fy2ULQugx40GdgTALsHIFXTL7YITZ/s4snG3rHR+wzyBDYx2hxCIL5"
    "IXDIAh+COQx85BxIUow+s/A1gLkzBCBFfCQfzAh2GaH/8I/ElwbY/TNAFiMTxKaI8u/98D"
    "tvdrGDPiM//uv8zhq7yHMyHHEdMYBst9jDXLa9wuxH2VGAMLJs4gUznHSeP7ApwcveLmai"
    "dYIwovzniOEZDQSbcOB5ET9jzoVfmnQJPzFF46AxDDzBbEEdfkDStmdZ726G1u310LL2Ch"
    "MhpkjxLWqyCRaTiH+qL3/9RHzCV4Onp89On5+cnz7nXeRnLluefQlfnQATEkp43g33vsjn"
    "kMGwh8Q4ATWgXhHVqymkalij7jlc+QfncY1RrAI2bkiQTVZNF9DO4GfLQ3jCpgLP49PnFU"
    "j+5+L91cuL9/ui24F4KeELPVz/76Jng+ihADy1j/B5ThQztxzjhKI7mPdeXA/3OsG5Dsjl"
    "CBfgnSLoIOoX8f337c07Nb4pkhzAjmsz8D/guX5hn1AAHW0DukznClwFFmLkme//6aUB3X"
    "978Wse66s3N5cSG+KzCZWjyAEuc8iPiPNQhH3ITwE17HH/VpN6d7AeXv86rMZ69hA9eXPz"
    "7kXcPc+ALNb8vfy8hp7lI/4ljmK6lx+ECtLVx+K69pXzY63PxQRhIbKQgFmzJthmibpD9e"
    "kx/2dHgEWf58jmP98SEmSgQLf8IFSQdngiDo6Pvzr5+utuTsWn5zWOxafnpeeieJTF/Q49"
    "LAhtJHikSPqwSefku7M6EPNe5dLdWRnIFlf8ULjcs1hfEuIhiCvhThHnUB9x6k1N72VLt6"
    "fj5c3Nm8zpePkqf/z9/Pbyms91yQbeyWVIvbH84XOoxjGyded4lspM81rTXILGZQj+c5tC"
    "vaQyUNeC2kETytUTp5kgkqNqJYnohvWa5RA+/Nilswagpii6E+0GOwIn9Dyy4DqFN7Z8d4"
    "KRYhOuPPyU9Ob8a3D+2RQJTKyRQgu/dCfl0zpD16Ot4uvB4OTk2eD45Pz52emzZ2fPj5eT"
    "vPioarZfvnoh4M6wpRx/qJD7fuBPhHJYzQGoEvqciPQo/kOnltV3ZLF/sCHDyKu317fDi7"
    "c/Zeb/DxfDa/FkkLGMxK37+bNzOQj45dXwJRB/Bb/dvLvOG6yW/Ya/7YlvggEjFuY7DnTS"
    "aMTNcVOGwcIHYknvSSsuK8jXwGrNll7v+N1I7EpR9GgfXZuMIOEpM/tUg1pq8THAxhCNoe"
    "sFtJFGlqfrn052Mqihkp0MSjUy8UiBtYMYR62JkylHZhxN7R1N0YT1LRdblO/d9bcSBWV3"
    "mtyuGOgFSPx9XA3DtmI3qRZyCsRGxNFZxLERZe7YtTn4Fvo8d8XaaKG/lI5iuK8z9+eU/I"
    "FsZjUKpMoSdbd97pA4FkW4NcM1S7QeXHc+Uk3E/o3vlIFq0TwsIvwjocid4NfoQQL9SoQq"
    "qg+jKKTzp2SkHZu4X+JJFLcmLKZwsQyZzK1ZjgD/3Si0I15d3F5d/HC9J6EeQftuAaljZT"
    "AXT8iAKLkQzdoiF24wGhL+n5o8eJuMs1OTvC4Hsqu7BgeygItHs8Es3wIxnMifLD5OfEqE"
    "5jWlhL6gJJjvKUKYU08Pq+KYkehnTUTHmtHMF54HKJoTynywcNkUEIzAmOOH6JzDyI7AFQ"
    "k4cjIWGH3mY3277M+maOYj7x6FT+c0wMiRIcKZYObNvEIRhfwhu8MsX7D3ey4++UNueYX2"
    "CoRw2LN26HKVjb5n0cudWObLY5zT3CywodxakiPrYczz+WkNa8n5aam1RDzKhdEJdBpgHP"
    "fvIbgbCQ+YId/nZ0AR4vK42xRJL1DuOvbWDjy+BzTaOVIkPTSxHh/XsbEeH5cbWcWzLMg+"
    "ukccMYUruxzlNE0vZvamQ0KbR+BuJfCWzLkstaMQCyOXH0qDjQS+LF2HkeQ9EPzSgh6NZf"
    "EC+ivs2BlKrUIyjB1T6ahvw+UMoWGy/kymyEPQb+7jTtH1TwAb1BLABhUC2KAogM0CEZEW"
    "YKZyc1evqhyp8QHpvKwEsyzCBWdrzv+dkkBhyy33WSiJTYSOIjzaLgvNLd+50jQ93LU2YQ"
    "4RKS6IQgyoBDmi6B/E61dnwinZPEIgTWfOA53PA4rEaH4rLudpDaf15vSYjza1nAC14nWe"
    "uhNub8G32ydmt1zWWVqzrHXmtAnqMuFH3S6bDYcfpXI7cQVT4a64jMh+fP0eebBEnE/Hvr"
    "yMFNWewJ3b6GWsyxpQei9H2tnNvAhTMY5tzRFXcl6VBVzFk25VvNVykq8Ot7qx7YBSxHcX"
    "H8wRBTJU6xCIEWQGxtgh+g0Qfrsw2aPgIxB2Gx9QBB0REyWGxoTFYVLFmKsNvkcZeDWJY9"
    "Nii9LSs7sq9koSmLArPcOujGSyGdui2mhbLdOX2GqN00svYd6EwXRg1LRFwHCzg2FJ0pvr"
    "gx1HZsgjXnkSVMGepurTUdAB+BWq7FLceqQim71XsGOcqKvLpqfg4y/SrFkBiVS2MhUk0e"
    "hWKSEpLXKlGlIO8erc7nn5nSIbufehpZF3/ZCBO/PQyPhayvgm3t/E+/cs3p8fe/adJfbA"
    "RrDnyPoQXdA58kb76UL7wYxP4iLG5blsUiQmj037PDZpeaaA/iqXbIbUWHG0tuJsSdnVbH"
    "ltx9BgjM7GHa6ZCaGOO7ywfXRtn9Fs89h188xLBD02HVKIfTf67QUbTaHPYZWhZip7CwUj"
    "6l43R0dSgA/YU4gnCJAxiMr5RWlYbuXfZKp+/+AwzLMhSvcl3/YeQZ/gIzCcooK7eO1v+I"
    "j5j6VshCBLDS1SeLCpSOMhlxNvCSEB4kJCWHJw/0nokBYeaJH+g/jooGbVwbxlqrHN6e9i"
    "cNpYJcI7/rOaaH5x/w5vJi+n5V4B4+wjPVW/beUp0yvMd93ueNKsAA15ROUZ3SSgTU9YjB"
    "TZXsuhjbobaGtAS+Vx2wTdhKKHAK8/E1KLS1PGtqO/bcfYF4x9QTMdeN3ZPteqBUdCsVr9"
    "TSTmSr037Lbl6AQTgKBlAMJu5LTaYTnmHlG/4R37FEkf3OCbRniGGBTzu4lLNk1jfLLGJ2"
    "vkdiO3G7ldD4h3X25/he/DsqMFoT16Uimxu7JPbfeUg9Ccn1b4DnxiRzP05LsRYd//i08P"
    "yv75nc2H//4TYFPIwIRCkehdJICPoFOki3/0cKvVBOMW6tItJFjWRPiM+69HuN8utBsubU"
    "eJ1wjauH+HHrd7Fy0QLbrbdsPIvsUSzbodituJBvP5J3nIClQpRCvLk2cJO6xLHu8vO1uW"
    "vH1ZOVNKbnfUqaBdxrjAJIvbDf7aQjnzvHbl7XO0htNaczqSNVrwOUOplf3rHVnsHxgGG8"
    "uXsXwZy1cTy9cb12cI89/4AiprKWaeH1ZZwby4pzWBtesphmHMmIyI8wDCEZDDP5IA3/VE"
    "Qi5gT5F9ByjEgGAA8QNwo/kE9iFw0NwjD4cAAptCf8r/oDCQrfsVH7Gw3YygjwAJGIf14A"
    "hcpKK0l8OGdRoJ9h5kHLf8Dk7huw4K04UZ+5uG9jdpOW0lH2QptZIPjBiYlxIQh7ANk9N0"
    "3bDYpISuz+GCvLKdUzWu9qw4UFOFoMvP0ugOQt00mVicJ5ytoZ9nARk/0Xx+YkVnUur6EV"
    "ng6KKSyGHpIOh4Lk5uLb3ms46fZtf3iD4UTtLNvOYjjsjBFIrBCjeh5BAQ0ADHLYeySfqx"
    "EI1O7/1PV+L/nw6+lQfuR+wjeu/ayH8SY/lkQV2G6NH8Acg/+eEZDChZlKbqNAexuR+lQw"
    "zWZkpjNvKFLQkMvDXgjbe8FgJGjtRUndBMxMi521RJk1aoCa7aGmLsxFrxVhMFwXDYGIp3"
    "QJAzhuJdMxSnPGJCcyqyJy6owfW+IeH/WV1W4yoeaCf3NHVBjQZa/03ARuTz2ygdpUL3z3"
    "Y4rLIAENm1rhWdikOHIkeUn3DHri35xDV0lwl1fcyV6H3+ryNUZqGjH3CV3HOF9g0YkYq0"
    "zTV6VXDp+gaucxttqWNg9JnxI5Sh2ZwtU+WKoaKFsezI/2ouqul5US3FrgaBgAlRn47Wjq"
    "MA2VQkBGoMfobMZORri76xW20whFudyrU8S3FJHtfdBLdK+dpQZmjtjYR7cy6iCNA6mdAb"
    "qDgdSjmKG92l+3SapDf1WdaWniovOxZwrTbfKMiNJ19rM04vAzoNmwu2doTbrOcUmbHG6s"
    "xfhjw0oXBmRfU8mqsv6gGMItNWkfGgzyxZL6mJxJ2l6kM+lK7Fborm3oM1g/ROlRa7PEdK"
    "ns7kSWmfJ0UG8aqKJlZfooyJOrxAuWxJo662FOt2c9JxWevdXkFsdvq2O722BTz6ajbfvh"
    "NaS+zXZgTQN/P3znn2M7egMUU2oSLAhetVThOjlYp0i8arY31A9YOR+I4RajhdC3R98pht"
    "KhglAa2IdON4lNvMYDsGdN2QlMI00+n6YhwRpAi2SAULlYdZRAfp5lPtmqsDXV4dkP8vwF"
    "pRSCHq37scWoPj4xoOK96rvEaveJbzwQp4GqAb9+/QKUjkMixAnDSvB9xa2FZAW0CW3KFG"
    "mYeXBL2buU8Hz+u4WgfPy32t4llOfqVeE3Sj7n2wYeZn7mkddEW3itl7WsDX9S1+gLr3Tb"
    "OPZei2nHxsOeU1tpzNoUgs1RDkhMhYJ2tgLDyCJGBcW+Wvb6TqKii7U81Ozo8Lym7cpoe+"
    "G1YxbLIPJxQdihBRca3sZhw36hlLJF1vywvULZzlygGM21xnt7lkWfOiIDmy/ok46y9bIS"
    "FrUR0kT2ewXo21i23XEZE7FI35Ypm22MtKhjD3qTXezEIRVZk+unx9ZYj6t7gGZ3XkBN6r"
    "XFM7K0gKEWbNV1WG0EgGOi8m6HlkwXlFqDtxsUI6KI/hUpD2YWF1HcjVy8jkv3uq2QYpxn"
    "JXrBVLML5j/ePr9d2u3hVHYzYWTASMWjKi6JEwXYuRXoiBeo3VOlB6j+aE7mKQQC2Y+BPs"
    "u2LoR2L1Upqfhsvh+gpYtvLso/BKCt32EahUwa/2KCWVxfoIUTqDZXuMUsky+wgStG3kPx"
    "KiKMzlYjlUH4GKYpDma9jMb1ND9QmuDqKsojlWHmuVTMKVEVdWMvfrJLiZI+oTDPaH0R0v"
    "EPiIAtc5AOFe7Ih8M7CqTGKLERRRXR/S2azECFacgcbEem0p1ivmQnFXqLi6kCLalGu2/1"
    "cXxvxbrKahdhmiDt25RV/uzhhrTdnKDfvNZWXcFmUrs3R9Cr/veCcxhtIeGkp1uOWm6fIy"
    "qVa715AOd6YmV+pakULXyl46Kle0kns7tbWspW4k0jCGVT5siAFFNnLvUSYHqC9qY4U6la"
    "iNJQ33QBTrELQYI+9ApYSt/wXm5o1e2tgyCUvr7C3r3O11gNooZU2UMr01MQ/iSRDlbq4f"
    "/pfQ9CGIIgtznWsk5XdIlBdInJmriK9ceX8kJjOXG2pcbjAXdbq7RPJfgptdl0zRdLgX/z"
    "y8Km7HcaOeUcLGbNBDs0Gr+KqkXEJ7z2ChOkNPFF/jSdXHk5rBrFy5X2K6Ur1PGLne9BUf"
    "cplSYsuS8XVuU7vmIq7lo3tEXdboikSerkOxwkGjQJGcPWnW0yVkSmjo4A9q6pDL0hn82+"
    "KfXAEWJ0+TnaZI2eFeIyzDkzAuM8uL9AM995s/Axcxa0oCVchkOdw5sv7Zl85qAH1WivNZ"
    "IZQCzcTPagZyhqjLJEbjcXEqx40aGu8cl6+xcDYW4b2dQc8r3bhzpD3auU8Gz86Xe7X4S9"
    "XufPv24s2b4nYcodOyAkKR2tzb1M3oka26ROZzIcQgW1y2bbJTKUj7dyQM6tgRB+V2xEHB"
    "jhjD1qK6SIbSrCud15WxFvecwSbIzCSo3g10K0L4TILqDSWoVuwUa0DYxEluL07yF8js6Z"
    "VH7Ls9hSsl9fSwypGyEP0se9lxZZzkDUaAksU3YDFFGLApAiLDF5DFf2xR8RzZd0DUTXcO"
    "AcEA4gfgRvPoCFxEz2XsI2+kzAezwJbJDTPBkht5y0fs8QlKwZgE2AmfYjIizoOsCsXnr8"
    "MHASPEFoi/dN9H9N61kf9EYvQkevfR/MHEXuroHZI8byfgZii1EnCNHtMwKGKTO+4Foq49"
    "Ve220ZPKnRYmfUyphb5sOi0SYj42F6Zum0s+8LiOz4L3qgg8LvgtxKJqgHDUvYfoPq1V0O"
    "JpRUGLp8WCFvyNTFntsbzWZorkUWU2dUO7Aty11dnc6mH25f/PYBWu"
)
