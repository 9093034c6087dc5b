from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


# SQLite adds a column's foreign key with the column (it has no ADD CONSTRAINT): edited by hand.
async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "escalation_steps" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "after_seconds" INT NOT NULL,
    "chat_id" BIGINT NOT NULL,
    "mention" VARCHAR(256),
    "created_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "project_id" INT NOT NULL REFERENCES "projects" ("id") ON DELETE CASCADE
) /* One step of a project's escalation: if an outage is not acknowledged within */;
        CREATE TABLE IF NOT EXISTS "maintenance_windows" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "starts_at" TIMESTAMP,
    "ends_at" TIMESTAMP,
    "weekdays" SMALLINT,
    "start_minute" SMALLINT,
    "duration_minutes" INT,
    "timezone" VARCHAR(64),
    "created_by" VARCHAR(256) NOT NULL DEFAULT '',
    "created_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "project_id" INT NOT NULL REFERENCES "projects" ("id") ON DELETE CASCADE
) /* A time in which a project's outages and failed runs do not alert (services\/monitors\/ */;
CREATE INDEX IF NOT EXISTS "idx_maintenance_ends_at_b9be48" ON "maintenance_windows" ("ends_at");
        ALTER TABLE "error_groups" ADD "acked_at" TIMESTAMP;
        ALTER TABLE "error_groups" ADD "acked_by" VARCHAR(256);
        ALTER TABLE "monitors" ADD "acked_by" VARCHAR(256);
        ALTER TABLE "monitors" ADD "escalate_at" TIMESTAMP;
        ALTER TABLE "monitors" ADD "acked_at" TIMESTAMP;
        ALTER TABLE "monitors" ADD "escalated_steps" SMALLINT NOT NULL DEFAULT 0;
        ALTER TABLE "monitors" ADD "held_because" VARCHAR(16);
        ALTER TABLE "projects" ADD "depends_on_id" INT REFERENCES "projects" ("id") ON DELETE SET NULL;
        ALTER TABLE "projects" ADD "errors_alert_in_maintenance" INT NOT NULL DEFAULT 0;
        ALTER TABLE "projects" ADD "grace_seconds" INT;
        ALTER TABLE "projects" ADD "schedule_tz" VARCHAR(64);
        ALTER TABLE "projects" ADD "schedule" VARCHAR(120);
        CREATE INDEX "idx_monitors_escalat_556617" ON "monitors" ("escalate_at");
        CREATE INDEX "idx_monitors_held_be_23af7c" ON "monitors" ("held_because");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_monitors_held_be_23af7c";
        DROP INDEX IF EXISTS "idx_monitors_escalat_556617";
        ALTER TABLE "error_groups" DROP COLUMN "acked_at";
        ALTER TABLE "error_groups" DROP COLUMN "acked_by";
        ALTER TABLE "monitors" DROP COLUMN "acked_by";
        ALTER TABLE "monitors" DROP COLUMN "escalate_at";
        ALTER TABLE "monitors" DROP COLUMN "acked_at";
        ALTER TABLE "monitors" DROP COLUMN "escalated_steps";
        ALTER TABLE "monitors" DROP COLUMN "held_because";
        ALTER TABLE "projects" DROP COLUMN "depends_on_id";
        ALTER TABLE "projects" DROP COLUMN "errors_alert_in_maintenance";
        ALTER TABLE "projects" DROP COLUMN "grace_seconds";
        ALTER TABLE "projects" DROP COLUMN "schedule_tz";
        ALTER TABLE "projects" DROP COLUMN "schedule";
        DROP TABLE IF EXISTS "maintenance_windows";
        DROP TABLE IF EXISTS "escalation_steps";"""


MODELS_STATE = (
    "eJztXXlz2zba/yoY/1N7RnVs2XHS7DW266Z562MndredjXdoiIQkrilABUEr6m6/+wuAh3"
    "iANEFLNMVFZ9rKJB6Q/OF67uc/OzPiIM/fP58i+3HnA/jPDoYzxH9kbwzADpzPV5fFBQZH"
    "nmxpiybyEhz5jEKb8atj6PmIX3KQb1N3zlyCRdtfppABiAFv5D4hIEnBnJIR8vllB0zJAu"
    "z6iD65NvLfhDfe7A3kvYWgdRnwoM/AmATY2QefmHywQ2z+ZBdPNvSMe+wzyBDYxWgxAMF8"
    "AByywAMwh4GPnD1JitFXFj4GMHeGAKSI9+SDGcEuI/Qbf1+8aYDd3wJkMTJBbIoof98v/+"
    "KXXeygr8iP/5w/WmMXeU5mRFxHdCCvW2w5l9c+YfaDbChAGFk28YIZXjWeL9mU4KS1i5m4"
    "OkEYUf45ontGAzFMOPC8aDzjkQvfdNUkfMUUjYPGMPDEYAvq8AVW13Ys6/rmzrq9uLOsnc"
    "JEiClS4xZdsgkWk4i/qi+/fiJe4dvh4fG74/dHJ8fveRP5msmVd3+Ej14BExJKeK7vdv6Q"
    "9yGDYQuJ8QrUgHpFVM+nkKphjZrncOUvnMc1RrEK2PjCCtnVqmkD2hn8ankIT9hU4Hlw/L"
    "4CyX+cfj7/8fTzrmi2Jx5K+EIP1/91dG8Y3RSAp/YRPs+JYuaWY7yiaA/mnY8Xdzut4FwH"
    "5HKEC/BOEXQQ9Yv4/t/tzbUa3xRJDmDHtRn4L/Bcv7BPKICOtoGuTOcKXAUWoueZ7//mpQ"
    "HdvTr9NY/1+eXNmcSG+GxCZS+yg7Mc8iPiLIuw3/FTQA173L7RpN4erO8ufr2rxnq2jO5c"
    "3lx/jJvnByCLNX8uP6+hZ/mIv4mjmO7lB6GC9PljcV37yslBp8/FFcKCZSEBs2Y62GaJ2k"
    "P18ID/syXAoq9zZPPPtwQHGSjQLT8IFaQtnojDg4Nvj777rp1T8fCkxrF4eFJ6LopbWdwf"
    "0XJBqBbjkSLpwyad4+/e1oGYtyrn7t6WgWxxwQ+Fyz2L9RkhHoK4Eu4UcQ71Eafe1PROrr"
    "R7Op7d3FxmTsezT/nj7+ersws+1+Uw8EYuQ+qN5d8+h2ocI1t3jmepzDSvNc0laJyH4J+r"
    "C3VCZaCuBbWDJpSLJ44eI5KjasSJdA3rNfMhvPuxS2caoKYo2mPthlsCJ/Q8suAyhTe2fH"
    "eCkWITrjz8lPTm/NM4/2yKBCbWSCGFn7mT8mmdoevRVvHdcHh09G54cHTy/u3xu3dv3x8k"
    "k7x4q2q2n336KODODEs5/lDB933P7wjhsHoEoIrpcyLS/fhHq5rVa7LY3duQYuTT1cXt3e"
    "nV3zPz//vTuwtxZ5jRjMRXd/NnZ9IJ+OXT3Y9A/An+eXN9kVdYJe3u/rkj3gkGjFiY7zjQ"
    "SaMRX44vZQZY2EAsaT1pNMoK8jUMdceWXu/GW4vtSlH0aB9dG48g4SlT+1SDWqrxMcDGEI"
    "2h6wVUSyLL0/VPJjsa1hDJjoalEpm4pcDaQYyjpmNkypEZQ1NzQ1M0YX3LxRble3f9rURB"
    "2Z4kty0KegESfx4Xw7Ct2E2qmZwCsWFxuszi2Igyd+zaHHwLfZ27Ym00kF9KezGjvy2jv4"
    "AUc7nEgUsd3qyiB8OnKbZWD87nzffWArVZXl1eXnNK/o1sZmn5KWaJ2uNOtmgVRQ6kerhm"
    "idaD69Y7ggrX2vGj0g80modFhH8gFLkT/BNaSqA/CU9g9XYUeUz/fdXTlk3cP+JJFF9dDT"
    "GFi8QjObdmOQL8u1Gopj8/vT0//f5iR0I9gvYjPyUdqwTzKQlUnotnEdkPP31GHpQfUQq2"
    "dE//kffTI7gldmRIlJhF67qI2g1Gd4T/p+YsvVr1s1XbQN05mt3/aszRLODi1mw4y1+BGE"
    "7kJ4uXE69SmIZlIRTxHH0mjMJK1sTzsRSnYWjDN34c3OBiQDACtkfsRyA6Ars/353vfZAR"
    "D/zdl4PkFxCCK3IGSUCER/AEsKmcMZloio085R7Poc/ZuonoygeMkMcBsEmA+SwUD4Bg7P"
    "K5Baauz8iEwtkH8DC6fgCuL6g5+rMRooCMQdxN9G6LKfF55zL+gqPmybcdBfYjYuBatE/C"
    "PoSC1X/DtxeE7eX+fAl2Hy6+/3hxa13dPgz4e06+9efQ5q8wpmQGDg/ATLzmPT4aAn9vH/"
    "CFBij/IBiFl0AcQiHiR9ATfzcR+RG7nvLvdxzeFSMgPKDBaBn9use7uVdKTQP+WnsD4BMQ"
    "3gIUQccHkIEZ59zA4cl78Qp+8g5jQvnvBUKP++BOYIyciQh5oYjDRJn4fBneIhCUhDME8Q"
    "dARBwKCNtixF8T4vCSnJkDwP8Sn4ccl5VFsHwJJ6+4K158518vCWmpst32LKqlFYtteezL"
    "NNqTdISymKYdq+0rnCx9EcX4dqgnhkUERkGsUhALLXoDxbsBVAXo6EADyrCxAbEA4qEOiI"
    "cGRCWIQx0QhwZEJYhHOiAeGRCVIB7rgHhsQFSC+FYHxLcGRCWIJzognhgQlSC+0wHxnQFR"
    "CeJ7HRDfGxCVIH6nA+J3BkQ1s60lshwamaUERj2hxUgtJTBqiS2HRm4pgVFLcDk0kksJjF"
    "qiy6GRXUpg1BJeDo30ooQxNJ9pucqkSYwD0vOuMomt74WOMklqwS2Dt64LQnpe6TrJFF1A"
    "1uescEEpoR8pCeY7Cm+F1N1BlbsCEu2siWhY11/B8wBFc0KZDxYum0o3gjFHGtE5B5ztg3"
    "PhARBarNFX3tefkvZsimY+8p5iezYNMHL2i84KG3mE0uKdcRhLHlAwfX/JeUuF0V0I4bCl"
    "sYp3ziqeHs3CMJTHluXIepgh8uS4RmzZyXFpbJm4lUs6JtDRwDhu30NwN5JMZYZ8n58BRY"
    "jLsxSmSHqBctuZCu3A43uA1s6RIulhQOrBQZ2I1IOD8pBUcS8Lsi9c7FymSPxRjnKaphcz"
    "e9MJ9PTzFb5KmkIyR3hnSyEWjnJ+yA1qMXxZuhbzbvaA8UszejTmxQvoPxOZlqHsVAIb4w"
    "uZ94VcSVyao5whNIPc/UGmyEPQ188IkqLrHwM2rMWADSsYsGGRAZsFIn9XgJkqKUj1qsqR"
    "mpDeLi8rMVgW4YyzNef/quMFykNQlcQmTl6RTNIuS2RYvnOlaXq4a21CHSIKAhEFG1AJsj"
    "r8tAcQr1+cCaekfj6VNJ05D7p8HlAkevMbjXKe1ox0l0cayrSdukfSozmSdI+kZslVocmq"
    "uiULiaIx721qOQFqtGnmqVsZbRN3+6LBbng+ZmnNsu7ySJtkVyYtU7vLZpvSMkknsr6lZc"
    "pu9NJpbA0ofZY9be1mXid71ZpdF8vyLGUm3XOOixp5lm5sO6AU8d3FB3NEgfR5HIT5fkRi"
    "o9iz4AMI0/SIa2IcgVCAhll7hHOh6Frk0ommTtF5cYPPUXowTmInz1g1m7hIPOfEuEryY/"
    "wXO+e/aDiTzSjpu58tyTDzDZl540/WgnVApvfTOxgSkt7EObXs4iSPeOVJUAV7mqpPR0EL"
    "4FeIsgm79UJBNhugs2UjUVeWTU/BzsVORSJbmQiykuieE0JSUuSzYkg5xArm/hn+nSIbuU"
    "+hppE3/ZKBO3PT8Pid5PFN4IwJnOlZ4Aw/9uxHS+yBWrDnyPpgdm4deSP9tCH9YMYncRHj"
    "8hJ6KRJTPq95+bw0P1NA/zmTbIbUaHE6rcV5JWG3Y8vrdRQNRulszOEdUyHUMYcXto+29T"
    "Md2zy2Xj3j2zC0ut8ypE5vk20xqFTSJG0tnzeuay7GCIjmot4KBNEs/MYHq94+AHcsSqqQ"
    "gPHPEEVtZI0V+5GfbJ4oxOLI5DUuLpqI19f3PX6AY4ao5SM+3I7/IPoUVWv4/KZsAKCHKA"
    "MP9hSKJfQAdmcIiweIajsP0e+HQfi05V6ZlTmniNJSJ/2v6JJeaKEs1xJlxlcD3wKdOZqV"
    "meagmt+ptGitiPoEasvcZrT96CgsUiR90BG1oAO1KYLN4rmylJ2Smq/JYnfPyMtGZjMyWx"
    "flipe5MG9SsvgRQY9N7yjEvht9fUG2KLSplC6msrUwXUTNa5f9jGqbcr6fsxOYc/misCUT"
    "nqC7UVnXW/nXE/QC5O8NwlSYgrdfvdtnBH2CZaHIgpSx9ifcY/6xlI2QrF0Zdy2ybIpalC"
    "sxJoQEiJwBQNbw3M1UvmSiumddUSNv89a2Zhvx44XixyP/LB0WLW7fYvKwZFruFDDO3uqm"
    "Uem1KsN3K4Bw3YId8bSmbdTcWEFrTFiMFjrQRs0NtDWgpfK41UF3RdFDgNefrLhBkH735F"
    "9jNTZSsJGCjRTcXAqOmGK1+LvimCvl3rDZK/s9G9fmTro2b0fa6S3mY54Q9TWNJymS/hlP"
    "1o/wDDEo5ncR4nJnzzSN8fY03p6Gbzd8u+HbuwHx9vPtn/CTK1+kwLRHdyo5dle2qW2ech"
    "Ca89MKP4IHtj9Db/48Iuyvf5NuZX/5s827/+sDYFPIwIRCUYtN1GiLoFNUdHtxd8YrrVtm"
    "ITFkOsxn3H49zP3rQpstjTSswXgeDcsLIw0LOmDiaUEbt2/R4vbkogWiRXPbdijZY88mVV"
    "7cSre/DF2f+I6WPf98/koesgJVlY8zwqczxCVKggxhbgRGnHJTQxDvL+2y82c3N5cZTv7s"
    "Uz4S9Oersws+/eXs541C/kABOfo6dznf3kCgylKafKZdFqeCZkndA5PPfTvG1xbCmec18+"
    "fN0ZqR7vRIG7/tfg+w0XwZzZfRfNXUfF26PkMiaPEjVMaDZu4PqrRgXtzSmsC6saCnoRsz"
    "JiPiLEHYA3L4SxLgu55I9QvsKbIfARUhm1iEUgI3mk9gFwIHzT2yHAAIbAr9Kf+hUJCt+x"
    "H3WOhuRtBHURTp3j44TXlpJ92K7IxC3+YtpR+3fA9O4bsOChMRG/1bB/VvUnPaiD/IUnaK"
    "PzBsYJ5LQBzCJoOcpmtniE2xmfojXOBXXudUvRKAIizOkF/4QMoXLBytxUaV5+ts1dxayP"
    "Z6h6yLwWLq2tNMYoTwAAtz5Y8hP7gcQAPsA4eEeRFkkoNdH9En10b+myg2wn9Tdsyu9SH3"
    "OPXN+/MlP2dvMPqWjMf8WymZgQe54woF2gNgBDzwtRn+sXtNMPoAZBVd4JMZEkYvcRe4bG"
    "//Hv+C0KO3/CDO+4cF/+3Apf8gTvuRy2RtAX5hAK4IP+mX4C/gcC/9PGvm4oAhkfJB/uAf"
    "JhIC3GOP2NADM9fB7mTKOA2h4MEJaJgiI2osckLwpwq0fudv9WB4gA7yAN0PzdriSIxk0T"
    "bir4y6vKtnb467amQRWZGZOn4dHt74zCyO7+0Mel7p+ZOm61EywaPhu5PkCBJ/VJ0+t1en"
    "l5cKy22KtdCFNU9roM1Am2fBNBgmFWmP0F1bTHDMzuowTWka4zb/vNt8lXNNhXtYlWvNJj"
    "2Zdgowrw1bk8/J2AWNXdDYBTsL8fbbBaM0RjsqvWV0a1CprYyUePVUlCJvq0i6Ogk91ReQ"
    "2VOhV4uViKkESmSBo1RLQp3oIOh4Ll7lXfqJj/jePrh4QnRZUFJu5jH3OCIHUyg6K+Rykl"
    "1AofOMrwzkJemJj2hkf9x9OBf/f9j7kzQZ3uOiQnRBXYbo/nwJ5C8/tCICShalZUyNGtGo"
    "EbvADm9EjaiSlKvjoPtTf2jT8MZbXgN+OEdqNHkdZop9F6sKSj2jiHfVfJtRwndqbDvi4m"
    "BGeGMjPBXfMEI2VAb8lB+FeboNqd9eL3Zw/echl6q0dW9pmv5pODeihQsha5BLLkVn9qwu"
    "71lRLRY+WknRGB1bl4L8FaufH7xgMa3PwBVj0uSsz5IaXr3DK8cosI0C+39XgZ2uLITsx+"
    "LwnEV0NxjdEf6fzygs+VU+PudxR1vJDRQG5w9NHf9NwEbk61VUmFuh6c82GFTp+4lsWk/b"
    "fwqoEDEpcoT/rzt2bTlOYAFdJpTzwm92l//rCAW50MjvAf48V+jahZuvuCrqRKmS4ayv4z"
    "rZMxONIkZfGT9BGZrNmUyeOQBf0rWskob8T5NYs5uJNU29slfLWsKmooCJNvgZsh55ZbWM"
    "vrFSbTDllLqo/R2/WjKn1RXttxPcKuHr4te7jNxVSG6ayF6XN9cf4+b5jKfbZxLcmXMWRY"
    "DWyoTegB405HK06qWmSF5RV9Mh6TNb8yXLOxZwrVbgKMg75YFo1Dh5NU4vHU3NMBcs6wg3"
    "Wc8pMmPH6PL4MuShCYUzaxbqR/TFF3UHRpBpKsh40GcWojT0Ta3LcWep+mCmbZvtpmjuLa"
    "0ZpI/BvIh8eU2HPJ2p69C8roNMOqQ4bJ5J+hoTtZjwNbmSRl2tKV4H2uvM9Oq4rPFuryA2"
    "O33TnX5CSTDXHoI0VX/qurYM/WsZoTuJ/dqUAN2tVLx1lv1M1mZMkU2ocGf1RW4JDXBVpF"
    "vtaLQ2UP1gJN5jhDSna4GuTxazTTmjrEArIq3tj3Kb6WzLgK7rklKYZl0Kq4w9ghTOFiln"
    "oXI3i+gg3XxpUBMo2GagoPx/AdaKwu9R+97V/BkeHNTxKT84KPcpF/dyNlgBjwa6cfsWjY"
    "JELsMCxKvL6wG3FrYV0BaQJY9Iq1JqQtC7mXs4fF/H1Dp8X25rFfdy/Cv1dNCNmvdBh5mf"
    "ucd10BXNKmbvcQFf17f4Aeo+6VZLytC9crGkZMp3WHM2F4FmKm1NFcgrIqOdrIGxsAiSgH"
    "FplT9eS9RVULYnmh2dHBSE3fhaN+TdKYIe34U09uEVRYssBEaLIgMRX+ymL5E0vSXpUhoY"
    "y5UdGLN5l83mcsiE312g2KLKl1SOrH8szvrzBUrInhD1oxgYLahTdAbr57F2se06wnOHoj"
    "FfLNMGe1lJFyYis8ObWciiamYFyBD1b3FtJC1AhJn+qsoQGs6gy4sJeh5Z8LEi1J24WMEd"
    "lPtwKUj7sLBaj5+wp8gJPL0QihRNHzDPa/Xq6EwPK5Smh0WtaQyZxX5vgnRE1j+w18+WTX"
    "gr1EAjUqAzzhUKdzjhM+tbsnyT5WIrVaxJU9P3TE9G/VdD/dfLqBKTvjydkHMuy+PwwdGy"
    "wRfozF72rNfNCrMi0BvMAtMxkOt63BRmWMbjhr8FuP758rLK5SaX20VxVMfJXX74aX1pXb"
    "bFw6l46lrSlfmFMF2Inj6KjnqN1TpQ+ozmhG6jd2I9mMIccKLMUUlKPi3Akt5ueWd9xYzf"
    "wb4run4hXD9KW+Fd0l1fAUusdC/HK+ynr0C5+MlVFinTQemT7KSvEJWUQm4Ol7IUcy+RS5"
    "VleQFcqwowfQQp5GchfulW1TvGP6uut23krweh06SrPk6nKCBhvgZm4TbVVZ/gaiHkIppj"
    "5YEXq0n4bPiFtZr7dbJdzhH1CQa7d1HCBxD4iALX2QPhWe+I5JNJESpVWssGPShCPL6kU9"
    "uKHqw4HaUJ/HilwI94FIq7QkUcc4poU36a/Y9jHvN3sXTjbjJEr1pLdWs8NyjRsyfH7VtE"
    "98lFC1X0zXYk5OPnAS4rC1ydDSFN16dY3JZ3EmN567nlzdRdMHUXOmZy627h4FSOAYWslc"
    "1AUC5orYL4a0tZiWwkcrKHBX5tiAFFNnKfUKYggA92YSRTDbjYJI1pQNTpFbQYI29PJYSt"
    "/wEmDL9b0liSkbFxKsd17vZdgNoIZTpCWbclMQ/iSRAVcqkfC7Si6Z/DaZ2Y8vKAcmU0uT"
    "NzFT5DzwaTx2TG1bGGq6OJ2m8vovx3gvVyp6RoWtyLf747L27H8cVu+qYbtUEP1QYF8baO"
    "z+Oqdlpzy2ChVFtPBF9jSe2OJTWDWblwn2D6rHi/Gsj15rL7kkubGGuWjK3zNaVrzuJaPn"
    "pC1GVa8dJ5uhbZCgeNAkWlptXlbpqETD29LtiDdA1yWTqDf1P8V/mAxMmjs9MUKVvca4Rm"
    "eBL6/WbHIn2jm/vNb4GLmDUlgcqxtBzuHFn/9EtvawD9thTntwVXCjQTn6UHcoaozYym43"
    "FxKscXO6i8c1y+xsLZWIT3dgY9rzzCMkvao537aPjuJNmrxR9Vu/Pt1enlZXE7jtBpWA6t"
    "SG2SuHRN6ZEtwUrmc8HEIFtk3tHZqRSk/TsShnX0iMNyPeKwoEeMYWtQajBDadZVl9eV0R"
    "b3fICNk5mpVrMd6Fa48JlqNRuqVqPYKdaAsPGTfD0/yV8gs6fnHrEfdxSmlNTdQZUhZSHa"
    "WXbS8Fk/yRuMACWLD2AxRRiwKQIi3S+QlUBtBGT6FYD4oDoDQDCAeAncaB7tg9PovvR95B"
    "cp88EssGWm84yz5Eaeco89PkEpGJMAO+FdTEbEWcoSsXz+OrwTMEJsgfhDd31En1wb+W8k"
    "Rm+iZ+/Pl8b3sovWITnmzRjcDGWnGFwjx2g6RWxyxz1F1LWnqt02ulO508JVG1N3rS+bTo"
    "Ps+C9NjN+1zSXveFzHZsFbVTgeF+wWYlFpIBw17yG6h7Wq2x1WVLc7LFa3409kytLvokx8"
    "yYm5Iskfl67NwH8lQ7WFaFeAK8DInJGFfNn51Ni5w090cKaSfts8zP74fzj78fs="
)
