"""Words a person reads: HTML-safe notification texts (`render`), translations in Russian
and English (`i18n`), ready-to-paste snippets (`snippets`).

May import: core, models."""
