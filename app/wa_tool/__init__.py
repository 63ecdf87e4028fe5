"""Interop with the AWS Well-Architected Tool: the ML lens as a WA Tool custom lens, a review's answers as
`UpdateAnswer` requests, and a boto3 sync. Everything here is PURE except `aws.py` (the only boto3 importer)."""
