"""A fake AWS Well-Architected Tool API on a loopback port, for a real boto3 client (restJson protocol): point boto3 at
it with AWS_ENDPOINT_URL_WELLARCHITECTED. It keeps custom lenses (ImportLens, ListLenses, CreateLensVersion), the
lenses applied to its workloads (AssociateLenses, GetLensReview), answers (UpdateAnswer, with the risk computed from
the imported lens's own risk rules, as the WA Tool does) and milestones, and answers errors in the service's shape.
Requests are not signature-checked. Every call is recorded as (operation, URI parameters, body)."""

from __future__ import annotations

import itertools
import json
import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from app.wa_tool.risk_rules import RiskRule, RuleRisk, evaluate

ACCOUNT_ARN = "arn:aws:wellarchitected:us-east-1:123456789012"

ROUTES = [  # method, URI pattern, operation (the service model's requestUri)
    ("PUT", r"/importLens", "ImportLens"),
    ("GET", r"/lenses", "ListLenses"),
    ("POST", r"/lenses/(?P<LensAlias>[^/]+)/versions", "CreateLensVersion"),
    ("PATCH", r"/workloads/(?P<WorkloadId>[^/]+)/associateLenses", "AssociateLenses"),
    ("GET", r"/workloads/(?P<WorkloadId>[^/]+)/lensReviews/(?P<LensAlias>[^/]+)", "GetLensReview"),
    (
        "PATCH",
        r"/workloads/(?P<WorkloadId>[^/]+)/lensReviews/(?P<LensAlias>[^/]+)/answers/(?P<QuestionId>[^/]+)",
        "UpdateAnswer",
    ),
    ("POST", r"/workloads/(?P<WorkloadId>[^/]+)/milestones", "CreateMilestone"),
]


