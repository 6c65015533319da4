"""Monthly progress reports: the page, closing months, exports."""
