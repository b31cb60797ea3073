// Workerd cold start of the package: its `workerd` entry (CompiledWasm import +
// initSync), construct, first getConnection.
import { AirbyteAPI } from "../../pkg/workerd.js";

export default {
  async fetch(_req, env) {
    const api = new AirbyteAPI({ serverUrl: env.SERVER_URL, security: { bearerAuth: "t" } });
    const body = await api.connections.getConnection({ connectionId: env.CONNECTION_ID });
    return Response.json({ ok: body.connectionId === env.CONNECTION_ID });
  },
};
