"""Starts the assistant: NLU lookup tables from the catalogue, a Rasa model trained once per data hash, the
action server and the Rasa server on loopback ports. Used by `make run`, the end-to-end tests and the
benchmarks, so all three start the assistant the same way."""
