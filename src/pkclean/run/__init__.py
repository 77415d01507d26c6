"""Running a batch: the per-file work, worker processes, progress and the summary."""
