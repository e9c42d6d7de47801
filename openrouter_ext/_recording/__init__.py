"""A recording of any length as one timed transcript: cut into parts at its silences, the parts
sent in parallel as single calls, their answers merged onto the recording's clock."""
