"""The twenty-second DLP corpus (blind): public-sector and education staff (city councils, tax and benefits offices, a
university's admissions, registry, student finance and IT, schools' administration, a public library) talking to an
internal assistant, with the assistant's answers, mostly in English with German, French, Spanish, Portuguese, Italian,
Dutch, Swedish, Polish and Turkish, and about one text in four a hard-negative text.
"""
