"""The audit stage: checks that find what a careful reviewer would, located and explained."""
