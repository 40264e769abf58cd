"""Ingest: from an article's text to proposed quotations, speakers, paraphrase and events.

reading (bytes to text) -> cleaning (a reading text mapped to the snapshot) -> quotations, cues,
indirect, dates -> matching (against the database's index) -> proposals. `propose()` is the
entry point; services.py writes what an editor accepts.
"""
