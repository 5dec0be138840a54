"""The mobile patrol brigade (机动巡逻队): data, the month's plan, QR codes, the check-in log,
the month's report, scores and a simulator.

Modules: `data` (validated models), `builtin` (the Qianmen brigade), `files` (workbook and CSV
tables, templates), `sessions` (what one session is), `solver` (the CP-SAT plan; the only
importer of OR-Tools here), `draw` (the month's sessions, random times drawn), `checker` (the
independent checker, rules named in `rules`), `workbook` (the plan's workbook), `qr`,
`checkins` (the log), `report`, `report_book` (workbook with charts, HTML map), `scoring`,
`simulate`. Nothing is imported here, so that importing the package stays light.
"""
