"""Writing a story's facts in a language: `formats` (how a figure, a date or an amount reads), `writer` (the
one writer of a fact as text: its value with a marker's options, label, tooltip, formula; a series' values)
and `page_writer` (a fact, a quote or a text from the data written into one page, linked to its record, with
the page's own record of first mentions)."""
