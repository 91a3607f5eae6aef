"""The twentieth DLP corpus (blind): retail, e-commerce and logistics staff talking to an internal assistant (customer
support, warehouse and WMS, carrier and 3PL integrations, point of sale and payment terminals, loyalty CRM, the store's
IT, staff chat), with the assistant's answers, in English, German, Dutch, Polish, Italian, Spanish and Turkish, and
about one text in four a hard-negative text.
"""
