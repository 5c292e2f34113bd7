"""Spanish (and the little English municipal documents carry): word lists and the small functions over them.

Lists of *forms* of the language (titles, office nouns, months, numerals), never names of particular people,
places or documents. Each list lives in one module here and nowhere else.
"""
