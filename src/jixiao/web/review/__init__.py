"""Department and finance-bureau views: every unit of a year, ranking, charts, batch audit, findings."""
