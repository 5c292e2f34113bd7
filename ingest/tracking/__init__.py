"""Linking across documents: one person, one program and one agreement however each document writes them.

Extraction reads one document at a time; these modules decide which stored row a new mention is, and record
how sure they are (an agreement linked by wording carries its similarity score).
"""
