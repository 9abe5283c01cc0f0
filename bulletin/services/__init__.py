"""Writes on the board, split by domain as `bulletin/models/` is. Views, the admin and commands
all go through these functions; import them from their module
(`from bulletin.services.replies import reply_post`).

- `proposals`: posting proposals and calls, editing them (with the edit history), attachments
- `replies`: replies, raised hands (手を挙げる)
- `collaborations`: status changes, and 成立 with its collaboration record
- `moderation`: reports (通報) and the secretariat's hide / restore
- `notifications`: notifications and their mail, preferences, reminders
- `fanouts`: a new post's announcement to its audience, expanded by the worker in batches
- `interests`: interest profiles, follows (ワッチ), saved searches and their alerts
- `consultations`: members' questions to the secretariat

Each is atomic; notifications and their mail (in the outbox, `members.outbox`) are written in
the same transaction, and the outbox worker sends the mail.
"""
