// Workerd cold-start baseline: the same first call with a bare fetch.
export default {
  async fetch(_req, env) {
    const res = await fetch(`${env.SERVER_URL}/connections/${env.CONNECTION_ID}`, {
      headers: { authorization: "Bearer t", accept: "application/json" },
    });
    const body = await res.json();
    return Response.json({ ok: res.ok && body.connectionId === env.CONNECTION_ID });
  },
};
