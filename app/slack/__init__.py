"""The Slack edge: questions and whole reviews in Slack threads (slack-bolt, HTTP at POST /slack/events or Socket
Mode). Calls the services in process, never the HTTP API; imports no other edge."""
