from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "subscribers" ADD "timezone" VARCHAR(64) NOT NULL DEFAULT 'UTC';
        ALTER TABLE "subscriptions" ADD "quiet_hours" VARCHAR(5);
        ALTER TABLE "subscriptions" ADD "digest_hour" SMALLINT;
        ALTER TABLE "subscriptions" ADD "reminders" VARCHAR(8) NOT NULL DEFAULT 'off';
        ALTER TABLE "subscriptions" ADD "digest_sent_at" TIMESTAMPTZ;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "subscribers" DROP COLUMN "timezone";
        ALTER TABLE "subscriptions" DROP COLUMN "quiet_hours";
        ALTER TABLE "subscriptions" DROP COLUMN "digest_hour";
        ALTER TABLE "subscriptions" DROP COLUMN "reminders";
        ALTER TABLE "subscriptions" DROP COLUMN "digest_sent_at";"""


MODELS_STATE = (
    "eJztXe1zmzga/1cYf0pncr3Eeb3e3t4kabrNtkl2Gu/dznY6rAyyzQUDFSIvt9f//SQBBo"
    "HAiNhYpvqQSSLpEfB7xMPzpkd/Dua+Dd3w9SVCPvoJ+VEweGP8OfDAHJI/BL27xgAEQdZH"
    "GzAYu2w4pOPMKR3IOsA4xAhYmPRNgBtC0mTD0EJOgB3foxRnrmsgGPgIh8ajg2eG70Fj4n"
    "hTiALkePi1ceFHHukECBrwicz198V4PIPzELoPMO4NUORB+zW9ru1b5MJklvVdIvKcrxE0"
    "sT+FZBAiF/r8eRAg/z+QPC7pz11g8OULaXA8Gz7BkBtoOjYd64IQmyGEXjwyuDcnDnRtjh"
    "PxSNZu4ueAtZ070ysPv2Nj6VOPTct3o7mXjQ+e8cz3FgT0ZkjrFHoQAQzpFTCKKFu8yHUT"
    "Lqacip8wGxI/QI7GhhMQuZS5lDq+gaxtYJo3tyPz7nJkmoMS41OKHKOSJsv36KIhtxoyAK"
    "b0Fv7yt+Hw4OBkuHdwfHp0eHJydLp3SoGjfeWuk2/xzWRoxVMxzK5+uroZ0RvyycqMly1t"
    "+MZoAAYxFeNThn6emyU2XMwAEjOhQFbgBnnMIjdS7OvYkTZk/MjerS4YMgdPpgu9KZ6Rf4"
    "8Pa7D+19mni/dnn3aOD1/xgN8kPUPWRaHPoGboSGCcju8huMOj4wboklGV8LI+Ht85DEMw"
    "FUA8gk8VsiRH0guUa0AdXf7GhMM8DL+6eSx3rs9+YzDPn5Oej7c3P6XDc9hffLw9L0BuRS"
    "6RAVKSI0fSCvJERKuCOL+uD/b2GqxrMqpyXbM+HuQQPkCC2LMMynmaXqxsHuf9JuJjv1p6"
    "7JeER4gBjkIpiBcU3QE88AOiS20pxNgh4jbWBqUUPp5uueK3KrD3e6D45RU9lOriJfTfEu"
    "QoylW6Xp6ygL+dkL5O/9hC2VL31by6vrwbnV3/wn06356NLmnPkPtspq07xZdiMYnx76vR"
    "e4P+a/x+e3PJ4PRDPEXsitm40e8Dek8gwr7p+Y8msPOYpM1pE8fmzOKS5DJHqJmsPpMRdC"
    "EIpSyKIl3/FLBhIwVsWKOADcsK2DwiYJiRhx1X9q0qkK7gvVIM/j69VpRZpk8UZzMgPzM/"
    "QmV2V2opYuJW2opiLE70leH+4cnh6cHx4UJNWbTUaSdlTQRY9J0YS9kzeZoeSq11uEMIZP"
    "Sm5EBOKPoH8erNmXhJAoHzo/6TkKfT3wOVvwcI0tnCVlwu0mpOq83pCZltZtoRbMXrInUn"
    "3O4yWNVDZrd8rXla/VqrzGk+GN1QkeeJunM3Kq7B0/j95F4YQ+aSA/IYv/MRdKbeB/jMoL"
    "4iNwU8S+R6SNIxfslm2jKIv6XLKG3N3mwEHhdpD4XVRRAgzw1xrJif3V2cvb0cMKjHwLp/"
    "BMg2KzCnBqYgXHGekL378Am6oEKdz+e+vE8M1Z7AXRD0LNdlBSh9YjNtrTAvw0SXmD/0c0"
    "uLW3TlrvlwXmwBHpiyR6LXplcqrauqhKt00S3Lt1os8uXpVreWFSEEiXQJjQAig6Vq7Rp0"
    "BgN4tpEGRN8YNG4XsjbKR4P6bUIDQWDTnCg6tefjNE2qnHO1xusIE6+maW5a6lFaRHaX5V"
    "4xAp12pWbaldZM1uNbFDtt63X6Cl+tDnqppczrNJgOnJoWTRiW+zAsSLoTSHs9+DZkmLNP"
    "vPBLUAd7nqpPn4IOwK8xZRfq1gsNWX5fwZZxoqktm1+Cspbs2g2QxGSrMkEyi26ZEZKzIp"
    "eaIdUQC5T7Jfo7ghZ0HmJPIxn6mYOb69Q6vpI6vs731/n+Pcv3J589696kMlAK9gJZH7IL"
    "OkdeWz9dWD8eJou4jPHPd7c3VdbPgqToP3AsbPzPcJ1wex3HImQpFvXLu7iSd3lnAJ2guL"
    "zz+kwJ/WUhWY5Ue3GU9uJsyNhV7PXajKNBO511OFwxF0KTcHhJfHTtn1FMeGy7e+Y9BC6e"
    "jRDwQid59pKPpjRmt85RM2OjqYGRDO/eWyPth/lenDAvDO1Vu1d8V4BqtTGUDNd2UAM7yI"
    "OPMtAmwzW0DaBFEIRyuzIyih4CvPoqKy02ZGi7UX27Udsu2nZRTL9+WSrvmjVshMcQCMOf"
    "WecynToetuHIpw5uKhnc3I56OVusxzxAFEru382R9CHEtm6E5xADur5lwj15Gh3v0fEerb"
    "drvV3r7WpAvP16+5X34LAbKSntSU+txu6wMU3LUxs2hAH5Wnn3xh/49Rz+9Yexj3/8J1ke"
    "CP/jB4tM/+MfBp4BbEwRoEWkaXHpBDpBKeoXT7fcTNDu9S7d65RlMspnOn41yv1moeVrug"
    "4bKJ4Hw+qKrsOSD9h3paBNx3dYZ/TBgY8QDToBeA15XAiCqhpTtVtZOLo+6R0dZ5qE5JZc"
    "aEai8oTnPlnOwKtwEnCEBQ6MCeW6WJDKl27V+fPb24+cJn9+VcwF/fX6/JIsf7b6yaBYPx"
    "BADp8Ch+jtLQwqnlJXNFHZnIraVaOKdCGq7eBv+gWSZzFPqZRX5MZ/3HmlGaz9Idofov0h"
    "Mv6Q2wiP/afrZNOWwC3CD9it8474bGhT5wiChGcI2rRIizNxLFYkyHgEDiaIGxMfGTvkx6"
    "ZODHry1iuDXM95gOjZwD5zbVgzIHSTrG7iJnFVGnNjuHjwCZNPA4bzAOuw6qYNpRqvC+Gu"
    "9O6IHFGfvg0d26x4RoszSYPPkem9KW3RvydPK+MTS8f3MJdg9Q5H8abG6v26FTsatxPcDe"
    "yRxlLu3QVBh/7dgKghFLROFvQaaq/Hmowg/6hSTudJelOpaGV104r6YQnXeueDgFwpD4R2"
    "NH0XjibN5iKbQ+i1eZ9zZNpfrDJ/MXThFIG5mVS2kTdfxBNoQ6atIcPOWGOVw2Q0bp6qD9"
    "m7XavdCAbuszkH6F60Qbw6o7dIp7N622f1hg7R+UXlQ+tD/ilRh+H+RUseddmdLZuJ89sO"
    "bi3tBcRa0reV9MqWsumr23zzUVQlsV+ZEyCMxvQ+xhDJAVui61MUYl0R6gy0MtLSQeo7br"
    "ItA7ppnLq0zFQKVadpAoIgdS6DoDo8nQin9W+21Vn0XWbRs98lWGtKqSTje5dFv5aDuRk8"
    "Euim4zsMtPjsNSxBnDWvBtxG2NZAW0LWv4dSe48XBL1bufvD0ybhq+FpdfyK9vH4RkhwlH"
    "w1usnwPviFiiv3sAm6dFjN6j0s4euEJj3N+kF2/wFHt+HtB4slr7A3IgA0tVwS5IxIe3wa"
    "YEyjLH6EzRCSy9syMW8BZXem2cHxXin6nbapYe/GZSNl5HBG0aEKkZTX44Vx2qhmfgYLZy"
    "wqCLUIQAon0KFIlUORNgS263htDlAvkOrT0xVmM3sz5as/Fcj6p8muvj4Rg6xFGagincZ6"
    "OdYo8kxWq6JdSaIStf5UqSzDKL9e8LkSkOtPlsLsdjzLsWlGW+h4ooOr6rldptYv91Zwm+"
    "60ayPNhRNonm8FzxGckGlnL+E6P4UW7AqzPXYkCsv8VKvHHFH/dOO1HLWZYCb/VnGEWoaq"
    "/DL1ckfI9156pJSAVJ0dk0sxZedes0RFgY/nPKF+9+ETdAEWOxn6fAw6n45Ln3AVKGUHkv"
    "cRpsLRXO2xEh0M1kfA+OMXXoRXdtpDH4HKVb1tj1JWXrePEAHLguELEUqSGM8WU/URqCTD"
    "NFiBnLrLTdUnuDrIoU3WWHUmbbYIl+bTmtnab1L2KYAo9D1jZ5TsijSI9YIMx35lxGLGpl"
    "WYQF0Z7BYzCHJ2P+cLmNEZaMbzF53Ju8FM3pQLZalQs9knR7SuxJv+b/aZkHsxZROpOaIO"
    "k3UG64J+/U4eXZZ8zVlR7OSDFmXJebo+ba7qWJJoF1cPXVwq7AtV9PXS1XW7t5B2t6a6bm"
    "7TqMDW4reUVhta2a7MxlbWwjaihUvjQ4Es4BnJwW5cZdzQ2AGJTbVLzCbmkzZ8RP4ktJ4H"
    "3VciI2z1F9D7KtWyxhZli1rXO1qltFcBam2UyRhlaltiLvCmUVLRvHnWb0bTv6yGJpsEq3"
    "cICrcH2nNHkFa9dHdgSqa3rjXYuqa3YXa3RfC/vie3GT5H06Es/nV0URbHaaOamwO026CH"
    "boNWmTHZISLtI4OlM0t6YvjqSKo6kVQOs2rjfoHpUvM+Y+RqixN9LtTBSj1LOta5SeuaqL"
    "hmCB8gcrBUanWRrkO1wobjSHCcQdasZkhIHzqjQjxoA+cEa/zf5JIczbnkaeNlyg5lDfUM"
    "T+OUQ54X+Q415c3XyIHYnPmRKGe5Gu4CWf/8S0cNgD6qxPmolEoB5/Sx5EDmiLosUTeZlJ"
    "dy2qig8852yDsWr8YyvHdz4LqVgrtA2iPJfTA8OV7IavpPnXS+uz77+LEsjhN0Wp4ZUqbW"
    "+71Uc3por9Z3xGCdDKPLpG8HujWpRrpM+prKpAskxQoQ1vlcm8vnOoPIsWYDgbs36dmtc/"
    "SCbIwuP79NwnO3xpHbonrcSwvHqfZeF9N1mlj6ZFRNuk7J2qcvlQTCyfAeorvfqMj/fk2R"
    "//1ykX9yRSw8Vaz6TLccyYuOc1MN7RpwV3aem0RcfPUfs2//B3fynqM="
)
