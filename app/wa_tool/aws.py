"""The boto3 adapter for the WA Tool (the only module that imports boto3/botocore).

Credentials and Region come from the standard AWS chain (environment, profile, SSO, instance role); nothing is
stored. Every request is checked against the service model's lengths, enums and patterns before it is sent
(botocore itself checks only types and minimum lengths), and botocore's exceptions become the project's errors.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import boto3  # type: ignore[import-untyped]
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError, NoRegionError  # type: ignore[import-untyped]
from botocore.model import OperationModel, Shape  # type: ignore[import-untyped]

from app.errors import InvalidInput, NotFound, Unauthorized
from app.wa_tool.errors import WAToolError

SERVICE = "wellarchitected"


def make_client(region: str | None = None, profile: str | None = None) -> Any:
    """A WA Tool client from the standard credential chain (region/profile override it when given)."""
    try:
        session = boto3.Session(profile_name=profile, region_name=region)
        return session.client(SERVICE)
    except NoRegionError:
        # boto3 reads AWS_DEFAULT_REGION, not AWS_REGION (which other AWS SDKs read): naming the wrong one sent users
        # who had set it round in a circle.
        raise InvalidInput(
            "no AWS Region: pass --region, or set AWS_DEFAULT_REGION or a profile's region "
            "(boto3 does not read AWS_REGION)"
        ) from None
    except BotoCoreError as exc:
        raise InvalidInput(f"AWS configuration: {exc}") from None


class BotoWATool:
    """The `WATool` port over a boto3 `wellarchitected` client."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def import_lens(self, lens_json: str, lens_alias: str | None) -> str:
        params: dict[str, Any] = {"JSONString": lens_json, "ClientRequestToken": _token()}
        if lens_alias:
            params["LensAlias"] = lens_alias
        return str(self._call("import_lens", params)["LensArn"])

    def find_lens(self, name: str) -> str | None:
        # ListLenses' LensName filter also matches lenses whose name merely contains it: keep the exact name only
        found: list[str] = []
        params: dict[str, Any] = {"LensType": "CUSTOM_SELF", "LensName": name}
        while True:
            page = self._call("list_lenses", params)
            found += [s["LensArn"] for s in page.get("LensSummaries", []) if s.get("LensName") == name]
            if not page.get("NextToken"):
                break
            params = {**params, "NextToken": page["NextToken"]}
        if len(found) > 1:
            raise InvalidInput(
                f"{len(found)} custom lenses are named {name!r}: pass the ARN of the one to update as --lens-alias "
                f"({', '.join(found)})"
            )
        return found[0] if found else None

    def publish_lens(self, lens_arn: str, version: str) -> None:
        params = {"LensAlias": lens_arn, "LensVersion": version, "IsMajorVersion": True, "ClientRequestToken": _token()}
        try:
            self._call("create_lens_version", params)
        except WAToolError as exc:
            if "ConflictException" not in exc.message:  # this version is already published: reuse it
                raise

    def apply_lens(self, workload_id: str, lens_alias: str) -> None:
        self._call("associate_lenses", {"WorkloadId": workload_id, "LensAliases": [lens_alias]})

    def applied_lens(self, workload_id: str, lens_alias: str) -> str:
        try:
            review = self._call("get_lens_review", {"WorkloadId": workload_id, "LensAlias": lens_alias})
        except NotFound:
            raise NotFound(
                f"lens {lens_alias} is not applied to workload {workload_id} (or either does not exist); "
                "import and apply it with --import-lens"
            ) from None
        return str(review["LensReview"].get("LensName", lens_alias))

    def update_answer(self, workload_id: str, lens_alias: str, request: dict[str, Any]) -> str:
        params = {"WorkloadId": workload_id, "LensAlias": lens_alias, **request}
        return str(self._call("update_answer", params)["Answer"].get("Risk", ""))

    def create_milestone(self, workload_id: str, name: str) -> int:
        params = {"WorkloadId": workload_id, "MilestoneName": name, "ClientRequestToken": _token()}
        return int(self._call("create_milestone", params)["MilestoneNumber"])

    def _call(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        operation = self.client.meta.service_model.operation_model(self.client.meta.method_to_api_mapping[method])
        check_request(operation, params)
        try:
            response: dict[str, Any] = getattr(self.client, method)(**params)
        except NoCredentialsError:
            raise Unauthorized("no AWS credentials found (environment, profile, SSO or instance role)") from None
        except ClientError as exc:
            raise _mapped(operation.name, exc) from None
        except BotoCoreError as exc:
            raise WAToolError(f"{operation.name}: {exc}") from None
        return response


def _token() -> str:
    return str(uuid.uuid4())


def _mapped(operation: str, exc: ClientError) -> Exception:
    error = exc.response.get("Error", {})
    code, message = str(error.get("Code", "")), str(error.get("Message", ""))
    text = f"WA Tool {operation}: {code}: {message}".rstrip(": ")
    if code == "ResourceNotFoundException":
        return NotFound(text)
    if code in ("AccessDeniedException", "UnrecognizedClientException", "ExpiredTokenException"):
        return Unauthorized(text)
    if code == "ValidationException":
        return InvalidInput(text)
    return WAToolError(text)


def check_request(operation: OperationModel, params: dict[str, Any]) -> None:
    """Raise InvalidInput naming the first parameter that breaks the service model (required members, lengths,
    enums, patterns, list and map sizes); the WA Tool would refuse it anyway."""
    problems = request_problems(operation.input_shape, params, operation.name)
    if problems:
        raise InvalidInput(f"{operation.name} request does not fit the WA Tool: {problems[0]}")


def request_problems(shape: Shape | None, value: Any, where: str) -> list[str]:
    if shape is None:
        return []
    meta = shape.metadata
    problems: list[str] = []
    if shape.type_name == "structure":
        if not isinstance(value, dict):
            return [f"{where}: expected an object"]
        members = shape.members
        problems += [f"{where}.{name}: required" for name in shape.required_members if name not in value]
        for name, item in value.items():
            if name not in members:
                problems.append(f"{where}.{name}: unknown parameter")
            else:
                problems += request_problems(members[name], item, f"{where}.{name}")
    elif shape.type_name == "list":
        problems += _size(where, value, meta)
        for n, item in enumerate(value):
            problems += request_problems(shape.member, item, f"{where}[{n}]")
    elif shape.type_name == "map":
        problems += _size(where, value, meta)
        for key, item in value.items():
            problems += request_problems(shape.key, key, f"{where} key")
            problems += request_problems(shape.value, item, f"{where}[{key}]")
    elif shape.type_name == "string":
        problems += _size(where, value, meta)
        if shape.enum and value not in shape.enum:
            problems.append(f"{where}: {value!r} is not one of {', '.join(shape.enum)}")
        pattern = meta.get("pattern")
        if pattern and not _matches(pattern, value):
            problems.append(f"{where}: {value!r} does not match {pattern}")
    elif shape.type_name == "integer":
        if not isinstance(value, int) or not meta.get("min", value) <= value <= meta.get("max", value):
            problems.append(f"{where}: {value!r} is out of range")
    return problems


def _size(where: str, value: Any, meta: dict[str, Any]) -> list[str]:
    if not hasattr(value, "__len__"):
        return [f"{where}: wrong type"]
    low, high = meta.get("min", 0), meta.get("max")
    if len(value) < low or (high is not None and len(value) > high):
        return [f"{where}: length {len(value)} (allowed {low}..{high if high is not None else ''})"]
    return []


def _matches(pattern: str, value: str) -> bool:
    try:
        return re.fullmatch(pattern, value) is not None
    except re.error:  # Java-only classes such as \p{L}: leave those to the service
        return True
