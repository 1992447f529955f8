"""Data in and out: the plan as a workbook, CSV, open data, calendar and feeds."""
