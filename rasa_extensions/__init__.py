"""Extensions loaded by the Rasa server (Python 3.10): the REST channel that always answers, and a tracker store
whose cost per turn does not grow with the conversation."""
