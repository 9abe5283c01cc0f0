"""The board's forms, split by domain as `bulletin/models/` and `bulletin/services/` are;
import them from their module (`from bulletin.forms.replies import ReplyForm`)."""
