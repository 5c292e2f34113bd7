"""Parse any supported file into one `ParsedDocument`, whatever its format."""
