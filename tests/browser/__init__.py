"""Browser tests: the example site in headless Chromium, read as a stakeholder reads it."""
