"""Briefings to hand up: a place's report as Word or PDF, made on the server, offline.

`briefing.gather` collects every figure and name from the domain functions the API answers
from; `document.compose` lays them out once (title block, headings, numbered tables and
figures); `word.render` and `pdf.render` typeset that one layout; `report.make` does all three.
"""
