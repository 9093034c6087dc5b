from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "status_pages" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "slug" VARCHAR(64) NOT NULL UNIQUE,
    "title" VARCHAR(200) NOT NULL,
    "show_error_counts" INT NOT NULL DEFAULT 0,
    "created_by" BIGINT,
    "created_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
) /* A public page (`\/status\/<slug>`) showing the state and uptime of some projects, with */;
        CREATE TABLE IF NOT EXISTS "api_keys" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "key_hash" VARCHAR(64) NOT NULL UNIQUE,
    "prefix" VARCHAR(16) NOT NULL,
    "read_only" INT NOT NULL DEFAULT 0,
    "created_by" BIGINT,
    "created_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMP,
    "revoked_at" TIMESTAMP,
    "project_id" INT REFERENCES "projects" ("id") ON DELETE CASCADE
) /* A key for the management API (\/api\/v1\/manage\/). Only its SHA-256 is kept: the key is */;
        CREATE TABLE IF NOT EXISTS "open_runs" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "rid" VARCHAR(64) NOT NULL,
    "started_at" TIMESTAMP NOT NULL,
    "project_id" INT NOT NULL REFERENCES "projects" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_open_runs_project_5a0743" UNIQUE ("project_id", "rid")
) /* A run begun with a run id (`\/ping\/<token>\/start?rid=<uuid>`) and not yet ended, so */;
        CREATE TABLE IF NOT EXISTS "run_logs" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "rid" VARCHAR(64),
    "text" TEXT NOT NULL,
    "received_at" TIMESTAMP NOT NULL,
    "project_id" INT NOT NULL REFERENCES "projects" ("id") ON DELETE CASCADE
) /* A log line a job sent without changing its state (`\/ping\/<token>\/log`), with the run */;
CREATE INDEX IF NOT EXISTS "idx_run_logs_project_3c0140" ON "run_logs" ("project_id", "received_at");
        CREATE TABLE IF NOT EXISTS "status_page_projects" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "position" SMALLINT NOT NULL DEFAULT 0,
    "page_id" INT NOT NULL REFERENCES "status_pages" ("id") ON DELETE CASCADE,
    "project_id" INT NOT NULL REFERENCES "projects" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_status_page_page_id_c08ba3" UNIQUE ("page_id", "project_id")
) /* A project shown on a status page, in `position` order. */;
        ALTER TABLE "projects" ADD "badge_key" VARCHAR(32);
        CREATE UNIQUE INDEX "uid_projects_badge_k_b26cdc" ON "projects" ("badge_key");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "uid_projects_badge_k_b26cdc";
        ALTER TABLE "projects" DROP COLUMN "badge_key";
        DROP TABLE IF EXISTS "api_keys";
        DROP TABLE IF EXISTS "open_runs";
        DROP TABLE IF EXISTS "run_logs";
        DROP TABLE IF EXISTS "status_page_projects";
        DROP TABLE IF EXISTS "status_pages";"""


MODELS_STATE = (
    "eJztXWtz2zbW/isYf6k9o/oiJ06a7XbHSd00W186sft2Z+MdmiIhiWsK4JKgFe1u//uLA5"
    "LiDaQJXWiKi840lkAckHoAAud+/rM3ozZ2g8Nzz/kFL/beof/sEXOG+YfClQHaMz0vbYcG"
    "Zo5c0dX0HOMRL0SjOQqYb1qMt49NN8C8ycaB5TsecyiB3ueI90Vj6iM2xWhmEnOCZ5gwdP"
    "7rJ7R/xAc7ejo5itqPDg7RDXEXyGEBuv35/Nvh6zPkBHwEj70T9DCWI+5sU4vf2iGTbd3k"
    "ngRTOieIEov/rPkUEz6wjQ/RZ2za31IYAVDgjQskvvm8/U/IFORzh035R8+n/8QWQwHGQd"
    "SJTU12T5L2/QD7T46FgyPTsmhIWHCUoHvoLQ4O4YeGxPlXiA1GJ5g/nM9/7pd/8GaH2Pgr"
    "DpKv3qMxdrBr5ybVsWEA0W6whSfaPhH2k+gIGI4Mi7rhjKSdvQWbUrLs7RAGrRNMsG8yDM"
    "MzP4RpJqHrxisimfnoSdMu0SNmaGw8NkMXFgtQRw+Qtu0ZxvXNnXF7cWcYe6WFlFBkpj1u"
    "siiBRcgfNRC/fgKP8O3w5NWbV29Pz1695V3EYy5b3vwR3ToFJiIU8Fzf7f0hrpvMjHoIjF"
    "NQxd8SrB+mpi/HNelfQJY/chHZBMc6aJOGFNv0vWsD3Jn51XAxmbAp/3pyfFwD5f+df/7w"
    "8/nnfd7rAG5J+UYR7SDX8aVhdA3wTvHli9+YmsFUBeMszWZwftklnEP57FUDkM9eVWIMl/"
    "IQez4eO19VAE4p+riMz5qs4rPqRXxWBBiOAgP2+zLG7yl1sUnkMOfoCkiPOOG2oF62ZLGW"
    "H+iNMa7B9P3NzSX8lFkQ/MsVDZ/uCuD+dvX+goMuMOedHIazu3OKtMUh41gYIxnUzqTytM"
    "vTPX/qSZCOd4TOrOno3PtuODw9fTM8Pj17+/rVmzev3x4vD8DypbqT8P2njwB3blqq8TdZ"
    "Gf8f+RXmzHD9DESUhRmwY9LD5EOrm8w1ne8frDEVNajefbq6uL07v/o1t/5/PL+7gCtD0b"
    "ootO4Xt57lIOj3T3c/I/iK/n5zfSGApAGb+OKOab+7v+/BM5khowahc8O0s2gkzUlTboJd"
    "M2BGGKw0xUXaDUxyx166Ps20j5/o40rznKfUs9zlWY5FT0NJNswT9ei0XEtKBLl7/CgVEm"
    "PAyhD/RH3sTMgveCGQ/sQfyiSWTECMNTK/piPtFsJ/JIsoaU0f0TfnS21FYW1xAPjPxhG7"
    "9+H89sP5jxd7AumRaT3OTd82cpDDFTqkhZZl3/Kl2XBWbBFqITv+IfDYMfQfpth63JNoya"
    "ILgzolmQVdGqrIfp+aDJkE8U7OE0aCFFRHIxzwZhtN6TyjKYouHB0MxLU50DoMwVGLxjQk"
    "9iH6xMoasi3c4x7WLsNon+D5AIXeANl0TgbIM+HIPxCkBH9l0W0QbP3I9LHQu80ocRj1vw"
    "m0iquDKq7Qd1WUA3H3HmoGhsev3jbQDUC3Su1AdDEvNc34OqeSlVuNcUrRHsx7Hy/u9lrB"
    "uQnI1QiX4J1i08Z+UMb3r7c313J8MyRF/tWxGPovcp1gdw9hGa6ARY5pTQDdvzr/WxHrD5"
    "c374vcKAzwvoD8iNoSRcwdPwXksCf9V1rUu4P13cXf7uqxXgoJlzfXH5PuxQnIY83vy89r"
    "0zUCzJ/Eliz36oNQQroSV7/SvnJ23OlzMUUYWBYaMmOmgm2eqD1UT475fzsCLP7qcZYf2w"
    "ZwkKEE3eqDUELa4ok4PD7+9vS779o5FTdvl3jEizn1lRiPDEkfNukCf/e6CcS8VzV397oK"
    "ZIMLfphIVAC1FqAy8UubgbZ/Om7QHPTPgEM1TpBtusbzVHqZN1rmAjTOQ4RK3hB5Kg11I6"
    "htPPG5eGKrMSIFKq21lVgvKRk7/kwB1AxFe6zdcEfgNF2XzrlM4Y6NwJkQLNmEaw8/Kb0+"
    "/7Q7hHaH0O4Q3TCfCpcGYT1Z3SMiT67N5Z2fbyW2K0PRo310YzyCgKdK7VMPaqXGRwObQD"
    "Q2HTf0lSSyIl3/ZLLTYQOR7HRYKZHBJQnWNmYcNRUjU4FMG5pWNzTFCzYwHGL4fO9uvpVI"
    "KNuT5HZFQQ8g8ftxMSx2TlJhckrEmsXpMotjYZ85Y8fi4Bv4q+fAu7GC/FI5ip79XZn9ue"
    "kTLpfY5kKFN6sZQfNpkq3VNT1v9b21RK1fry6/Xi/lbt05v7oNv0WxA6karnmizeC6846g"
    "HfNi79rCbceNPeO7SEOZ5+L7mOynXz5j1xQ/ohJs4Z7+Mx+nR3D/UXb0L20GZdRuCL6j/J"
    "+Gq/QqHWentoGmazS//zVYo+uHT4hlWBVCkazRZ8IojOU70STdiCD5JkiCGxzI4IGR5VLr"
    "EcFAaP+3uw8H70TEA3/2xWD5CYHgiu3BMiDCpWQCGUH2CrOwnbvcE88MOFs3gaECxCh9HC"
    "CRFQTbcAMTjR2+ttDUCRid+ObsHXoYXT9A7hLIWkLC2Qj7iI5RMkz8bPMpDfjgIv6Co+aK"
    "px2F1iNm6Br6L8M+QMEaHPHtBRNrcegt0P7DxY8fL26Nq9uHAX/OybeBZ1r8EcY+naGTYz"
    "SDx7wnp0MUiKwqGPn8B5lxeIlJIiggfgQ/8WeDyI/E9ZT/ftvmQzGKogMajRbxp3uyX3ik"
    "zDKAvCgDFFAUXRJZVwJkMjTjnBs6OXsLjxAsnwFywphojvHjIboDjLE9gZAXH3OYfAY/X4"
    "S3AIKCcIZN8g5RiENBUV+C+WOaJGoSK3OA+Df4edh2WFUEy5do8cJVePC9f6wT0lJnu+1Z"
    "VEsrFtvq2JdpvCepCGUJTTtW2xc4WfoiivHtUE0Miwm0glimIAYt+gqKdw2oDNDRsQKUUW"
    "cNYgnEExUQTzSIUhCHKiAONYhSEE9VQDzVIEpBfKUC4isNohTE1yogvtYgSkE8UwHxTIMo"
    "BfGNCohvNIhSEN+qgPhWgygF8TsVEL/TIMqZbSWR5UTLLBUwqgktWmqpgFFJbDnRcksFjE"
    "qCy4mWXCpgVBJdTrTsUgGjkvByoqUXKYyR+UzJVSZLoh2QnneVWdr61nSUWaYW3DF4m7og"
    "ZNdVl3I9Xvg+9T/6NPT2JN4KmauDOncFDP2MCXRs6q/gusjHHvVZEBUNATeCMUca+x4HnB"
    "2iD6IuiLBY4698rD8t+7MpngXYfUrs2X5IsH1YdlbYyi2kFu+cw9jyBiXT95eCt1QU3YUx"
    "iXpqq3jnrOLZ2SxNQ3VsWYGshxkiN1+cQ6CjgHHSv4fgbiWZygwHAT8DyhBXZynMkPQC5b"
    "YzFVqhy/cApZ0jQ9LDgNRGdZNOa+omnZbrJgXgYucwSeKPapSzNL1Y2dtOoKeer/BF0hRS"
    "D5O9HYUYHOWCiBtUYvjydC3m3ewB45dl9PyEFy+h/0xkWo6yUwlstC9k0RcylbgUZzlHqC"
    "e5+5PsYxebgXpGkAxd/xiwYSMGbFjDgA3LDNgshPxdIWGypCD1b1WBVIf0dvm1gskyKGec"
    "DY//L48XqA5BlRLrOHlJMkmrKpFh9c6VpenhrrUNdQgUBKISNqAWZHn4aQ8g3rw4Ey1J9X"
    "wqWTp9HnT5PPAxjLZahcwirZ7pLs+0KdJ2qh5Jj/pIUj2SVkuuauqsqjvyIvl4zEebGnaI"
    "V9o0i9StzLaOu11rslc8H/O0+rXu8kzrZFc6LVO7r80upWUSTmR9S8uU3+iF09gGUPosRt"
    "rZzbxJ9qoNuy5W5VnKLbrnHBcV8izdWFbo+5jvLgHysI+Ez+MgyvcDiY0Sz4J3KErTA20w"
    "jwgUoFHWHnAuhKEhl068dMrOi1u8j9SDcZI4eSaq2aWLxHNOjGmSH+2/2Dn/Rc2ZbEdJ3/"
    "1sSZqZX5GZ1/5kLVgHRHo/tYNhSdKbOKeWXZzEES89Cepgz1L16ShoAfwaUXbJbq0pyOYD"
    "dHZsJprKstkl2LnYqVhkqxJBUonuOSEkI0U+K4ZUQyxh7p/h331sYecp0jTyrl9ycOcuah"
    "6/kzy+DpzRgTM9C5zhx571aMAeqAR7gawPZufWkdfSTxvSD2F8EZcxri6hlyHR5fNWL5+X"
    "5WdK6D9nks2Rai1Op7U4LyTsduz1ehlFg1Y6a3N4x1QITczhpe2jbf1MxzaPnVfPBJYZWd"
    "1vGZant8n3GNQqaZZ9jYB3bmouJhhBd6i3YqJ4FX4ToHS0d8gZQ0kVGjL+M6CojaixYj3y"
    "k82FQiy2SF7jkLKJeHNj35MHc8ywbwSYT7cdPMCYULWGr2+fDZDpYp+hB2tqwiv0gPZnmM"
    "ANoNrOQ/z5YRDdbXFQZWUuKKKU1En/K7qkNS2U1Vqi3Pwq4Fui00ezNNOcKed3ai1aKVGf"
    "QG2Z24y3HxWFRYakDzqiFnSglo/NqrDE2iWeo9Mi1aqLPMFxhfrkOcpOaS2u6Xz/QOsrtM"
    "ysZeYuynXruZBvU7L7GZsum975Jgmc+NeXZLtSn0GddDcVvcF0FHdvXHY1ri3L5S7OzhEu"
    "ZUFhUQaeuPtxWd1b8e3JdEMcHAyiVKQgW6XP9hmbASWiUGdJytv4He4J/7E+G2FROzQZGr"
    "KcQi3QVIyMIEGQswGJGqr7ucqjDKqrNhX1ij4Hyt4EWvxbU/x75D9LhUVO+reYvG25LPdK"
    "GOcvddOoly8y3XD55om2xB/v3jpOUaWu0rKNu2srdIMFS/BcBdq4u4a2AbS+OG5V0E0peg"
    "jw5pNFr5AkoXvyr7baaylYS8FaCl5dCo6ZYrn4m3LMtXJv1O2F/c61a3knXct3I+33DvMx"
    "T9gPFI1XGZL+Ga82j/AMMxPWdxniamfbLI32ttXetppv13y75tu7AfHu8+2fyJMjHqTEtM"
    "dXajl2R/RpbJ6yMfb4aUUe0QM7nOGj70eU/fAX4db35+8tPvwPD4hNTYYmvgm18KBGXgyd"
    "pKLe2sNpr8BumYVgylSYz6T/Zpj7l4U2X5pq2IDxPB1WF6YalnTA1FWCNunfosXtycFz7J"
    "fNbbuhZH9Bn7SuHYov45QW8EdysRHKqqy8p3w5m6RCSZAjLMzAiFNuawqS/aVddv79zc1l"
    "jpN//6kYifvb1fsLvvzF6uedIv5AAjn+6jmcb19BoMpT6nyyXRanwtWS6oc6n/5uzK8Fwp"
    "nrrubPW6DVM93pmdZ+2/2eYK350povrflqqPm6dAKGIWj0oymNx81dH9RpwdykpzExm8bi"
    "nkduzISOqL1A0QjY5g9JUeC4kGoZWVNsPSIfQmYJhLIiJ15PaN9ENvZcuhggE1m+GUz5B4"
    "mCbNO3uCeguxmZAY6jeA8O0XnGS3s5LGTHBH2buxB+3OI5OEXg2DhKBK31bx3UvwnN6Ur8"
    "QZ6yU/yBZgOLXALmEK4yyVm6dqZYF/tpPsMlfuVlTtUrABQTOEN+5xMpHrB0tJY71Z6vs7"
    "S7MRf91Q5Zh6D51LGmucQU0QEW1SoYm/zgspEfkgDZNMpLIZJM7AfYf3IsHBzFsRHBUdUx"
    "u9Gb3JMp5Wgfegt+wt4Q/C0dj/mv9OkMPYi9FlRnD4hR9MDfyujL/jUl+B0S9YtRQGcYzF"
    "1wFTns4PCe/I7xo7t4Byf9w5x/ts1F8ADn/MhhoqoDbxigK8rP+AX6Mzo5yN7PmDkkZBiS"
    "bYgP/CdBKoZ74lLLdNHMsYkzmTJOQ330YId+lJwk7gzZOPhdAad/86d60Kd/B0//7gdl7X"
    "AMxvKlXYmz0oryrp66Bb5qJVtISqYrKHZ4epMzszy/tzPTdSvPnyxdj3KOnA7fnC2PIPhS"
    "d/rcXp1fXkpsthnWQhXWIq2GNgdtkQVTYJhkpD1Cd2PRwAk7q8I0ZWm0w/zzDvN1bjU1jm"
    "F1TjXb9GHaK8G8MWy3mklLWwR7yrRoi6C2CGqLYFPdZaR+25NpLONLg1o9Zay+a6achIy5"
    "kO52Evmoz01mTUGvlqgPM6mT6JzESZZAkWhj03YdkmZc+oXP+MEhunjC/qKkntzObe5JTI"
    "6mJgxWyuIkhjBB25m0DEST8MHHfmx53H/4AH8fDv4kjIX3pKwKnfsOw/6ht0DiUxDZD5FP"
    "55UFZLUaUasRu8AOb0WNKJOU6yOg+1P5advwJlveCvxwgVRr8jrMFAcOkZXyekYR78j5Nq"
    "2E79TcdsS5Qc/w1mZ4Cr9hhC1TGupTfRQW6bakfnu5qMHNn4dcqlLWvWVp+qfh3IoWLoJs"
    "hSxyGTq9Z3V5z4qr4PDZWpbrUbF1SchfsO788Rov0+YMXAkmq5z1eVLNq3f4zdEKbK3A/t"
    "9VYGdrOmHrsTw972O6G4LvKP/nM46KrVXPz4dkoJ3kBkqT84eijv/Gw+RzKC3SkFwa1On4"
    "Ke9kgA9vMyX/udCAj/CE/yv07JFK3LHR/sORx3/w0feMPmLyw5HwZ/mL79h//j4MHfuHhw"
    "OhLwc34QVmSMinAxTQkoJ/87e4J1BnweUggNlAOCzTsdDc/5OOouIM1LWR6fHh3iFsWtPI"
    "zzhnSOD3h8Hjr/ck8SoRZR+ydgGoBMi/ivJ986nj4igQiZNxqGXO0UuLQGXBhy/Z/Yz/3i"
    "il56omAZ3hE661keHTl8Ffk6RGin4fVNubd6TRsV2aXdbssmaXe80uq/KCIRvRr1c4CEyx"
    "XMocYa5DPV8oujZmCoHX8rHgvZyxYwnOCM1NhwEXBDFU+/x/G1guYKoOEL+fA34XEPIFrV"
    "CtVZYScXMDN8mhvrQuE/yV8QOC4ZnHRAr1AfqSrSi77JjwYpr56hzzpasGv1juOjaFMnbK"
    "4OfIeuSh3zL62mNpi4lHGT8ZyuDe8daKNR337wW4dZLFxd/uckJFKcX9UrC4vLn+mHQv5r"
    "3fPfewPY+zKABaKwt6CzbxiMtRCajKkryg3a5DolW+8l+edyzhWq+ekJBrHUWndRS9DDrS"
    "01zyssRklfc5Q6Z9Wro8vwy7eOKbM2MW6UfUxRf5AFqQWVWQcc2AGdj3ozilphx3nqoPLn"
    "tts90+9tyFMTP9x9ArI19d2atIp6t7rV7dS6SelBw2z6T+T4haTPu/bMmiLtcUbwLtTeb7"
    "tx228m4vIdY7/ao7/cSnoac8BVmqLWHfV7X5y1tYO4n9xpQAsXOPGqp5oh7tJhuDNSQ+tq"
    "gPoU0BuGgpgCsj3Wmn842BGoQjeI4RVlyuJbo+Wcy25WmRglZGWtnZ4jY32I4B3dTforTM"
    "uuRykbi7SJwtMp4w1W4W8UG6/QLxOmlEm0kjxN8SrNV2q6R/7yo/Do+Pm8QXHh9XxxfCtY"
    "INFuBRQDfp36JRkIrXsARx2rwZcBthWwNtCVlwrFeCNiHo3co9Gb5tYmodvq22tcK1Av/q"
    "uyroxt37oMMsrtxXTdCFbjWr91UJXycw+AHqPKnWzMzRvXDJzOWS77DmzIOkAzJtTR3IKZ"
    "HWTjbAGCyCNGRcWuW3VxJ1JZTtiWanZ8clYTdp64a8O8Wmy3chhX04pWiRhSB4XmYgksZu"
    "+hIJ09sydd4KxnLpANps3mWzuZgy8LsLJVtU9StVIOsfi7P5kDcB2RP2gzgeWgnqDJ3G+n"
    "msHWI5Nnju+HjMX5bpCntZxRA6O0eHN7OIRVXMEJUj6t/LtZUUUTFm6m9VjlBzBl1+mUzX"
    "pXM+V9R3Jg6RcAfVPlwS0j68WK3HT1hTbIeuWghFhqYPmBe1ek10pic1StOTstY0gcxg/1"
    "4F6Zisf2Bvni2b8F54BY1IiU47V0jc4cBnNjBEEU/DIUamTKmipu+ZkbT6r4H6b2TaE2w8"
    "YiVWNEe0kQ2lQxaZzQdz9jJyR5cLyibA90Q5Sj45Sn4OJTp9Xjzr2ZRiVgZ6i2lkOgZyU6"
    "+m0grLeTXxp0DXv11e1rk1ZQQtz4E9X8IQJekUf/rl+USK557zS3Rw9APx/E4PWSLXBKhp"
    "psldcbQrM3+G8KhfE6YLGOkjDNRrrDaB0mfsUX8XnWSbwRSlpYbKqxVZwpUAW452ywfrK2"
    "b8CgkcGHpNuH4WJuu75XB9BWxpLF4fr2icvgLlkCdHWjdZBaVPYpC+QpRRUxhz/qB0viZc"
    "V+mAv4vxeotcplLkGnClRSn7CFIu1fbqKGXSevcRpUgwMsm6G3rvJMi8bc2ycLAZhM6XQ/"
    "VxOfH3zXDpZE2o+Pt2SSd9xShywzI8iGTHhA+4LptwKwb8lY/Xv3TAstBJbwMM+21mqD7B"
    "1UL0XbyDVcfgpVvcs5F4RrqzNkl87GE/oATt38W5f1AYYB859gGK+G0b8hAva1PLMhyvMM"
    "JzFSJgBGPdKhE6BnDNGMBkFsq7Qk1KiwzRtlz2+5/SYsyfxVANwcwRtejmv7ct6LfvxOdT"
    "NdeipH+L6D45eC4LxNyN3Kz8PCCswh+1PjFOlq5PaRla3km0g0DPHQR0fRldX+aFJaTBzt"
    "SXibUgEjkr1Y9UC1hZTUwT0Yr3Ra5DMBd+oEwf5NEVNV5oyKCqC5lABRgoxyeSvpeKA3Ly"
    "h4NBVMOPRRX6JNLX5m9yTxyoEohG2KVkEnDpbYCcMdQAfIeCKVQSzPb+JuAAOG7o48ZFav"
    "Lrw8cWdp6ig0ZXoulmJZoWywB2TJe9bX9wXY2j1bTA6VajyA0XSDvFDuvALc0Ua6ZYM8Ur"
    "MsWprUvGGGeu1jLHGRNcc9tDOHIdCwENMKbREEffB244gVLYwGwC9wqcZsS9Qv3q0IMNFu"
    "pfB5T/TfIPRjyszDyx8ZvcE0LZFIg833kCEkqAYU4rY0f3PKosh63NGi9o1oCZV+Fmk/69"
    "SxC3BW7WYWoK9SVBL/jZFjJHwnYV1QbhKIZyH6PaAgsyeh3O2CCcMdGHq5oy8nQ9CsPSlg"
    "xtyVhXaCsJF02ixbSH10u6LJWBq5UaGiURz/rvKSUUB/4+6h+rpjknbqJoOMHyD5BD0ANf"
    "qiKG5AFB/QRf6sW04jByV6ZYXEoEZO3H9JIMfzJtZWhvZ6brViuEMnQ7XWjjdPjmbAkqfK"
    "nD8/bq/PJSljC3osRUNXxr1pXq2m676WwlWknZjpIy3ovX1FDm9WA7BnFjJWX6yso1lJL1"
    "q7W/u639TSvwyPi4XH2eGgZu2a8x37Z0F7emJkMM/rFMgmJDGyKUOWPHElx8gPbN2M18wP"
    "kyEePPWTD+ETwcCHYPZBzd5m+gNbndYuyW9YpXLnS8yWO0C1BrP3UVP/XNqXq34ZzummQS"
    "SpmXukzZKU3/3G+aVFypLrcirbVizxyJXPhsqZWETGvOG2jOdU2bdnAG7fW/KVE0wKU0Le"
    "7Fv919KG/HSWM3bZva/qDtD3EajJCN6Nf1zA83YoyrqPp6jwRfHVzeIUtNFrNq4X6J6bPi"
    "fTqRm630+qVQVFibTbogXXMW1wjwE/YdppTCuUjXIlth41Hkq5XHO23uZpQsm3IOwVbXYm"
    "TJtGPJuo4l2rHnZfBPq+XByaOy05QpW9xrRHBd5IWSn4vshW7uN/8KHcyMKQ1l+e6q4S6Q"
    "9U+/9LoB0K8rcX5dyi6BZ/Cz1EDOEbVZ73s8Li/lpLGDyjvb4e9YtBrL8Nb7dRRIe7Rzb8"
    "LRI0YHAolX0HWUqXWJs64pPfKZ86jnARODLahLp7JTSUj7dyQMm+gRh9V6xGFJj5jApv5u"
    "5Sn1e9Xl90pri3s+wdp7bztekakmUA3aEp1G93nfyLzadV0PydxgOwZ0U0e+0jLTfpKbhL"
    "e7fpK/m8yafnCp9bgnMaVkrg7qDClz6GdYy47P+kneEIx8On+H5lNMRJC6awYMBQ7nUC2M"
    "RFUohPmk2gMRtEIWyInX0SE6j68L30fe6LMAzUKrHCW/lbvcE5cvUB+NaUjs6CqhI2ovkO"
    "sEjK9fG4JqRpjNMb9pGjwvMDqK733oLbTvZRetQ2LOV2Nwc5SdYnC1HKPoFLHNHfcc+441"
    "le228ZXandZM+2zUVq03nRfcdJ6wH0gD+aq1VBmSPuaYeN3EZsF71Tgel+wW8FIpIBx37y"
    "G6J40yeJzUZPA4KWfw4HfkzI/k1Pzr7c11xYmZkhSPS8di6L+CodpBtGvABTByZ2Qp/18x"
    "1V/h8IMB3suk3zYPsz/+H6unaeM="
)
