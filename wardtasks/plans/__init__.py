"""Yearly plans and their tasks."""
