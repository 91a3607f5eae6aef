"""The seventeenth DLP corpus (blind): back-office operations talking to an internal assistant (accounts payable
and receivable, payroll and HR, procurement and vendor onboarding, travel and expenses, treasury, the IT helpdesk
that serves them, and chat between staff), with the assistant's answers; e-mail threads, OCR'd scans, pasted
spreadsheet rows, ERP screens, CSV exports, forms, payment letters and tickets in eight languages, and about one
text in four a hard-negative text.
"""
