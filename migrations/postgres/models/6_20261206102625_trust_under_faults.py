from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


# Written by hand: the INSERT. A database from before this migration: its monitor last listened
# when it stored its latest heartbeat, so the first check after the upgrade knows how long
# nobody did (services/watch/silence.py).
async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "listening_gaps" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "started_at" TIMESTAMPTZ NOT NULL,
    "ended_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_listening_g_ended_a_967317" ON "listening_gaps" ("ended_at");
COMMENT ON TABLE "listening_gaps" IS 'A time nobody listened: no silence check ran on any instance (a deploy, a crash, a';
        CREATE TABLE IF NOT EXISTS "watch_clock" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "checked_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "watch_clock" IS 'One row: when the last silence check ended, on any instance. A check that starts much';
        ALTER TABLE "outbox" ADD "unrecorded_sends" INT NOT NULL DEFAULT 0;
        INSERT INTO "watch_clock" ("id", "checked_at")
            SELECT 1, "latest"
            FROM (SELECT MAX("last_heartbeat_at") AS "latest" FROM "projects") AS "beats"
            WHERE "latest" IS NOT NULL;
        CREATE INDEX IF NOT EXISTS "idx_outbox_chat_id_2f6c38" ON "outbox" ("chat_id", "state", "id");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_outbox_chat_id_2f6c38";
        ALTER TABLE "outbox" DROP COLUMN "unrecorded_sends";
        DROP TABLE IF EXISTS "listening_gaps";
        DROP TABLE IF EXISTS "watch_clock";"""


MODELS_STATE = (
    "eJztXW1z2zYS/isYfTlnxufasuPker3eyK6T+JrYndi9dpp2WIiEJZ4pQAFB27pe/vsBIC"
    "m+gRRJSxTE4kOnMYAFqWfBxb5h8cdgRhzk+QcXlBL6lpJgPvga/DHAcIb4PxS9+2AA5/Ok"
    "TzQwOPbkcCTGWRMxUHbAsc8otBnvu4Oej3iTg3ybunPmEiwoRp4HKJoTynzw6LIpIBiBOx"
    "dPEJ1TF7MDcE4CzDshRQA98bn+vhzPpmjmI+8Bhb1zGmDkHIjnOsTmD+azbO4RAXY/B8hi"
    "ZIL4IMof9OnTYE7JfxD/ubw/9YDBb7/xBhc76An5mYGW64ixHvSZ5SOEw5Hze+vORZ6T4U"
    "Q4UrZbbDGXbWfu5BKzN3Ks+NVjyyZeMMPJ+PmCTQleEoiX4a0ThBGFDIknMBoItuDA8yIu"
    "xpwKf2EyJPwBKRoH3cHAE8wV1OELJG0Dy7q6vrVuLm4ta1BgfEyRYlTUZBMsFg1/VV8CMB"
    "Gv8Ne/DYfHx6+Gh8enr1+evHr18vXhawGc6Ct2vfoSvkyCVjiVxOzy7eXVrXghwldmuGxF"
    "wxdJAxkMqSSfEvTT3Cyw4XwKqZoJObIcN/jPzHMjxr6KHXFDwo/k2+qCITP4ZHkIT9iU/3"
    "l6UoH1v0cfz9+NPu6dnrzIAn4V9Qxll4A+gVqi0wDjeHwPwR2+PK2BLh9VCq/sy+I7Q74P"
    "JwqIb9FTiSxJkfQC5QpQby9+lsJh5vufvTSWex9GP0uYZ4uo5/311dt4eAr78/fXZznI7c"
    "DjMqCR5EiRtII8EtG6IJ5d18eHhzXWNR9Vuq5lXxZkHz0gjtiiCcppml6s7CzOR3XEx1G5"
    "9DgqCA+fQRb4jSBeUnQH8IDMuS61oxAzl4vbUBtspPBl6VYrfusC+6gHil9a0aOxLl5A/z"
    "uOnEC5TNdLU+bwdyLSg/gfOyhbqnbNyw8XN7ejDz9kts7vRrcXomeY2Tbj1r38R7GcBPx0"
    "efsOiD/BL9dXFxJO4rMJlU9Mxt3+MhDvBANGLEweLeikMYmb46YMmxOLqyGXM4SGyfozmS"
    "IPQb+RRZGn658CNqylgA0rFLBhUQGbBRwMK8DM9Zp+VTnSNXxXmsHfp89KMMsiXHG25vy/"
    "KQlokd2lWoqauJW2ohmLI31leHTy6uT18enJUk1ZtlRpJ0VNBNrimxg3smfSND2UWptwh3"
    "DIxEs1Azmi6B/E6zdnwiUJFc6P6i0hTWf2A533A4rEbH4rLudpDaf15vQdn21qOQFqxes8"
    "dSfc7jJY1UNmt/yss7Tms9aZ09lgdE1FPkvUnbtRcw1exO/v7pUx5ExyQBrjN4Qid4K/Rw"
    "sJ9SV/KYhtleshSsf4IZlpxyD+Ei+juDX5sil8XKY95FYXR4D/bsRCxXx0cz767mIgoR5D"
    "+/4RUscqwVwYmIpwxVlE9ub7j8iDJep8OvflXWSo9gTunKCXuS5rQOmjnGlnhXkRJrHEyJ"
    "CkllZm0RW7ZsNZvgViOJE/STxbPKmwrsoSruJFtyrfarnIV6dbXdt2QCni0sUHc0SBTNXa"
    "B2IGALED4oDo10DE7XzZJvgIhN/GBxRBR+REiakxYXGaVDHnaoPPUSZeTeLctNijtIzsrs"
    "q9kgQm7UrPtCujmWzGt6h22lbr9CW+WhP00kuZN2kwHTg1bZEw3GxjWJJ0J5AOe7A3JJjL"
    "LV65E1TBnqbq01bQAfgVpuxS3XqmIZs9V7BjnKhry6aXYFNLduMGSGSylZkgiUW3yghJWZ"
    "ErzZByiBXK/Qr9nSIbuQ+hp5EP/ZSBO9NpdHwtdXyT72/y/XuW78+3PfveEjKwEew5sj5k"
    "F3SOvLF+urB+MOOLuIjxv26ur8qsnyVJ3n/g2gz8D3iuv7uOYxWyAovq5Z1fyftZZ4CYIL"
    "+80/pMAf1VIdkMqfHiaO3F2ZKxq9nntR1Hg3E6m3C4Zi6EOuHwgvjo2j+jmfDYdffMOwQ9"
    "Nr2lEPtu9NsLPprCmP0qR81UjhYGRjS8e29NYz/Mn8UJ88zQXrl7hXgKVMuNoWi4sYNq2E"
    "EYPTaBNhpuoK0BLUXQb3YqI6HoIcDrr7LS4kCGsRv1txuN7WJsF8306+el8m5Yw6ZsjKAy"
    "/Jl0rtKpw2Fbjnya4KaWwc3dqJezw3rMA6J+w/O7KZI+hNg2jfAMMSjWd5NwT5rGxHtMvM"
    "fo7UZvN3q7HhDvvt5+iR9c+SIFpT3qqdTYXTmmbnlq4CA057sVvge/s4MZ+uqbMWHf/pMv"
    "D8r+8Y3Np//2d8CmkIEJhaKItCguHUGnKEX97OlWmwnGvd6le12wrInyGY9fj3K/XWizNV"
    "2HNRTP42F5RddhwQdMvEbQxuM7rDP64KJHRAedALyBPC6KYFmNqcqjLBm6PukdHWea+PyV"
    "PGQFqvKEZ4QvZ4hLnAQZwhwHxpxyUyyI5Uu36vzZ9fX7jCZ/dpnPBf3xw9kFX/5y9fNBoX"
    "6ggBw9zV2ut7cwqLKUpqKJzuZU0K4aVWAKUe0Gf+MdqDmLs5RaeUWuyOPeC8Ng4w8x/hDj"
    "D2niD3nv+gxh/hvfQuXtXZn+/SrfiBePtCaw9g1eQEhKgMmYOAsQzoAc/pIE+K4nSsAAe4"
    "rse0AhBgQDiBfAjdYT2IPAQXOPLPYBBDaF/pT/Q+E2WfcjfsXCoh9DHwESMA7riwMwih0t"
    "f/GTacObwQj2FqIeTfgenMJ3HRQWqDFeGQ29MtKf1ko/yFJqpR8YNTCvJSAOYRsmp+m6Yb"
    "EpQlqfwwV9ZTu76nXAxuTpQ3QUWrGtZgdU7qtEDq27n1KxPilyROkz9861Zek98AhdxtkO"
    "7ggFe/w/R4QGxH2WL/j+5rkPiPItisiAgT2FyuDD+iauk60kMlkkLhg9Mf61MTSbs2WZBj"
    "FVpEstB/I/TSKTnolMKXY1cBQnRH2yxjr2ErOpKIfYGPwMmTkN2hb9e/5rm0Sh4vE9zN5b"
    "f4hPXUagvEJGSQ2B3QR3C1VJWKOA6pKgw4jqnKsoArROFvQGbjsJtRxFxm+pnE6T9KY24N"
    "oqleZ1xwKu1ZaegtzY9NpZfL0P7Rg259nsI9zme06RmQitzvxlyEMTCmdWVEuuufminsAY"
    "Mm0NGXmrqazV2UTjzlL14bxM12o3RXNvYc0gvVeVZCk/Q5OnM+do2p+jkeE8VcHu6iS7mK"
    "jDBLtlSxp1tadYt8w6x2Wtpb2C2Ej6tpJe2+JxfXWbbz9vSUvs1+YECDBFNqEiaMsNAKeJ"
    "d0VFukUvy6E+oPrBWLzHGNFmq7VA16fQzqYS7RLQikg3zrW7yUy2Y0DXTbcrLDOdMu7ibE"
    "dFVkAqEbI8HyCS+JuvGWLSzrpMO5P/L8BaUREuGt+7w4DDw8MakRU+qvwiA9GXCxYudL8o"
    "YkDkZ1iAOGleD7i1sK2AtoAsuUeNSqgsCXq3co+Gr+vEBIevy4OCoi+nv1KvCbrR8D442/"
    "Ir96QOumJYxeo9KeDr+hbfQN2HpscoM3RbPkW5XPIau3jmUJyQawhyQmTcaDUwFqErEjBu"
    "rfLHNzJ1FZTdmWbHp4cFYzdu08PeDatfN5HDCUWHKkRUJTgrjONGPZNeZIxoWQixRVRXOY"
    "GJ7+oc33UQdDwXoxbczpF2wmdz/qIdm+WX2byIZY6sf5rs+sssSshaVLPM0xmsV2NNA2y1"
    "PyJYpDZblc4yTPDrGduVgtxsWRqz28W264g0Qd/Fqvs3q7ldpDYf905wu+1ZYOUEhuc7wX"
    "OK7vi00+dwPTuFEewasz10JCqrFZarxxmi/unGG7kxPMKs+VeVITQyVOePqZfHbP7sFdQa"
    "VM5I5e2K5H5LZn8qfDxnEfWb7z8iDzK1k6HNbaG7kpeUzXEWv3AdKH1Ec0J3MU+uFky5G0"
    "bbY6W637SPgGVvkXoWXsmlVX0EKlW8vz1KyS0BfYQI2jbyn4lQlMQ4Wk7VR6CiDNP5GuTU"
    "TWqqPsHVQQ5ttMbKM2mTRbgyn9ZK1n6dOltzRH2Cwd5tdNQUcOuFAtd5AUIx44iyV7DqNo"
    "8WMyhydj+l67CKGay4EJbJ5N1SJm/MhaJUqDhBlSLaVOJN/09Q3fF3sZomUmeIOkzWGWwK"
    "+s07ecztKhvOipIXOLW4XSVL16fDVR1LEuPi6qGLS4fDtpp+XuaSgO4tpP2duSQgdWhUYW"
    "tlj5SWG1rJqczaVtbSNhLVYMO7DW2IQXQ/baYUsS+K9Yc2lSjWL33SgFBRt38KMUbeC5UR"
    "tv4HmHOVelljy1pQrYtIrVPa6wC1McqaGGV6W2IexJMgKiFfP+s3oelfVkOdQ4LlJwSVxw"
    "OdmatIq155OjAmM0fXahxdM8cwuzsi+F+Cmx2GT9F0KIt/vD0viuO4Uc/DAcZt0EO3QavM"
    "mOTWlvaRwcIlMT0xfE0kVZ9IagazcuN+ielK8z5h5HqLE33K1cGKPUsm1rlN65qruJaPHh"
    "B1WaPU6jxdh2qFg8aB4o6IpFnPkJC5yUeHeFDTgFyWzuDfFv+kwIPYeZpImiJlh7JGeIYn"
    "YcphlhfpDj3lzefARcyakkCVs1wOd46sf/6llzWAflmK88tCKgWaiZ/VDOQMUZcl6u7uik"
    "s5btTQeee4/BsLV2MR3psZ9LxSwZ0j7ZHkPh6+Ol3KavFHlXS++TB6/74ojiN0Wl7EUqQ2"
    "5710c3oYr9afiMEmGcaUSd8NdCtSjUyZ9A2VSVdIijUgbPK5tpfP9RNk9vTcI/b9QOHyTf"
    "XuVzl8H8U4y14OXJnPdY0RoOTxa/A4RRiwKQKiABmQdyXZ4oJ4ZN8DWUplHxAMIF4AN1pH"
    "B2AU9cscLVlCywezwJYlNjNJXRt5yq/Y4wuUgjsSYCfsxWRMnIW8RIuvX4dPAsaIPSL+0D"
    "0f0QfXRv5X0VMP5guTHaaj/1pyu51qm6HUSrU1FkzDsO0mZe0IUdeequRs1FMpY2Eyxlz1"
    "0Reh06JS53OLdOomXPKpkXW8qnxURWpkwbMqPqoGCEfDe4juUa0LVY4qLlQ5Kl6owp/IlN"
    "dill9KmiJ51n2kuqFdAe7aLiTd6mb25f+//DQg"
)
