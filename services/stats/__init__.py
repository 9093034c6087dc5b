"""Figures for /stats and digests (`figures`), and the chart (`charts` shapes the data,
`chart_figure` draws it with matplotlib).

May import: everything below it (core … grouping), models."""