class WAError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class FakeWATool:
    def __init__(self, workloads: tuple[str, ...], *, page_size: int = 2) -> None:
        self.workloads: dict[str, set[str]] = {w: set() for w in workloads}  # workload -> applied lens ARNs
        self.lenses: dict[str, dict[str, Any]] = {}  # ARN -> {"doc", "versions", "created"}
        self.answers: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.milestones: dict[str, list[str]] = {}
        self.calls: list[tuple[str, dict[str, str], dict[str, Any]]] = []
        self.page_size = page_size
        self._lock = threading.Lock()
        self._clock = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-wa-tool", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakeWATool:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def of(self, operation: str) -> list[tuple[dict[str, str], dict[str, Any]]]:
        return [(uri, body) for op, uri, body in self.calls if op == operation]

    # operations -------------------------------------------------------------------------------------------------

    def import_lens(self, uri: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
        doc = json.loads(body["JSONString"])
        alias = body.get("LensAlias")
        if alias:
            if alias not in self.lenses:
                raise WAError(404, "ResourceNotFoundException", f"Lens {alias} not found")
            self.lenses[alias]["doc"] = doc
            return {"LensArn": alias, "Status": "COMPLETE"}
        arn = f"{ACCOUNT_ARN}:lens/{uuid.uuid4().hex}"  # a new lens every time, whatever its name (as the service)
        self.lenses[arn] = {"doc": doc, "versions": [], "created": 1_800_000_000 + next(self._clock)}
        return {"LensArn": arn, "Status": "COMPLETE"}

    def list_lenses(self, query: dict[str, str]) -> dict[str, Any]:
        found = [
            {
                "LensArn": arn,
                "LensName": lens["doc"]["name"],
                "LensType": "CUSTOM_SELF",
                "LensStatus": "CURRENT" if lens["versions"] else "DRAFT",
                "CreatedAt": lens["created"],
                "Owner": "123456789012",
            }
            for arn, lens in self.lenses.items()
            if query.get("LensType", "CUSTOM_SELF") == "CUSTOM_SELF"
            and query.get("LensName", "").lower() in lens["doc"]["name"].lower()  # the filter matches a part
        ]
        start = int(query.get("NextToken", "0"))
        size = min(int(query.get("MaxResults", self.page_size)), self.page_size)
        page: dict[str, Any] = {"LensSummaries": found[start : start + size]}
        if start + size < len(found):
            page["NextToken"] = str(start + size)
        return page

    def create_lens_version(self, uri: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
        lens = self._lens(uri["LensAlias"])
        if body["LensVersion"] in lens["versions"]:
            raise WAError(409, "ConflictException", f"Version {body['LensVersion']} already exists")
        lens["versions"].append(body["LensVersion"])
        return {"LensArn": uri["LensAlias"], "LensVersion": body["LensVersion"]}

    def associate_lenses(self, uri: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
        applied = self._workload(uri["WorkloadId"])
        for alias in body["LensAliases"]:
            if not self._lens(alias)["versions"]:
                raise WAError(400, "ValidationException", f"Lens {alias} has no published version")
            applied.add(alias)
        return {}

    def get_lens_review(self, uri: dict[str, str]) -> dict[str, Any]:
        alias = self._applied(uri["WorkloadId"], uri["LensAlias"])
        review = {"LensAlias": alias, "LensArn": alias, "LensName": self.lenses[alias]["doc"]["name"]}
        return {"WorkloadId": uri["WorkloadId"], "LensReview": review}

    def update_answer(self, uri: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
        alias = self._applied(uri["WorkloadId"], uri["LensAlias"])
        question = next(
            (q for p in self.lenses[alias]["doc"]["pillars"] for q in p["questions"] if q["id"] == uri["QuestionId"]),
            None,
        )
        if question is None:
            raise WAError(404, "ResourceNotFoundException", f"Question {uri['QuestionId']} not found")
        if body.get("IsApplicable", True) is False:
            risk = "NOT_APPLICABLE"
        else:
            rules = [RiskRule(r["condition"], RuleRisk(r["risk"])) for r in question["riskRules"]]
            updates = body.get("ChoiceUpdates", {})
            skipped = [c for c, u in updates.items() if u["Status"] == "NOT_APPLICABLE"]
            risk = {"NO_RISK": "NONE", "MEDIUM_RISK": "MEDIUM", "HIGH_RISK": "HIGH"}[
                evaluate(rules, body.get("SelectedChoices", []), skipped).value
            ]
        answer = {"QuestionId": uri["QuestionId"], "Risk": risk, "SelectedChoices": body.get("SelectedChoices", [])}
        self.answers[(uri["WorkloadId"], alias, uri["QuestionId"])] = answer
        return {"WorkloadId": uri["WorkloadId"], "LensAlias": alias, "LensArn": alias, "Answer": answer}

    def create_milestone(self, uri: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
        self._workload(uri["WorkloadId"])
        names = self.milestones.setdefault(uri["WorkloadId"], [])
        names.append(body["MilestoneName"])
        return {"WorkloadId": uri["WorkloadId"], "MilestoneNumber": len(names)}

    def _lens(self, alias: str) -> dict[str, Any]:
        if alias not in self.lenses:
            raise WAError(404, "ResourceNotFoundException", f"Lens {alias} not found")
        return self.lenses[alias]

    def _workload(self, workload_id: str) -> set[str]:
        if workload_id not in self.workloads:
            raise WAError(404, "ResourceNotFoundException", f"Workload {workload_id} not found")
        return self.workloads[workload_id]

    def _applied(self, workload_id: str, alias: str) -> str:
        if alias not in self._workload(workload_id):
            raise WAError(404, "ResourceNotFoundException", f"Lens {alias} is not associated with {workload_id}")
        return alias

    # HTTP -------------------------------------------------------------------------------------------------------

    def _dispatch(self, method: str, target: str, raw: bytes) -> tuple[int, dict[str, Any], str]:
        parts = urlsplit(target)
        for route_method, pattern, operation in ROUTES:
            match = re.fullmatch(pattern, parts.path)
            if route_method == method and match:
                uri = {k: unquote(v) for k, v in match.groupdict().items()}
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                body = json.loads(raw or b"{}")
                with self._lock:
                    self.calls.append((operation, uri, body))
                    try:
                        if operation == "ListLenses":
                            return 200, self.list_lenses(query), ""
                        if operation == "GetLensReview":
                            return 200, self.get_lens_review(uri), ""
                        handler = getattr(self, re.sub(r"(?<!^)([A-Z])", r"_\1", operation).lower())
                        return 200, handler(uri, body), ""
                    except WAError as exc:
                        return exc.status, {"Message": exc.message}, exc.code
        return 404, {"Message": f"no route {method} {parts.path}"}, "UnknownOperationException"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
                status, payload, code = fake._dispatch(self.command, self.path, raw)
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
                if code:
                    self.send_header("x-amzn-ErrorType", code)
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_PUT = do_POST = do_PATCH = _serve

            def log_message(self, *args: object) -> None:
                pass

        return Handler
