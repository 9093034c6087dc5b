# main.py export, import, backup, restore (cli/backup.py, docs/backup.md)
cli-moving-table = { $table }: { $rows }
cli-moving-exported = Exported { $rows } rows of { $tables } tables to { $file }.
cli-moving-imported = Imported { $rows } rows of { $tables } tables from { $file }. Start the app again.
cli-moving-backed-up = Backup written to { $file }: { $rows } rows of { $tables } tables.
cli-moving-restored = Restored { $rows } rows of { $tables } tables from { $file }. Start the app again.
error-moving-not-empty = the database already has data: import and restore only into an empty database, or add --replace to delete what is there first. Nothing was changed.
error-moving-newer = the file comes from a newer version of Error Monitor: upgrade this one first. Nothing was changed.
error-moving-older = the file comes from an older version of Error Monitor: import it with the version that wrote it, then upgrade. Nothing was changed.
error-moving-corrupt = the file is damaged, cut short or not an Error Monitor export or backup. Nothing was changed.
error-moving-no-file = there is no such file.
error-moving-sqlite-only = this is a SQLite backup: it restores only into SQLite. To move it to PostgreSQL, restore it into a SQLite database, then export and import.
error-moving-cannot-write = the file cannot be written there: check that its folder exists and that this user may write in it.
error-moving-app-running = the app is still running on this database: stop every instance of it first, then try again. Nothing was changed.
error-moving-is-database = this file is the database itself: write the copy to another file. Nothing was changed.
