"""The OpenAPI document (/openapi.json, shown at /docs) describes the order request from the order domain and every
answer of POST /api/trades with an example body."""
from api_app import ApiUnderTest
from trading_api.order_domain import QUANTITY


def document() -> dict:
    return ApiUnderTest().app.openapi()


def test_the_order_request_schema_comes_from_the_domain_with_examples():
    body = document()["paths"]["/api/trades"]["post"]["requestBody"]["content"]["application/json"]
    quantity = body["schema"]["properties"]["quantity"]
    assert quantity["maximum"] == float(QUANTITY.maximum) and quantity["multipleOf"] == 1e-10 and quantity["exclusiveMinimum"] == 0
    assert body["schema"]["required"] == ["symbol", "side", "quantity"]
    assert body["schema"]["properties"]["client_order_id"]["maxLength"] == 64
    assert set(body["examples"]) == {"market", "limit"}


def test_every_answer_of_post_api_trades_is_documented_with_an_example():
    responses = document()["paths"]["/api/trades"]["post"]["responses"]
    assert set(responses) == {"200", "201", "400", "401", "403", "409", "413", "422", "502", "503"}
    for status in ("400", "401", "403", "409", "413", "422", "502", "503"):
        content = responses[status]["content"]["application/json"]
        assert content["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
        assert set(content["example"]) >= {"error", "message", "errors"}, status
    assert responses["201"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Order"}


def test_reads_and_health_are_documented():
    paths = document()["paths"]
    assert {"/api/trades", "/api/trades/{order_id}", "/api/positions", "/api/market/{symbol}", "/api/market/{symbol}/history",
            "/api/instruments", "/health", "/alive", "/metrics"} <= set(paths)
    assert paths["/api/trades"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/OrderPage"}


def test_every_api_route_documents_its_bearer_scope_and_refusals():
    spec = document()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if path.startswith("/api"):
                scope = "trade" if method == "post" else "read"
                assert operation["security"] == [{"OAuth2PasswordBearer": [scope]}], (method, path)
                assert {"401", "403"} <= set(operation["responses"]), (method, path)
    assert spec["components"]["securitySchemes"]["OAuth2PasswordBearer"]["flows"]["password"]["tokenUrl"] == "/auth/token"
