"""Full-text search over task titles and texts, notes and branch names (issue 17):
the index (:mod:`.index`), the queries (:mod:`.query`) and the search page (:mod:`.views`)."""
