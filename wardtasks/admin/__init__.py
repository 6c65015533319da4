"""Administration screens of the secretariat: structure, users, audit trail."""
