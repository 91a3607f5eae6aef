"""The twenty-first DLP corpus (blind): telecom operators' and energy and water utilities' staff talking to an internal
assistant (call-centre transcripts and chats, field-service work orders, billing and CRM exports and direct-debit
mandates, network-operations logs, complaint and regulator letters, the company's IT, staff chat), with the assistant's
answers, in English, German, French, Spanish, Portuguese, Italian, Dutch, Polish and Romanian, and about one text in
four a hard-negative text.
"""
