# main.py export, import, backup, restore (cli/backup.py, docs/backup.md)
cli-moving-table = { $table }: { $rows }
cli-moving-exported = Выгружено в { $file }: строк — { $rows }, таблиц — { $tables }.
cli-moving-imported = Загружено из { $file }: строк — { $rows }, таблиц — { $tables }. Запустите приложение снова.
cli-moving-backed-up = Резервная копия записана в { $file }: строк — { $rows }, таблиц — { $tables }.
cli-moving-restored = Восстановлено из { $file }: строк — { $rows }, таблиц — { $tables }. Запустите приложение снова.
error-moving-not-empty = в базе уже есть данные: загружать и восстанавливать можно только в пустую базу, или добавьте --replace, чтобы сначала удалить то, что в ней есть. Ничего не изменено.
error-moving-newer = файл сделан более новой версией Error Monitor: сначала обновите эту. Ничего не изменено.
error-moving-older = файл сделан более старой версией Error Monitor: загрузите его той версией, которая его записала, и затем обновитесь. Ничего не изменено.
error-moving-corrupt = файл повреждён, обрезан или это не выгрузка и не резервная копия Error Monitor. Ничего не изменено.
error-moving-no-file = такого файла нет.
error-moving-sqlite-only = это резервная копия SQLite: она восстанавливается только в SQLite. Чтобы перенести её в PostgreSQL, восстановите её в базу SQLite, затем выгрузите (export) и загрузите (import).
error-moving-cannot-write = файл нельзя записать туда: проверьте, что папка существует и что этот пользователь может в неё писать.
error-moving-app-running = приложение ещё работает с этой базой: сначала остановите все его экземпляры, затем повторите. Ничего не изменено.
error-moving-is-database = это и есть файл базы данных: запишите копию в другой файл. Ничего не изменено.
