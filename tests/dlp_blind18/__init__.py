"""The eighteenth DLP corpus (blind): security operations and incident response talking to an internal assistant
(SIEM alert exports and query results, reported phishing with full headers, leaked-credential triage, incident
timelines and post-mortems, vulnerability scanner and pentest output, payment fraud and account takeover, war-room
chat), with the assistant's answers, in English with German, French, Spanish, Portuguese and Dutch prose, and about
one text in four a hard-negative text.
"""
