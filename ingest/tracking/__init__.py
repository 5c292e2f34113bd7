"""Linking across documents: one person, one program and one agreement however each document writes them.

Extraction reads one document at a time; these modules decide which stored row a new mention is, and record
how sure they are (an agreement linked by wording carries its similarity score).
"""

# Sessions of its body without a mention after which an open agreement counts as quiet.
DEFAULT_QUIET_SESSIONS = 3
