"""Tasks, dossier records and their versions, cell editing, upload and the workflow."""
