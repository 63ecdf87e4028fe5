"""JSON responses serialised once, by pydantic's own serializer (Rust), straight from the response model.

A route that returns a pydantic model lets FastAPI validate it again (in another threadpool hop, for a sync route)
and then serialise it; returning `model_response(model)` skips both: the model was built from typed domain objects
and is serialised exactly once. The route keeps `response_model=` for the OpenAPI schema.
"""

from __future__ import annotations

from pydantic import BaseModel
from starlette.responses import Response


def model_response(model: BaseModel, status_code: int = 200) -> Response:
    return Response(model.model_dump_json(), status_code=status_code, media_type="application/json")
