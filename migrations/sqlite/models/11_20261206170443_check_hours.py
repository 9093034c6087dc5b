from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "check_hours" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "hour" TIMESTAMP NOT NULL,
    "probes" INT NOT NULL,
    "failures" INT NOT NULL,
    "b0" INT NOT NULL,
    "b1" INT NOT NULL,
    "b2" INT NOT NULL,
    "b3" INT NOT NULL,
    "b4" INT NOT NULL,
    "b5" INT NOT NULL,
    "b6" INT NOT NULL,
    "b7" INT NOT NULL,
    "b8" INT NOT NULL,
    "b9" INT NOT NULL,
    "b10" INT NOT NULL,
    "b11" INT NOT NULL,
    "b12" INT NOT NULL,
    "b13" INT NOT NULL,
    "b14" INT NOT NULL,
    "b15" INT NOT NULL,
    "check_id" INT NOT NULL REFERENCES "checks" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_check_hours_check_i_495013" UNIQUE ("check_id", "hour")
) /* A check's probes in one clock hour (UTC): how many, how many failed, and how long the */;
CREATE INDEX IF NOT EXISTS "idx_check_hours_hour_4a6ccd" ON "check_hours" ("hour");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "check_hours";"""


MODELS_STATE = (
    "eJztXXtz2za2/yoY/1N7RnVs+REnu3fv2K6beBvbO7F6u7PJDgORkMQ1BaggaEV3b7/7BU"
    "BS4gOkCFqiKS4601YmcUDyh9d5n3/vTYmDPP/weoLsp7334N97GE4R/5G+0QN7cDZbXRYX"
    "GBx6sqUtmshLcOgzCm3Gr46g5yN+yUG+Td0ZcwkWbX+bQAYgBryR+4yAJAUzSobI55cdMC"
    "FzsO8j+uzayH8T3nhz0JP35oLWZcCDPgMjEmDnENwy+WCH2PzJLh5v6Rlfsc8gQ2Afo3kP"
    "BLMecMgc98AMBj5yDiQpRt9Z+BjA3CkCkCLekw+mBLuM0B/8Q/GmAXZ/D5DFyBixCaL8fb"
    "/8k192sYO+Iz/+c/ZkjVzkOakRcR3RgbxuscVMXrvF7GfZUIAwtGziBVO8ajxbsAnBy9Yu"
    "ZuLqGGFE+eeI7hkNxDDhwPOi8YxHLnzTVZPwFRM0DhrBwBODLajDF1hd27Os+4eB9XgzsK"
    "y93ESIKRLjFl2yCRaTiL+qL79+LF7hx/7x6dvTi5Pz0wveRL7m8srbP8JHr4AJCSU894O9"
    "P+R9yGDYQmK8AjWgXh7V6wmkalij5hlc+QtncY1RLAM2vrBCdrVqmoB2Cr9bHsJjNhF4Hp"
    "1elCD5P5efrz9eft4XzQ7EQwlf6OH6v4/u9aObAvDEPsLnOVHM3GKMVxTNwbz34Waw1wjO"
    "VUAuRjgH7wRBB1E/j+9fHx/u1fgmSDIAO67NwP8Bz/Vz+4QC6GgbaMt0LsFVYCF6nvr+71"
    "4S0P27y79nsb7+9HAlsSE+G1PZi+zgKoP8kDiLPOwDfgqoYY/b15rUu4P14Obvg3Ksp4vo"
    "zqeH+w9x8+wApLHmz+XnNfQsH/E3cRTTvfggVJCuPxY3ta+cH7X6XFwhLFgWEjBrqoNtmq"
    "g5VI+P+D87Aiz6PkM2/3xLcJCBAt3ig1BB2uCJ2D86+vHk3btmTsXj8wrH4vF54bkobqVx"
    "f0KLOaFajEeCpAubdIa/O6sCMW9VzN2dFYFsccEPhcs9jfUVIR6CuBTuBHEG9SGn3tb0Xl"
    "5p9nS8enj4lDodr26zx9+vd1c3fK7LYeCNXIbUG8u/fA7VKEa26hxPU5lpXmmaS9A4D8E/"
    "VxfqJZWBuhLUDhpTLp44eoxIhqoWJ9I2rDfMh/DuRy6daoCaoGiOtevvCJzQ88icyxTeyP"
    "LdMUaKTbj08FPSm/NP4/yzKRKYWEOFFH7ljoundYquQ1vFu37/5ORt/+jk/OLs9O3bs4uj"
    "5STP3yqb7Ve3HwTcqWEpxh8q+L6f+B0hHJaPAFQxfU5Eehj/aFSzek/m+wdbUozc3t08Di"
    "7v/paa/z9dDm7EnX5KMxJf3c+enctOwG+3g49A/An+8XB/k1VYLdsN/rEn3gkGjFiY7zjQ"
    "SaIRX44vpQZY2EAsaT2pNcoK8g0MdcuWXufGW4vtSlB0aB/dGI8g4SlS+5SDWqjxMcDGEI"
    "2g6wVUSyLL0nVPJjvpVxDJTvqFEpm4pcDaQYyjpmNkypAZQ1N9Q1M0YX3LxRble3f1rURB"
    "2ZwktysKegESfx4Xw7Ct2E3KmZwcsWFx2szi2Igyd+TaHHwLfZ+5Ym3UkF8KezGjvyujP4"
    "cUc7nEgQsd3qykB8OnKbZWD85m9ffWHLVZXm1eXjNK/oVsZmn5KaaJmuNOdmgVRQ6kerim"
    "iTaD6847ggrX2tGT0g80mod5hH8mFLlj/AtaSKBvhSewejuKPKb/tuppxybuH/Ekiq+uhp"
    "jC+dIjObNmOQL8u1Gopr++fLy+/OlmT0I9hPYTPyUdqwDzCQlUnotXEdnPv3xGHpQfUQi2"
    "dE//yPvpENwSO9InSsyidZ1H7QGjAeH/qThL71b97NQ2UHWOpve/CnM0Dbi4Ne1Ps1cghm"
    "P5yeLlxKvkpmFRCEU8R9eEUVjLNbE+luIyDG34wY+DG1wMCEbA9oj9BERHYP/XwfXBexnx"
    "wN990Vv+AkJwRU5vGRDhETwGbCJnTCqaYitP+Ypn0Ods3Vh05QNGyFMP2CTAfBaKB0Awcv"
    "ncAhPXZ2RM4fQ9+Da8/wZcX1Bz9KdDRAEZgbib6N3mE+LzzmX8BUfNk287DOwnxMC9aL8M"
    "+xAKVv8N314QtheHswXY/3bz04ebR+vu8VuPv+f4R38Gbf4KI0qm4PgITMVrfsUnfeAfHA"
    "K+0ADlHwSj8BKIQyhE/Ah65u8mIj9i11P+/Y7Du2IEhAc0GC6iX1/xfuaVEtOAv9ZBD/gE"
    "hLcARdDxAWRgyjk3cHx+IV7BX77DiFD+e47Q0yEYCIyRMxYhLxRxmCgTny/DWwSCknCKIH"
    "4PiIhDAWFbjPhrQhxekjOzB/hf4vOQ47KiCJYv4eQVd8WL7/3zJSEtZbbbjkW1NGKxLY59"
    "mUR7ko5QFtM0Y7V9hZOlK6IY3w71xLCIwCiIVQpioUWvoXg3gKoAHR5pQBk2NiDmQDzWAf"
    "HYgKgEsa8DYt+AqATxRAfEEwOiEsRTHRBPDYhKEM90QDwzICpBPNcB8dyAqATxrQ6Ibw2I"
    "ShAvdEC8MCAqQXynA+I7A6Ka2dYSWY6NzFIAo57QYqSWAhi1xJZjI7cUwKgluBwbyaUARi"
    "3R5djILgUwagkvx0Z6UcIYms+0XGWSJMYBab2rzNLW90JHmWVqwR2Dt6oLQnJe6TrJ5F1A"
    "NuescEMpoR8oCWZ7Cm+FxN1embsCEu2ssWhY1V/B8wBFM0KZD+Yum0g3ghFHGtEZB5wdgm"
    "vhARBarNF33teflu3ZBE195D3H9mwaYOQc5p0VtvIIpcU75TC2fEDO9P0l4y0VRnchhMOW"
    "xireOqt4cjRzw1AcW5Yh62CGyPPTCrFl56eFsWXiVibpmEBHA+O4fQfB3UoylSnyfX4G5C"
    "EuzlKYIOkEyk1nKrQDj+8BWjtHgqSDAalHR1UiUo+OikNSxb00yL5wsXOZIvFHMcpJmk7M"
    "7G0n0NPPV/gqaQrJDOG9HYVYOMr5ITeoxfCl6RrMu9kBxi/J6NGYF8+hvyYyLUXZqgQ2xh"
    "cy6wu5krg0RzlFaAa5/YNMkYegr58RJEHXPQasX4kB65cwYP08AzYNRP6uADNVUpDyVZUh"
    "NSG9bV5WYrAswhlna8b/VccLFIegKolNnLwimaRdlMiweOdK0nRw19qGOkQUBCIKNqAUZH"
    "X4aQcg3rw4E05J/XwqSTpzHrT5PKBI9ObXGuUsrRnpdo/0iPc2sZwA1RrrLHUjo23CBV80"
    "2DWXdZrWLOs2j7TJ0WOyyTS7bHYpm4z0felaNpn0Ri99XTaA0mfZ085u5lWS7mzY46ooPU"
    "xq0q3zt9JID/Ng2wGliO8uPpghCqSrVi9MUyLyscQG0fcgzC4irolxBEJvEyYbET5RomuR"
    "AiSaOnmfqy0+R+l4NY5902KN0tKyu873apWbxLhdtc7tynAm29Ettj/Ji2HmazLzxg2mAa"
    "WmzEqmdzAsSToTntGwZ4Y84pUnQRnsSaouHQUNgF8iyi7ZrRcKsum4gh0biaqybHIKti7k"
    "IxLZikSQlUS3TghJSJFrxZBiiBXM/Rr+nSIbuc+hppE3/ZKCO3XT8Pit5PGNv7/x9++Yvz"
    "8/9uwnS+yBWrBnyLrgXdA48kb6aUL6wYxP4jzGxZW/EiSm6lf9ql9JfiaH/jqTbIrUaHFa"
    "rcV5JWG3ZcvrdRQNRulszOEtUyFUMYfnto+m9TMt2zx2XT3zEUGPTQYUYt+Nvj2no8m16Z"
    "UpaiaytRAwouaVa4pEhVN+8IE9gXiMZNUMJuy1+1HNmEf51zP0AuQf9MI8G6LcxerdPiPo"
    "EyyrUOTMxRt/wlfMP5ayIZKFMeKuRQoPUegiWk78SggJEAEJQBYI2U+V1WCidMhBkdl5jW"
    "ZKW+f0n6JweqEZs1iV9MQ/S0fyi9s3GJm8nJZ7OYzTt9op+r1W2bl2uflu2hxPPK1pGzU3"
    "uooKExYjRW3sYmij5gbaCtBSedzqoLui6CDAm8+EVCNoyuh22q/bMfoFo19omQz8Mnf7LU"
    "vBEVOsFn9XHHOp3Bs2e2XvBOOA0EoHhN3IabXDfMwzor5mjH2CpAtm8G0jPEUMivmtY5JN"
    "0hibrLHJGr7d8O2Gb28HxLvPt9/iZ1e+SI5pj+6UcuyubFPZPOUgNOOnFX4C39jhFL3585"
    "Cwv/w3nx6U/defbd79X74BJqqcjykUid5FAvgIOkW6+Bd3t15MMGahJs1CYsh0mM+4/WaY"
    "+9eFNp13uV+B8TzpF2dd7ud0wMTTgjZu36DF7dlFc0Tz5rbdULLbFMGiPHCl4WYpui7xHQ"
    "17g/n8lTxkBaoUoleET2eIC5QEKcLMCAw55baGIN5fmmXnrx4ePqU4+avbrL/2r3dXN3z6"
    "y9nPG4X8gQJy9H3mcr69hkCVpjRZh9osTgX1MsYFJlncboyvLYQzz6s1yFlaM9KtHumI16"
    "gxzinKVum/7sl8/8AMsNF8Gc2X0XzpaL4+uT5DmH/jB6ispZi63yvTgnlxS2sMK9dTDN2Y"
    "MRkSZwHCHpDDX5IA3/VEQi4gS1ACCjEgGEC8AG40n8A+BA6aeWTRAxDYFPoT/kOhINv0I7"
    "5iobsZQh8BEjAO68EhuEx4aS+7Des0EuwtpB+3fA9O4bsOCtOFGf1bC/VvUnNaiz9IU7aK"
    "PzBsYJZLQBzCOoOcpGtmiE1K6OojnONXXudUjYKAVAdqfKv0LI1iEKqmycTiPOHDGtp55p"
    "DxE83nJ1Z0JiXCj8gcR4FKIoelg6DjuXgVtfQLn3X8NLt5RnSRO0m385ivOCIHEyg6y0VC"
    "yS4goAGOr/TkJWnHQjQ6vfe/yVrc3w7+JA/cr9hH9Nm1kf8mxvLNnLoM0cPZAshffngGA0"
    "rmhak6zUFs4qPa4IO1ndKYWrawJYGBtwK88ZZXg8HIkJqqEy1jMTLmNlXSpDVigqvWhhg9"
    "cavGtiUCghlhoyjeAUbOKIp3TVGcsIgJySk/PHFBDS73DQj/z/qyGtdxRzu5p6kLamhI/Q"
    "8BG5Lvd1E6SoXsn27QK9MAENm0qhadikOHIkeUn3BHri3HiUvoLhPi+ogL0fv8X0eIzEJG"
    "P+AiuecK6RswIgVpm0v0KufSzXVcJRptKWNg9J3xI5Sh6YwtU+WKrqKFsWzI/zSBau0MVE"
    "sMl4Yj4IqoS0drw16AbCISAmmDnyIzGfnqom/0Vlt04Vanci3OUlyQx3U3wS0TvraUGbr1"
    "SsK9GWdRBGiNTOgtVJwOuRxFRHfhPp0k6Ux9lo2lp8ryjjlcy9U3CnJjyW+1GqeTDp1mmH"
    "O6doTrrOcEmdHGtnl8GfLQmMKpFdXz0Bdf1B0YQaauIONBn1myXpIOx52m6kI+lKbZbopm"
    "3sKaQvqkSotdnCMlS2fypNTPkyKdeFVFE8uDKGOiBgMol1eSqKs1xW2LnHRcVnu3VxCbnb"
    "7uTt/aAh5dVZu/vhG6ldhvTAnQ3szfO2fZT0VBY4psQoWDC5erHB2llYr0FZVXR+0B1Q+G"
    "4j2GSHO65ui6ZDHbljPKCrQ80tr+KI+pznYM6KouKblp1qbwxdgjSOFskXAWKnaziA7S7a"
    "faNaEDTYYOyP/nYC0ppBC171wOrf7RUQWDFW9VXKNX3MvYYAU8GujG7Rs0ChK5DHMQry5v"
    "BtxK2JZAm0OWPCGtzMNLgs7N3OP+RRVTa/+i2NYq7mX4V+rpoBs174IOMztzT6ugK5qVzN"
    "7THL6ub/ED1H3WzT6Wonvl5GPLKd9izdkMisRSmiCviIx2sgLGwiJIAsalVf54LVFXQdmc"
    "aHZyfpQTduNr7ZB3wyqGOvvwiqJBFiIqrpXejOOL7fQlkqa3ZQB1DWO5sgNjNm+z2VwOmX"
    "5RkAxZ91iczZetkJDVqA6SpTNYr8faxbbrCM8dikZ8sUxq7GUFXZh46hZvZiGLqkwfXby+"
    "UkTdW1z9syp8Am9VLKmd5TiFCDP9VZUiNJxBmxcT9Dwy52NFqDt2sYI7KPbhUpB2YWE17c"
    "jVSc/k//RUsxopxjIh1oolGMdY//zL5qKrd8XQmPYFEw6jlvQoeiFMN6KnD6KjTmO1CZQ+"
    "oxmhu+gkUAkmfgf7ruj6hVh9lOqnwbK7rgKWrjz7IrxWhW67CFSi4Fd9lFaVxboIUTKDZX"
    "2MEskyuwgStG3kvxCiyM3lctlVF4GKfJBmG9jMHxNddQmuBrysojlW7Gu1moRrPa6s1dyv"
    "kuBmhqhPMNgfRDFeIPARBa5zAMK92BH5ZmBZmcQaPSi8ur4ks1mJHqw4A43x9XolX694FP"
    "K7QknoQoJoW6bZ7ocujPi7WLqudimiBs25eVvuzihrTdnKLdvNZWXcGmUr03Rdcr9veCcx"
    "itIOKkrbEOXW0uVlUq02LyH1dqYmVyKsSCFrpYOOigWtVdxOZSlrKRuJNIxhlQ8bYkCRjd"
    "xnlMoB6ovaWKFMJWpjScU9EMU6BC3GyDtQCWGbf4CJvGmXNLZMwlI7e8smd/s2QG2EMh2h"
    "rN2SmAfxOIhyN1d3/1vRdMGJIg1zlTCS4hgSZQCJM3UV/pVr40diMhPcUCG4wQTqNBdE8r"
    "8E64VLJmga3It/HVznt+P4Yju9hI3aoINqg1r+VatyCfUtg7nqDB0RfI0ltT2W1BRmxcL9"
    "EtO14v1qIDebvuJLJlNKrFkyts7XlK45i2v56BlRl2mFSGTpGmQrHDQMFMnZV5fbaRIyJT"
    "TaYA/SNcil6Qz+dfFfhQCLk0dnp8lTNrjXCM3wOPTLTI9F8kY795vfAxcxa0IClctkMdwZ"
    "su7pl84qAH1WiPNZzpUCTcVn6YGcImoyidFolJ/K8cUWKu8cl6+xcDbm4X2cQs8r3LgzpB"
    "3auU/6b8+Xe7X4o2x3fry7/PQpvx1H6NSsgJCnNnGbbVN6pKsukdlMMDHIFsG2OjuVgrR7"
    "R0K/ih6xX6xH7Of0iDFsNaqLpCjNumrzujLa4o4PsHEyMwmqdwPdEhc+k6B6SwmqFTvFBh"
    "A2fpKv5yf5G2T25Noj9tOewpSSuNsrM6TMRTvLXjZc6yf5gBGgZP4ezCcIAzZBQGT4ArL4"
    "jy0qniP7CYi66U4PEAwgXgA3mkeH4DK6L30f+UXKfDANbJncMOUsuZWnfMUen6AUjEiAnf"
    "AuJkPiLGRVKD5/Hd4JGCI2R/yh+z6iz66N/DcSozfRsw9nC+N72UbrkBzzegxuirJVDK6R"
    "YzSdIra5414i6toT1W4b3SndaeGqjSm10JVNp0ZCzJfmwmzb5pJ1PK5is+CtShyPc3YLsa"
    "g0EI6adxDd40oFLY5LCloc5wta8CcyZbXH4lqbCZIXldlsG9ol4G6szuarHmZ//D9OXMUa"
)
