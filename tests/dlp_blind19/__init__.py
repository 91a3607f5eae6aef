"""The nineteenth DLP corpus (blind): health-insurance and healthcare-administration staff talking to an internal
assistant (claims adjudication and EDI 837 / 835, member services calls and chats, HL7 v2 and FHIR data exchange and
prior authorization, provider credentialing and EFT enrollment, pharmacy benefit tickets, the payer's IT, operations
chat), with the assistant's answers, in English, Spanish, Portuguese, French and German, and about one text in four a
hard-negative text.
"""
