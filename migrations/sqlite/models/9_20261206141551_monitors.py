from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_projects_deadlin_2c69bb";
        DROP INDEX IF EXISTS "idx_projects_run_dea_73eac3";
        CREATE TABLE IF NOT EXISTS "monitors" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "state" VARCHAR(16) NOT NULL,
    "deadline_at" TIMESTAMP,
    "since" TIMESTAMP,
    "ended_at" TIMESTAMP,
    "project_id" INT NOT NULL REFERENCES "projects" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_monitors_project_49e410" UNIQUE ("project_id", "kind")
) /* One thing that watches a project, with its own state and deadline (MonitorKind). Every */;
CREATE INDEX IF NOT EXISTS "idx_monitors_deadlin_cab770" ON "monitors" ("deadline_at");
        -- Today's state moves into the monitors: each project's heartbeat deadline (its health,
        -- deadline and open or last incident) and its run (open, hung after its deadline, or none).
        INSERT INTO "monitors" ("project_id", "kind", "state", "deadline_at", "since", "ended_at")
            SELECT "id", 'heartbeat', "health", "deadline_at", "incident_since", "incident_ended_at"
            FROM "projects";
        INSERT INTO "monitors" ("project_id", "kind", "state", "deadline_at", "since", "ended_at")
            SELECT "id", 'run',
                CASE WHEN "run_deadline_at" IS NOT NULL THEN 'running'
                     WHEN "run_started_at" IS NOT NULL THEN 'hung' ELSE 'idle' END,
                "run_deadline_at", "run_started_at", NULL
            FROM "projects";
        ALTER TABLE "health_transitions" ADD "kind" VARCHAR(16) NOT NULL DEFAULT 'heartbeat';
        ALTER TABLE "projects" DROP COLUMN "incident_ended_at";
        ALTER TABLE "projects" DROP COLUMN "run_started_at";
        ALTER TABLE "projects" DROP COLUMN "incident_since";
        ALTER TABLE "projects" DROP COLUMN "run_deadline_at";
        ALTER TABLE "projects" DROP COLUMN "deadline_at";"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "projects" ADD "incident_ended_at" TIMESTAMP;
        ALTER TABLE "projects" ADD "run_started_at" TIMESTAMP;
        ALTER TABLE "projects" ADD "incident_since" TIMESTAMP;
        ALTER TABLE "projects" ADD "run_deadline_at" TIMESTAMP;
        ALTER TABLE "projects" ADD "deadline_at" TIMESTAMP;
        UPDATE "projects" SET
            "deadline_at" = (SELECT "deadline_at" FROM "monitors" m
                WHERE m."project_id" = "projects"."id" AND m."kind" = 'heartbeat'),
            "incident_since" = (SELECT "since" FROM "monitors" m
                WHERE m."project_id" = "projects"."id" AND m."kind" = 'heartbeat'),
            "incident_ended_at" = (SELECT "ended_at" FROM "monitors" m
                WHERE m."project_id" = "projects"."id" AND m."kind" = 'heartbeat'),
            "run_deadline_at" = (SELECT "deadline_at" FROM "monitors" m
                WHERE m."project_id" = "projects"."id" AND m."kind" = 'run'),
            "run_started_at" = (SELECT "since" FROM "monitors" m
                WHERE m."project_id" = "projects"."id" AND m."kind" = 'run');
        DELETE FROM "health_transitions" WHERE "kind" != 'heartbeat';
        ALTER TABLE "health_transitions" DROP COLUMN "kind";
        DROP TABLE IF EXISTS "monitors";
        CREATE INDEX "idx_projects_run_dea_73eac3" ON "projects" ("run_deadline_at");
        CREATE INDEX "idx_projects_deadlin_2c69bb" ON "projects" ("deadline_at");"""


MODELS_STATE = (
    "eJztXVtz2zYW/isYvaw943Vs+ZJs2+2OnTqJN7Hdsd1tp0mHhUhI4poCVBC0rO3mvy8A3q"
    "8iaYmGuHjoNAZwQOo74MG54eDPwYxYyHH3Lygl9D0l3nzwDfhzgOEM8X8U9O6BAZzP4z7R"
    "wODIkcORGGdMxEDZAUcuo9BkvG8MHRfxJgu5JrXnzCZYUJw5DqBoTihzwcJmU0AwAmMbTx"
    "CdUxuzffCWeJh3QooAeuJzfRuNZ1M0c5HziPzeOfUwsvbFcy1i8gfzWTb3CA/bf3jIYGSC"
    "+CDKH/T582BOyb8R/7m8P/GAwW+/8QYbW+gJuamBhm2JsQ50meEihP2R8wdjbCPHSnHCHy"
    "nbDbacy7Zze3KJ2Ts5VvzqkWESx5vhePx8yaYERwTiZXjrBGFEIUPiCYx6gi3Yc5yAiyGn"
    "/F8YD/F/QILGQmPoOYK5gtp/gbhtYBjXN/fG3cW9YQxyjA8pEowKmkyCxaLhr+pKACbiFf"
    "76t+Hw6Oj18ODo9M3J8evXJ28O3gjgRF++6/VX/2VitPypJGaX7y+v78ULEb4y/WUrGr5K"
    "GsigTyX5FKOf5GaODW+nkBYzIUOW4Qb/mVluhNhXsSNsiPkRf1tdMGQGnwwH4Qmb8j9Pjy"
    "uw/tfZ7dsPZ7c7p8e7acCvg56h7BLQx1BLdBpgHI7vIbjDk9Ma6PJRpfDKvjS+M+S6cFIA"
    "8T16KpElCZJeoFwB6v3FL1I4zFz3DyeJ5c7V2S8S5tky6Pl0c/0+HJ7A/u2nm/MM5KbncB"
    "nQSHIkSFpBHohoVRBPr+ujg4Ma65qPKl3Xsi8NsoseEUds2QTlJE0vVnYa58M64uOwXHoc"
    "5oSHyyDz3EYQRxTdATwgc65LbSnEzObi1tcGGyl8abrVit+6wD7sgeKXVPRoqIvn0P+BIy"
    "dQLtP1kpQZ/K2AdD/8xxbKlqpd8/Lq4u7+7OrH1Nb5w9n9hegZprbNsHUn+1FEk4CfL+8/"
    "APEn+PXm+kLCSVw2ofKJ8bj7XwfinaDHiIHJwoBWEpOwOWxKsTm2uBpyOUWomaw+kylyEH"
    "QbWRRZuv4pYMNaCtiwQgEb5hWwmcfBMDzMbKfpV5UhXcN3pRj8ffqsBLMMwhVnY87/mxKP"
    "5tldqqUUE7fSVhRjcaCvDA+PXx+/OTo9jtSUqKVKO8lrItAU38SokT2TpOmh1NqEO4RDJl"
    "6qGcgBRf8gXr854y9JWOD8qN4SknR6P1B5P6BIzOa24nKWVnNabU6P+WxTw/JQK15nqTvh"
    "dpfBqh4yu+VnnabVn7XKnE4Ho2sq8mmi7tyNimvwIn4/fiiMIaeSA5IYvyMU2RP8ES0l1J"
    "f8pSA2i1wPQTrGj/FMWwbx13AZha3xl03hIkp7yKwujgD/3Yj5ivnZ3duzHy4GEuoRNB8W"
    "kFpGCebCwCwIV5wHZO8+3iIHlqjzydyXD4Gh2hO4M4Je5rqsAaVbOdPWCvM8TGKJkSFJLK"
    "3Uost3zYazbAvEcCJ/kni2eFJuXZUlXIWLblW+VbTIV6db3ZimRyni0sUFc0SBTNXaA2IG"
    "ALEFwoDoN0DE7VzZJvgIhN/GBRRBS+REiakxYWGaVD7naoPPKUy8moS5aaFHKYrsrsq9kg"
    "Q67UrNtCutmWzGt1jstK3W6Ut8tTropZYyr9NgOnBqmiJhuNnGEJF0J5AOerA3xJjLLb5w"
    "J6iCPUnVp62gA/ArTNlI3XqmIZs+V7BlnKhryyaXYFNLduMGSGCylZkgsUW3yghJWJErzZ"
    "ByiAuU+xX6O0Umsh99TyMf+jkFd6pT6/hK6vg631/n+/cs359ve+aDIWRgI9gzZH3ILugc"
    "eW39dGH9YMYXcR7jf97dXJdZPxFJ1n9gmwz8Fzi2u72O4yJkBRbVyzu7kvfSzgAxQXZ5J/"
    "WZHPqrQrIpUu3FUdqL80LGrmKf18s4GrTTWYfDFXMh1AmH58RH1/4ZxYTHtrtnPiDosOk9"
    "hdi1g9+e89HkxuxVOWqmcrQwMILhdWt0gBnBNiP0Ly4wpxBPECBjGbhFYOfK77qTfz1Cx0"
    "Pu7p5fZ8NmLojf7RZBl+B9cD9FuXDx2p/wBfMfS9kIQZaYWpTwYFNRxkN+TrzFhwSIAwlA"
    "qD1g55UfkBYRaFH+g7hotyzsvMIz1djn9P/icHpmGLPclfTAf1YTyy8c3+HJ5GhZDnIYp7"
    "vUNP2I0wjgYLi2qmtAi9GiCbTBcA1tDWip3BiaoBtT9BDg9dfsaXG8R3sh1PdCaEtYW8KK"
    "WWvPSwzfsL0WqG/Fhlqs21VaaP6wF46j61C5kqHy7ai+tMV6zCOibsPT4AmSPgRsN43wDD"
    "Eo1neT4GGSRkcPdfRQ6+1ab9d6uxoQb7/efokfbfkiOaU96KnU2G05pnYgxUJozncr/AB+"
    "Z/sz9Oq7EWHf/4MvD8r+/p3Jp//+d8CmkIEJhaIkuShVHkBXUNj82dOtNhN0AKPLAIZgWR"
    "PlMxy/HuX+ZaFNVwge1lA8j4bl9YGHOR8wcRpBG47vMDb0aKMFovnA0HY42U2KYFnFssqD"
    "USm6PukdHectufyVHGR4RcUuzwlfzhCXOAlShBkOjDjlplgQypdu1fnzm5tPKU3+/DKbWf"
    "zT1fkFX/5y9fNBvn5QADl6mttcb29hUKUpdX0clc0pr11tM0+XNdsO/prCOHOcVkzO0mpO"
    "K83pQNdowecUpVL+r2uy2NnVDNaeL+350p6vJp6vT7bLEOa/8T0svPUv1b9X5QVzwpHGBN"
    "a++c9PuMVkRKwl8GdAFn9JAlzbEaWjgDlF5gOgEAOCAcRLYAfrCexAYKG5Q5Z7AAKTQnfK"
    "/1HgIFv3I75g4bsZQRcB4jEO6+4+OEvkE0fT+jcKEuwsZcaxfA9O4doW8gtbaf+bgv436T"
    "ltpR+kKZXSD7QamNUSEIewDZOTdN2wWBcvrs/hnL7yMrtqcFylaEMNuyr30uC4St2Cjljs"
    "J5ytfpxnARnf0Vy+YwV7UuKgDFng4EiNqLZoIWg5No7P13zkq47vZhePiC5zO+lmHvMFB+"
    "RgCsVkuTM7cgoIqIfDlm/9PdVF9NE2kfsqROvVgtoM0f35Esh/uV+w3GYBJYuKupEJRVYe"
    "BslWi9Tbrz6/8yIBsM1c3dgoAhYRaHhrwBsKuhZqRYZU34qgmGKRCbIVFfVZYRzYxT4Q7R"
    "1WireKmAWaw9o9vAWKnHYP99w9fOOxEXm6CmoBFpiz6QF7VUYtkUPrOoapkKgUWaL2vz22"
    "TXn3BDc6bSYs0DG3C3f4f5bIZhRm5y63Mh1bGJSAEZnjaHIjtShfcn0T1zlgFSnQGD0xvj"
    "8wNJuzqE6pmCrgejTQtvTZK0XPXiXY1SC3LSbq077RcWIbm4pqLI3BT5Hpcmht0ddOmQ1m"
    "JRfX0SwvEVtSRHM7wa2yLDZUlld5D9hgzlUUAVonC3oD1/36Wk7BIeVSOZ0k6c3lGGu7qi"
    "erO+ZwrfZNFJDr4LTSPope5ihqNuccyQi3+Z4TZNrVqDJ/GXLQhMKZEVym0Nx8KZ5AGzJt"
    "DRkHusyQl9U00bjTVH0o8dG12k3R3FkaM0gfimoSl5f9yNLp0h/tS3/IvNSiG+uqzwWGRB"
    "2eCYxakqgXe4pVOwxo2ay1tC8g1pK+raRX9vaEvrrNXz7CqiT2a3MCeJgik1CRZsANAKuJ"
    "d6WI9AW9LAfqgOp6I/EeI0SbrdYcXZ9CO5tKCYhByyPdOCvgLjXZlgFdNzEgt8xUyg0I8z"
    "IKsgISKRvl+QCBxN98mVOdwN1lArf8fw7WiiL2wfje1S8aHhzUiKzwUeU3eYq+TLBQwNMA"
    "3XB8h9ErIj/DHMRx83rArYVtBbQ5ZMkDalT1NSLo3co9HL6pExMcvikPCoq+jP5KnSboBs"
    "P74GzLrtzjOuiKYRWr9ziHr+0afAO1H5tWfkrRvXDhp2jJK+zimUNR1KchyDGRdqPVwFiE"
    "rojHuLXKH9/I1C2g7M40Ozo9yBm7YZsa9q5/11kTORxTdKhCBBcbpYVx2Khm0ouMEUWHV1"
    "tEdQsn0PFdleO7kmXNL2TIkPVPxVn/lQESshY3M2TpNNarsbaxaVsixYSiMf9Ypi1kWckU"
    "+lSrwsLMV1ELS/eWf18pov59XMOTOnoCH1VuqZ3kNIUAs+ZfVYpQawYqf0zQcciC84pQe2"
    "LjAu2gPNmogLQPH1bXGUe9TKH9fy/z2aC8UyInRyTuGTKzo+BDPA+o3328RQ5kxXpiENa6"
    "EDO9FxP1KOaYzl8Sv3AdKN2iOaHbGAOvBROL7pt/JlYfpHclvr6+r4ClL7V8Fl7xHZp9BC"
    "pxl1B7lOJLi/oIUbI4XnuMEnX4+ggSNE3kPhOiIIvjLJqqj0AFKTbzNQjzu8RUfYKrgySi"
    "YI2VpxLFi3BlQpERr/06hUbmiLoEg5374KwN4EY2Bba1C3xZbIm6H7DqBrYWM6wqRClmMG"
    "xdi/JlU5lCLuSlQkUKeYJoU5HH/qeQj/m7GE0zyVJEHUYr86HKrfFF6hvxNhwWlpdutrgR"
    "L03Xp+zyjiWJ9gP20A+owmkjRT8vXc+xewtpb2vqOSZOzRTYWukzNeWGVnwspbaVFdlGoh"
    "yef4GACTGgyET2I0rVYnTFtTu+TSWu3ZGOeyDuARC0GCNnt8gIW/8D9MEStayxqBhG6yoa"
    "65T2KkCtjbImRpnalpgD8cQLaujWz26LafqQI5CGuc4pifIjEoXnI6yZXZA+uPJ4REimc/"
    "dr5O7rcyjdnZH4D8HNTgMmaDqUxT/dv82L47BRzSRY7TboodugVfpQXLa+fWQwVyW/J4av"
    "jqSqE0lNYVZu3EeYrjTvY0autzrD50whkNCzpGOdL2ldcxXXcNEjojZrdAIgS9ehWmGhkV"
    "dQJDtuVjMkpK8yUCEe1DQgl6bT+LfFPz7hKnaeJpImT9mhrBGe4Ymfl5nmRbJDTXnzh2cj"
    "ZkyJV5QyWQ53hqx//qWTGkCflOJ8kkulQDPxs5qBnCLqskbPeJxfymGjgs47y+bfmL8a8/"
    "DezaDjlAruDGmPJPfR8PVpJKvFH1XS+e7q7NOnvDgO0GlZiT5PrY8lqub0SN9+Q+ZzocQg"
    "U5wlbSKpCkj7tyUM6/gRh+V+xGHOjxjC1uKWhxSl/q5U/q60t7jnDNZJZrr+8nagW5HCp+"
    "svb6j+coGkWAPCOk/y5fIkf4bMnL51iPkwKAilJHr3qgIpCzHOMKOBK/MkbzAClCy+AYsp"
    "woBNERAFrIC8hMUUN08j8wGI+6utPUAwgHgJ7GAd7YOzoF/mPvJGylww80xZuy+VLLmRp3"
    "zBDl+gFIyJhy2/F5MRsZbydh6+fi0+CRghtkD8oTsuoo+2idxXEqNXwbP350ude6lidEjy"
    "vJ2Cm6JUSsHVdkzDpIhNStwzRG1zWiRtg55KSQvjMfomgb4InRb1Hp9b6lE14ZJNPK4Ts+"
    "CjKhKPc3EL8VE1QDgY3kN0D2vd13BYcV/DYf6+Bv5EVnjrXvmdhwmSZ113qBraFeCu7b7D"
    "F93Mvv4Pd/40tg=="
)
