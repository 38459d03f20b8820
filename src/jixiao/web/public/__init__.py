"""Public disclosure pages: published dossiers, read-only, no login."""
