"""What the action server and the channels agree on beyond Rasa's own message format. No imports: both the
action server (Python 3.11, no Rasa) and the Rasa server load it."""

# The custom message sent with the reply that confirms "forget me": the tracker store drops the conversation
# (rasa_extensions/tracker_store.py) and the chat page clears its stored transcript (web/chat.js).
FORGET_TRANSCRIPT = "forget_transcript"
