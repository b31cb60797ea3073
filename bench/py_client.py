"""Benchmark worker for the official Python SDK (airbyte-api==1.0.1).

Started once per run by bench/run.mjs with the server URL and the request
arguments as JSON. It then reads one JSON command per line on stdin,
``{"case": "get", "n": 100}``, performs ``n`` sequential calls on one SDK
instance (one keep-alive httpx client), and answers one JSON line:
``{"samples": [ms, ...]}`` or ``{"error": "..."}``. Each result is checked
against the canned data the same way the Node clients are checked.
"""

import json
import sys
import time

import airbyte_api
from airbyte_api import api, models


def main() -> None:
    server_url = sys.argv[1]
    args = json.loads(sys.argv[2])
    expect = json.loads(sys.argv[3])
    sdk = airbyte_api.AirbyteAPI(
        security=models.Security(bearer_auth="t"), server_url=server_url
    )
    c = sdk.connections
    get_req = api.GetConnectionRequest(connection_id=args["get"]["connectionId"])
    l100 = api.ListConnectionsRequest(**args["list100"])
    l1000 = api.ListConnectionsRequest(**args["list1000"])
    create_req = models.ConnectionCreateRequest(
        source_id=args["create"]["sourceId"],
        destination_id=args["create"]["destinationId"],
        name=args["create"]["name"],
    )

    def get():
        r = c.get_connection(request=get_req).connection_response
        if r is None or r.connection_id != expect["get"] or len(r.configurations.streams or []) != 2:
            raise RuntimeError("getConnection returned unexpected data")

    def list_n(req, n, last):
        def call():
            r = c.list_connections(request=req).connections_response
            if r is None or len(r.data) != n or r.data[-1].connection_id != last:
                raise RuntimeError(f"listConnections returned unexpected data (want {n} items)")
        return call

    def create():
        r = c.create_connection(request=create_req).connection_response
        if r is None or r.connection_id != expect["create"] or r.name != args["create"]["name"]:
            raise RuntimeError("createConnection returned unexpected data")

    calls = {
        "get": get,
        "list100": list_n(l100, 100, expect["list100"]),
        "list1000": list_n(l1000, 1000, expect["list1000"]),
        "create": create,
    }
    print(json.dumps({"ready": True, "version": airbyte_api.__version__ if hasattr(airbyte_api, "__version__") else None}), flush=True)
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        cmd = json.loads(line)
        if cmd.get("quit"):
            break
        fn = calls[cmd["case"]]
        samples = []
        try:
            for _ in range(int(cmd["n"])):
                t0 = time.perf_counter_ns()
                fn()
                samples.append((time.perf_counter_ns() - t0) / 1e6)
        except Exception as e:  # reported to the harness, which fails the run
            print(json.dumps({"error": f"{type(e).__name__}: {e}"}), flush=True)
            continue
        print(json.dumps({"samples": samples}), flush=True)


if __name__ == "__main__":
    main()
