"""The voice channel: Twilio voice webhooks, TwiML rendering, per-call state, routing and voicemail."""
