"""The MCP edge: the lens and reviews as Model Context Protocol tools (official `mcp` SDK), over stdio
(`mllens mcp`) and streamable HTTP (mounted at /mcp by app.main)."""
