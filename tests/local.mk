# tests: added by each test area
