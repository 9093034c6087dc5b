# Time zones as people type them (services/text/zones.py): the chat's /timezone, schedules,
# maintenance windows.
error-zone-invalid = I do not know that time zone. Send an IANA name like Europe/Moscow, Asia/Kolkata or America/New_York, or an offset from UTC like +3, +5:30 or -03:30.
error-zone-offset-range = An offset from UTC is at most 14 hours (Kiribati is +14:00), with minutes under 60: for example +5:30 or -03:30.
error-zone-unavailable = This time zone cannot be loaded: the server has no time-zone database. Ask the operator to install the tzdata package, or send an offset like +5:30 meanwhile.
