from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "error_groups" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "fingerprint" VARCHAR(64) NOT NULL,
    "type" VARCHAR(256) NOT NULL,
    "message" TEXT NOT NULL,
    "culprit" VARCHAR(300),
    "severity" VARCHAR(16) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "times_seen" BIGINT NOT NULL,
    "first_seen" TIMESTAMP NOT NULL,
    "last_seen" TIMESTAMP NOT NULL,
    "last_release" VARCHAR(200),
    "muted_until" TIMESTAMP,
    "mute_over_per_hour" INT,
    "acted_by" VARCHAR(256),
    "action" VARCHAR(16),
    "acted_at" TIMESTAMP,
    "regressed_at" TIMESTAMP,
    "refresh_due_at" TIMESTAMP,
    "refreshed_at" TIMESTAMP,
    "project_id" INT NOT NULL REFERENCES "projects" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_error_group_project_982dd0" UNIQUE ("project_id", "fingerprint")
) /* All reports with one fingerprint. Counts are exact; reports themselves are pruned. */;
CREATE INDEX IF NOT EXISTS "idx_error_group_refresh_486898" ON "error_groups" ("refresh_due_at");
CREATE INDEX IF NOT EXISTS "idx_error_group_project_788ed6" ON "error_groups" ("project_id", "last_seen");
        CREATE TABLE IF NOT EXISTS "error_hours" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "project_id" INT NOT NULL,
    "hour" TIMESTAMP NOT NULL,
    "severity" VARCHAR(16) NOT NULL,
    "count" BIGINT NOT NULL,
    "group_id" BIGINT NOT NULL REFERENCES "error_groups" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_error_hours_group_i_782bba" UNIQUE ("group_id", "hour", "severity")
) /* Occurrences per group, hour and severity: stats and rate mutes read these, not reports. */;
CREATE INDEX IF NOT EXISTS "idx_error_hours_project_e5da0a" ON "error_hours" ("project_id", "hour");
        ALTER TABLE "error_reports" ADD "group_id" BIGINT REFERENCES "error_groups" ("id") ON DELETE CASCADE;
        ALTER TABLE "outbox" ADD "edit_message_id" BIGINT;
        ALTER TABLE "outbox" ADD "reply_markup" JSON;
        ALTER TABLE "outbox" ADD "silent" INT NOT NULL DEFAULT 0;
        ALTER TABLE "outbox" ADD "project_id" INT;
        ALTER TABLE "outbox" ADD "group_id" BIGINT;
        ALTER TABLE "projects" ADD "incident_refresh_at" TIMESTAMP;
        ALTER TABLE "projects" ADD "incident_since" TIMESTAMP;
        ALTER TABLE "projects" ADD "incident_ended_at" TIMESTAMP;
        ALTER TABLE "projects" ADD "paused_at" TIMESTAMP;
        ALTER TABLE "projects" ADD "paused_by" VARCHAR(256);
        CREATE INDEX "idx_error_repor_group_i_63ec62" ON "error_reports" ("group_id", "received_at");
        CREATE INDEX "idx_outbox_project_be7f9b" ON "outbox" ("project_id");
        CREATE INDEX "idx_outbox_group_i_6020c5" ON "outbox" ("group_id");
        CREATE INDEX "idx_projects_inciden_e6d1bc" ON "projects" ("incident_refresh_at");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_projects_inciden_e6d1bc";
        DROP INDEX IF EXISTS "idx_outbox_group_i_6020c5";
        DROP INDEX IF EXISTS "idx_outbox_project_be7f9b";
        DROP INDEX IF EXISTS "idx_error_repor_group_i_63ec62";
        ALTER TABLE "error_reports" DROP COLUMN "group_id";
        ALTER TABLE "outbox" DROP COLUMN "edit_message_id";
        ALTER TABLE "outbox" DROP COLUMN "reply_markup";
        ALTER TABLE "outbox" DROP COLUMN "silent";
        ALTER TABLE "outbox" DROP COLUMN "project_id";
        ALTER TABLE "outbox" DROP COLUMN "group_id";
        ALTER TABLE "projects" DROP COLUMN "incident_refresh_at";
        ALTER TABLE "projects" DROP COLUMN "incident_since";
        ALTER TABLE "projects" DROP COLUMN "incident_ended_at";
        ALTER TABLE "projects" DROP COLUMN "paused_at";
        ALTER TABLE "projects" DROP COLUMN "paused_by";
        DROP TABLE IF EXISTS "error_hours";
        DROP TABLE IF EXISTS "error_groups";"""


MODELS_STATE = (
    "eJztXVtznDgW/itUPzlV3qzdvsSbnZ0tO3EmniT2VOzdnZpUilGD3M2aBkYIX2o2/30lAQ"
    "0CQSPcTasVPaSSSDqC/o44Ojcd/Tmahy7045fnCIXoJxQm0ei19ecoAHNI/iHo3bVGIIqK"
    "PtqAwcRnwyEdZ0/pQNYBJjFGwMGk7xb4MSRNLowd5EXYCwNKcer7FoJRiHBsPXh4ZoUBtG"
    "69YApRhLwAv7TehElAOgGCFnwkc/19MR7P4DyG/j1MeyOUBNB9SZ/rhg55MJllfY9IAu+P"
    "BNo4nEIyCJEHffkyilD4X0h+LukvPWD09Stp8AIXPsKYG2h7Lh3rgxjbMYRBOjK6s2896L"
    "scJ9KRrN3GTxFrO/OmFwF+x8bSXz2xndBP5kExPnrCszBYENCXIa1TGEAEMKRPwCihbAkS"
    "38+4mHMq/YXFkPQHlGhceAsSnzKXUqcvULSNbPvy6sa+Pr+x7VGN8TlFiVFZkxMGdNGQV4"
    "0ZAFP6Cn/523h8cPBqvHdwfHJ0+OrV0cneCQWO9tW7Xn1LX6ZAK52KYXbx08XlDX2hkKzM"
    "dNnShm+MBmCQUjE+FeiXuVljw5sZQGImVMgq3CA/s8qNHPs2duQNBT+Kb2sIhszBo+3DYI"
    "pn5L/Hhy1Y//v085v3p593jg9f8IBfZj1j1kWhL6Bm6EhgnI/XENzx0XEHdMmoRnhZH4/v"
    "HMYxmAogvoGPDbKkRKIFyi2g3pz/yoTDPI7/8MtY7nw6/ZXBPH/Kej5eXf6UDy9h/+bj1V"
    "kFcifxiQyQkhwlkl6QZyJaFcT5dX2wt9dhXZNRjeua9fEgx/AeEsSeZFAu02ixsnmc97uI"
    "j/1m6bFfEx4xBjiJpSBeUAwH8CiMiC61pRBjj4jbVBuUUvh4uuWK36rA3tdA8SsreijXxW"
    "vovyXIUZSbdL0yZQV/NyN9mf9jC2VL26558en8+ub00y/c1vn29Oac9oy5bTNv3al+FItJ"
    "rP9c3Ly36H+t364uzxmcYYyniD2xGHfz24i+E0hwaAfhgw3cMiZ5c97EsbmwuCS5zBEaJq"
    "vPZAR9CGIpi6JKp58CNu6kgI1bFLBxXQGbJwQMOwmw58t+VRXSFXxXisGv02dFmWWHRHG2"
    "I/JnFiaozu5GLUVM3EtbUYzFmb4y3j98dXhycHy4UFMWLW3aSV0TAQ79JiZS9kyZRkOptQ"
    "53CIGMvpQcyBmFfhCv3pxJlyQQOD/at4QyndkPVN4PEKSzxb24XKU1nFab07dktpntJrAX"
    "r6vUg3B7yGCVhszu+VnztOazVpnTfDC6oyLPEw3nblRcg6fx+9s7YQyZSw4oY/wuRNCbBh"
    "/gE4P6grwUCByR6yFLx/ilmGnLIP6WL6O8tfiyEXhYpD1UVhdBgPxuiFPF/PT6zenb8xGD"
    "egKcuweAXLsBc2pgCsIVZxnZuw+foQ8a1Ply7sv7zFDVBO6KoGe5LitA6TObaWuFeR0mus"
    "TCcVhaWtyiq3fNx/NqCwjAlP0k+mz6pNq6akq4yhfdsnyrxSJfnm515TgJQpBIl9iKILJY"
    "qtauRWewQOBaeUD0tUXjdjFro3y0qN8mthAELs2JolMHIc7TpOo5V2t8jjDxaprnpuUepU"
    "Vkd1nuFSMwaVdqpl0ZzWQ9vkWx07Zdp2/w1Zqgl1rKvEmDGcCp6dCEYbmNYUEynEDa02Bv"
    "KDBnW7xwJ2iDvUyl01YwAPgtpuxC3XqmIcufK9gyTnS1ZctLUNaSXbsBkplsTSZIYdEtM0"
    "JKVuRSM6QZYoFyv0R/R9CB3n3qaSRDv3Bwc51Gx1dSxzf5/ibfX7N8f7LtOXc2lYFSsFfI"
    "dMguGBx5Y/0MYf0EmCziOsY/X19dNlk/C5Kq/8BzsPU/y/fi7XUci5ClWLQv7+pK3uWdAX"
    "SC6vIu6zM19JeFZDlS48VR2ouzIWNXsc9rM44G43Q24XDFXAhdwuE18TG0f0Yx4bHt7pn3"
    "EPh4doNAEHvZb6/5aGpjdtscNTM2mhoY2fDhvTXSfpjvxQnzzNBes3sl9AWoNhtD2XBjB3"
    "WwgwL4IANtNtxA2wFaBEEsdyqjoNAQ4NVXWelxIMPYjerbjcZ2MbaLYvr181J516xhIzyB"
    "QBj+LDqX6dTpsA1HPk1wU8ng5nbUy9liPeYeoljy/G6JRIcQ27oRnkMM6PqWCfeUaUy8x8"
    "R7jN5u9Hajt6sB8fbr7RfBvcdepKa0Zz2tGrvHxnQtT225EEZktwrurN/xyzn86w+TEP/4"
    "T7I8EP7HDw6Z/sffLTwD2JoiQItI0+LSGXSCUtTPnm65mWDc60O61ynLZJTPfPxqlPvNQs"
    "vXdB13UDwPxs0VXcc1H3DoS0Gbjx+wzui9Bx8gGg0C8BryuBAETTWmWo+ycHQ66R0DZ5rE"
    "5JV8aCei8oRnIVnOIGhwEnCEFQ5MCOW6WJDLl2HV+bOrq4+cJn92Uc0F/dens3Oy/NnqJ4"
    "NS/UAAOXyMPKK39zCoeEpT0URlcyrpV40qMYWotoO/+Q4kz2KeUimvyGX4sPPCMNj4Q4w/"
    "xPhDZPwhVwmehI+fskNbArcIP2C3zTsSsqFdnSMIEp4h6NIiLd6t57AiQdYD8DBB3LoNkb"
    "VD/rjUiUFv3nphked59xA9WThkrg1nBoRuktVN3CWuSmNuDJcAPmKyNWA4j7AJq27aUGrx"
    "uhDuSp+OKBHptDcMbLPiGS3OJA0+R2bOpvRF/478WhmfWD5ew1yC1TscxYcam8/rNpxo3E"
    "5wN3BGGku5dxcEA/p3I6KGUNAGWdBrqL2eajKC/KNGOV0m0aZS0crqplX1wxqu7c4HAblS"
    "HgjjaPouHE2GzVU2xzDo8z2XyIy/WGX+YujDKQJzO6tsI2++iCcwhkxfQ4bdscYqh8lo3D"
    "yVDtm7Q6vdCEb+kz0H6E50QLw5o7dKZ7J6+2f1xh7R+UXlQ9tD/jnRgOH+RUsZddmTLZuJ"
    "87se7i3tBcRG0veV9MqWstHVbb75KKqS2K/MCRAnE/oeE4jkgK3R6RSFWFeEugCtjrR0kP"
    "qam2zLgO4ap64tM5VC1XmagCBIXcogaA5PZ8Jp/YdtTRb9kFn07O8arC2lVLLx2mXRr+Vi"
    "bgaPBLr5+AEDLSH7DGsQF82rAbcTti3Q1pAN76DU2eMFgXYrd3980iV8NT5pjl/RPh7fBA"
    "mukm9GNxuug1+ounIPu6BLh7Ws3sMavl5s09us72XPH3B0Gz5+sFjyCnsjIkBTyyVBLoiM"
    "x6cDxjTKEibYjiF5vCsT8xZQDmeaHRzv1aLfeZsa9m5aNlJGDhcUA6oQWXk9XhjnjWrmZ7"
    "BwxqKCUI8ApHACE4pUORTpQuD6XtDnAvUKqbk9XWE2sy9TvvpThUw/TXb19YkYZD3KQFXp"
    "DNbLsUZJYLNaFf1KEtWozValsgyj/HrGdiUgN1uWwuz2AsdzaUZb7AWii6vauV2nNh/3Vn"
    "CbnrTrI82FExiebwXPEbwl086ew3V+CiPYFWZ76kgUlvlpVo85Iv1047VctZlhJv9VcYRG"
    "hqr8MWl5IuR7Lz1SS0Bqzo4ppZiye69ZoqLAx3OWUb/78Bn6AIudDDpfg86n49JfuAqUig"
    "vJdYSpcjVXf6xEF4PpCBh//cKz8Cpue9ARqFLV2/4oFeV1dYQIOA6Mn4lQlsR4uphKR6Cy"
    "DNNoBXLqujSVTnANkEObrbHmTNpiES7Np7WLtd+l7FMEURwG1s5NdirSItYLsjz3hZWKGZ"
    "dWYQJtZbB7zCDI2f1SLmBGZ6AZz19NJu8GM3lzLtSlQsthnxLRuhJv9D/sc0vexZZNpOaI"
    "BkzWGa0L+vU7eUxZ8jVnRbGbD3qUJefpdDpcNbAkMS4uDV1cKpwLVfTzMtV1h7eQdremum"
    "7p0KjA1uKPlDYbWsWpzM5W1sI2ooVL00uBHBBY2cVuXGXc2NoBmU21S8wm5pO2QkT+SWiD"
    "APovREbY6h9gzlWqZY0tyhb1rne0SmmvAtTGKJMxytS2xHwQTJOsonn3rN+CRr+shi6HBJ"
    "tPCAqPB7pzT5BWvfR0YE5mjq51OLpmjmEOg7MxbDU0bHvlbhTXXPSPXdVu1dDENDOxPnVi"
    "fRxmzebnAtOlBmjByNWWz/lSqdSU+z5MNG6T9h9RwuwY3kPkYank3yrdgEaICyeJoOB+0a"
    "xm0MJci6JCxGIDN9ka/F+X0vDsueR92HXKAWUN9V1O06Q4nhflDjXljTFlNDRlTIxuXSqS"
    "qd66kQioqd66puqtAklhwsxbHWY+JcaWMxsJbPysZ7fNugfFGFMVd5uE526L9d6jqM1z69"
    "mo9l1Xo4hHnaKIRy1RxKPaJXmR4CKUZoSz4Rqiu9+p9vB+S+3h/XrtYfJELLzspPmqmRLJ"
    "s26ZUQ3tFnBXds2MRDBk9ZvZt/8DcO5APQ=="
)
