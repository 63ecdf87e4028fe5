"""The REST + SSE edge: FastAPI routers, request/response shapes, error mapping and middleware."""
