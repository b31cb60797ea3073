//! The 60 operations of the Airbyte public API over the in-memory [`Store`].
//!
//! Handlers return `Result<Response, Response>` so that `?` can short-circuit with an error
//! response; the size of that error is irrelevant (one per request), hence the allow.
#![allow(clippy::result_large_err)]

use serde_json::{json, Map, Value};

use crate::http::{self, Resp};
use crate::state::{self, find, find_mut, live, Job, Rec, Store};
use crate::validate::{self, is_uuid, Invalid};

/// Operations whose request has a JSON body.
pub fn has_body(op: &str) -> bool {
    airbyte_core::operation(op).is_some_and(|(_, o)| o.body.is_some())
}

/// Path parameters by name.
pub type Params = Vec<(&'static str, String)>;

pub enum Route {
    Op(&'static str, Params),
    MethodNotAllowed(Vec<&'static str>),
    NotFound,
}

fn decode(seg: &str) -> String {
    percent_encoding::percent_decode_str(seg)
        .decode_utf8_lossy()
        .into_owned()
}

/// Matches `path` (relative to the API prefix, e.g. `/jobs/3`) against the spec's operations
/// (`airbyte_core::generated::OPERATIONS`).
pub fn route(method: &str, path: &str) -> Route {
    let trimmed = path
        .strip_suffix('/')
        .filter(|p| !p.is_empty())
        .unwrap_or(path);
    let segs: Vec<&str> = trimmed.split('/').skip(1).collect();
    let mut allowed = Vec::new();
    // Literal segments win over parameters (`/sources/initiateOAuth`).
    let mut best: Option<(usize, &'static str, Params)> = None;
    for o in airbyte_core::generated::OPERATIONS {
        let (m, op) = (o.method.as_str(), o.id);
        let psegs: Vec<&str> = o.path.split('/').skip(1).collect();
        if psegs.len() != segs.len() {
            continue;
        }
        let mut params = Vec::new();
        let mut literals = 0;
        let mut ok = true;
        for (p, s) in psegs.iter().zip(segs.iter()) {
            if let Some(name) = p.strip_prefix('{').and_then(|x| x.strip_suffix('}')) {
                if s.is_empty() {
                    ok = false;
                    break;
                }
                params.push((name, decode(s)));
            } else if p == s {
                literals += 1;
            } else {
                ok = false;
                break;
            }
        }
        if !ok {
            continue;
        }
        if m.eq_ignore_ascii_case(method) {
            if best.as_ref().is_none_or(|(l, _, _)| literals > *l) {
                best = Some((literals, op, params));
            }
        } else if !allowed.contains(&m) {
            allowed.push(m);
        }
    }
    match best {
        Some((_, op, params)) => Route::Op(op, params),
        None if !allowed.is_empty() => Route::MethodNotAllowed(allowed),
        None => Route::NotFound,
    }
}

/// Everything an operation needs from the request.
pub struct Ctx<'a> {
    pub op: &'static str,
    pub params: &'a [(&'static str, String)],
    pub query: &'a [(String, String)],
    pub body: Option<&'a Value>,
    /// `http://host:port/v1` — the base URL the client used, for `next`/`previous`.
    pub base: &'a str,
    /// Path relative to the prefix, e.g. `/connections`.
    pub path: &'a str,
    pub now: i64,
    pub job_duration_ms: i64,
}

type R = Result<Resp, Resp>;

fn bad(i: Invalid) -> Resp {
    http::invalid(&i.path, &i.message)
}
fn not_found(what: &str, id: &str) -> Resp {
    http::problem(404, &format!("No {what} with id {id} could be found."))
}
fn conflict(detail: &str) -> Resp {
    http::problem(409, detail)
}
fn ok(v: Value) -> R {
    Ok(http::json_resp(200, &v))
}

impl Ctx<'_> {
    fn param(&self, name: &str) -> &str {
        self.params
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
    fn uuid_param(&self, name: &str) -> Result<String, Resp> {
        let v = self.param(name);
        if is_uuid(v) {
            Ok(v.to_ascii_lowercase())
        } else {
            Err(bad(Invalid::new(name, "must be a UUID")))
        }
    }
    fn q_all(&self, name: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(k, _)| k == name || k.strip_suffix("[]") == Some(name))
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    }
    fn q(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    fn q_bool(&self, name: &str) -> Result<bool, Resp> {
        match self.q(name) {
            None => Ok(false),
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
            Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
            Some(_) => Err(bad(Invalid::new(name, "must be true or false"))),
        }
    }
    fn q_int(&self, name: &str, default: i64, min: i64, max: i64) -> Result<i64, Resp> {
        match self.q(name) {
            None => Ok(default),
            Some(v) => match v.parse::<i64>() {
                Ok(n) if n >= min && n <= max => Ok(n),
                Ok(_) => Err(bad(Invalid::new(
                    name,
                    format!("must be between {min} and {max}"),
                ))),
                Err(_) => Err(bad(Invalid::new(name, "must be an integer"))),
            },
        }
    }
    fn q_uuids(&self, name: &str) -> Result<Vec<String>, Resp> {
        let mut out = Vec::new();
        for v in self.q_all(name) {
            if !is_uuid(v) {
                return Err(bad(Invalid::new(name, "must be a list of UUIDs")));
            }
            out.push(v.to_ascii_lowercase());
        }
        Ok(out)
    }
    fn q_uuid(&self, name: &str, required: bool) -> Result<Option<String>, Resp> {
        match self.q(name) {
            None | Some("") if required => Err(bad(Invalid::new(name, "is required"))),
            None | Some("") => Ok(None),
            Some(v) if is_uuid(v) => Ok(Some(v.to_ascii_lowercase())),
            Some(_) => Err(bad(Invalid::new(name, "must be a UUID"))),
        }
    }
    fn body(&self) -> &Value {
        static NULL: Value = Value::Null;
        self.body.unwrap_or(&NULL)
    }
    fn b_str(&self, key: &str) -> Option<&str> {
        self.body().get(key).and_then(Value::as_str)
    }

    /// `{data, next?, previous?}` for one page of `items`.
    fn page(&self, items: Vec<Value>) -> R {
        let limit = self.q_int("limit", 20, 1, 100)?;
        let offset = self.q_int("offset", 0, 0, i64::from(i32::MAX))?;
        let total = items.len() as i64;
        let data: Vec<Value> = items
            .into_iter()
            .skip(offset as usize)
            .take(limit as usize)
            .collect();
        let mut out = Map::new();
        let link = |off: i64| {
            let mut ser = form_urlencoded::Serializer::new(String::new());
            for (k, v) in self
                .query
                .iter()
                .filter(|(k, _)| k != "limit" && k != "offset")
            {
                ser.append_pair(k, v);
            }
            ser.append_pair("limit", &limit.to_string());
            ser.append_pair("offset", &off.to_string());
            format!("{}{}?{}", self.base, self.path, ser.finish())
        };
        if offset + limit < total {
            out.insert("next".into(), json!(link(offset + limit)));
        }
        if offset > 0 {
            out.insert("previous".into(), json!(link((offset - limit).max(0))));
        }
        out.insert("data".into(), Value::Array(data));
        ok(Value::Object(out))
    }
}

fn live_ws(s: &Store, id: &str) -> Result<(), Resp> {
    live(&s.workspaces, id)
        .map(|_| ())
        .ok_or_else(|| not_found("workspace", id))
}

fn connection_json(s: &Store, r: &Rec) -> Value {
    let mut v = r.v.clone();
    let tags: Vec<Value> = v
        .get("tags")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|t| t.get("tagId").and_then(Value::as_str))
                .filter_map(|id| {
                    find(&s.tags, id)
                        .filter(|t| !t.deleted)
                        .map(|t| t.v.clone())
                })
                .collect()
        })
        .unwrap_or_default();
    v["tags"] = Value::Array(tags);
    if r.deleted {
        v["status"] = json!("deprecated");
    }
    v
}

fn actor_json(r: &Rec) -> Value {
    let mut v = r.v.clone();
    if let Some(c) = v.get("configuration") {
        v["configuration"] = state::mask_secrets(c);
    }
    v
}

/// Resolves the definition of a new source/destination: from `definitionId`, else from
/// `configuration.sourceType` / `destinationType`.
fn resolve_def(
    defs: &[Rec],
    ws: &str,
    def_id: Option<&str>,
    config: &Value,
    type_key: &str,
) -> Result<(String, String), Resp> {
    let visible = |r: &&Rec| !r.deleted && (r.ws.is_none() || r.ws.as_deref() == Some(ws));
    if let Some(id) = def_id {
        let d = defs
            .iter()
            .filter(visible)
            .find(|r| r.id == id.to_ascii_lowercase())
            .ok_or_else(|| bad(Invalid::new("definitionId", "no such definition")))?;
        let ty = state::type_from_repo(d.str("dockerRepository").unwrap_or(""));
        return Ok((d.id.clone(), ty));
    }
    let path = format!("configuration.{type_key}");
    let ty = config
        .get(type_key)
        .and_then(Value::as_str)
        .ok_or_else(|| {
            bad(Invalid::new(
                &path,
                "is required when definitionId is absent",
            ))
        })?;
    let d = defs
        .iter()
        .filter(visible)
        .find(|r| state::type_from_repo(r.str("dockerRepository").unwrap_or("")) == ty)
        .ok_or_else(|| {
            let known: Vec<String> = defs
                .iter()
                .filter(visible)
                .map(|r| state::type_from_repo(r.str("dockerRepository").unwrap_or("")))
                .collect();
            bad(Invalid::new(
                &path,
                format!(
                    "unknown connector type; this emulator knows {}",
                    known.join(", ")
                ),
            ))
        })?;
    Ok((d.id.clone(), ty.to_string()))
}

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn resolve_tags(s: &Store, ws: &str, tags: &Value) -> Result<Value, Resp> {
    let mut out = Vec::new();
    for (i, t) in tags
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let id = t.get("tagId").and_then(Value::as_str).unwrap_or("");
        match find(&s.tags, &id.to_ascii_lowercase()) {
            Some(r) if !r.deleted && r.ws.as_deref() == Some(ws) => {
                out.push(json!({"tagId": r.id}))
            }
            _ => {
                return Err(bad(Invalid::new(
                    format!("tags[{i}].tagId"),
                    "no such tag in the connection's workspace",
                )))
            }
        }
    }
    Ok(Value::Array(out))
}

fn schedule_response(v: &Value) -> Value {
    let ty = v
        .get("scheduleType")
        .and_then(Value::as_str)
        .unwrap_or("manual");
    match (ty, v.get("cronExpression").and_then(Value::as_str)) {
        ("cron", Some(c)) => json!({"scheduleType": "cron", "cronExpression": c}),
        _ => json!({"scheduleType": "manual"}),
    }
}

fn order_jobs(c: &Ctx, jobs: &mut [Job]) -> Result<(), Resp> {
    let spec = c.q("orderBy").unwrap_or("createdAt|DESC");
    let (field, dir) = spec.split_once('|').unwrap_or((spec, "ASC"));
    let desc = match dir {
        "ASC" => false,
        "DESC" => true,
        _ => {
            return Err(bad(Invalid::new(
                "orderBy",
                "direction must be ASC or DESC",
            )))
        }
    };
    let now = c.now;
    match field {
        "createdAt" => jobs.sort_by_key(|j| (j.start_ms, j.id)),
        "updatedAt" => jobs.sort_by_key(|j| (j.view(now).last_updated_ms, j.id)),
        _ => {
            return Err(bad(Invalid::new(
                "orderBy",
                "field must be createdAt or updatedAt",
            )))
        }
    }
    if desc {
        jobs.reverse();
    }
    Ok(())
}

fn job_param(c: &Ctx) -> Result<i64, Resp> {
    c.param("jobId")
        .parse::<i64>()
        .map_err(|_| bad(Invalid::new("jobId", "must be an integer")))
}

fn time_filter(c: &Ctx, name: &str) -> Result<Option<i64>, Resp> {
    match c.q(name) {
        None | Some("") => Ok(None),
        Some(v) => crate::time::parse_instant_ms(v)
            .map(Some)
            .ok_or_else(|| bad(Invalid::new(name, "must be an RFC 3339 date-time"))),
    }
}

/// Outcome of new jobs on a connection: the demo's "Orders DB → BigQuery" always fails.
fn outcome_for(connection_id: &str) -> &'static str {
    if connection_id == state::CONN_ORDERS_BQ {
        "failed"
    } else {
        "succeeded"
    }
}

/// Runs operation `c.op`. Validation has been done for the body; parameters are checked here.
pub fn handle(s: &mut Store, c: &Ctx) -> Resp {
    match run(s, c) {
        Ok(r) | Err(r) => r,
    }
}

fn run(s: &mut Store, c: &Ctx) -> R {
    if has_body(c.op) {
        validate::check_body(c.op, c.body()).map_err(bad)?;
    }
    let now = c.now;
    match c.op {
        "getHealthCheck" => Ok(http::empty(200)),

        // ---- jobs ----
        "listJobs" => {
            let conn = c.q_uuid("connectionId", false)?;
            let wss = c.q_uuids("workspaceIds")?;
            let jt = c.q("jobType");
            if let Some(t) = jt {
                validate::check_enum("jobType", "JobTypeEnum", t).map_err(bad)?;
            }
            let st = c.q("status");
            if let Some(t) = st {
                validate::check_enum("status", "JobStatusEnum", t).map_err(bad)?;
            }
            let (cs, ce) = (
                time_filter(c, "createdAtStart")?,
                time_filter(c, "createdAtEnd")?,
            );
            let (us, ue) = (
                time_filter(c, "updatedAtStart")?,
                time_filter(c, "updatedAtEnd")?,
            );
            let mut jobs: Vec<Job> = s
                .jobs
                .iter()
                .filter(|j| conn.as_deref().is_none_or(|x| j.connection_id == x))
                .filter(|j| {
                    wss.is_empty()
                        || find(&s.connections, &j.connection_id)
                            .and_then(|r| r.ws.as_deref())
                            .is_some_and(|w| wss.iter().any(|x| x == w))
                })
                .filter(|j| jt.is_none_or(|t| j.job_type == t))
                .filter(|j| st.is_none_or(|t| j.view(now).status == t))
                .filter(|j| {
                    cs.is_none_or(|t| j.start_ms >= t) && ce.is_none_or(|t| j.start_ms <= t)
                })
                .filter(|j| {
                    let u = j.view(now).last_updated_ms;
                    us.is_none_or(|t| u >= t) && ue.is_none_or(|t| u <= t)
                })
                .cloned()
                .collect();
            order_jobs(c, &mut jobs)?;
            c.page(jobs.iter().map(|j| j.to_json(now)).collect())
        }
        "createJob" => {
            let cid = c.b_str("connectionId").unwrap_or("").to_ascii_lowercase();
            let jt = c.b_str("jobType").unwrap_or("sync").to_string();
            let conn = live(&s.connections, &cid).ok_or_else(|| not_found("connection", &cid))?;
            if conn.str("status") != Some("active") {
                return Err(bad(Invalid::new(
                    "connectionId",
                    "the connection is not active; activate it before starting a job",
                )));
            }
            if s.jobs
                .iter()
                .any(|j| j.connection_id == cid && j.is_running(now))
            {
                return Err(conflict("A job is already running for this connection."));
            }
            let streams = conn
                .v
                .pointer("/configurations/streams")
                .and_then(Value::as_array)
                .map_or(1, Vec::len)
                .max(1) as i64;
            let rows = if jt == "sync" || jt == "refresh" {
                1000 * streams
            } else {
                0
            };
            let job = Job {
                id: s.next_job_id,
                connection_id: cid.clone(),
                job_type: jt,
                start_ms: now,
                duration_ms: c.job_duration_ms,
                outcome: outcome_for(&cid),
                cancelled_ms: None,
                rows_total: rows,
                bytes_total: rows * 480,
            };
            s.next_job_id += 1;
            let v = job.to_json(now);
            s.jobs.push(job);
            ok(v)
        }
        "getJob" => {
            let id = job_param(c)?;
            let j = s
                .jobs
                .iter()
                .find(|j| j.id == id)
                .ok_or_else(|| not_found("job", &id.to_string()))?;
            ok(j.to_json(now))
        }
        "cancelJob" => {
            let id = job_param(c)?;
            let j = s
                .jobs
                .iter_mut()
                .find(|j| j.id == id)
                .ok_or_else(|| not_found("job", &id.to_string()))?;
            if !j.is_running(now) {
                return Err(conflict(
                    "The job has already finished and cannot be cancelled.",
                ));
            }
            j.cancelled_ms = Some(now);
            ok(j.to_json(now))
        }

        // ---- declarative source definitions ----
        "listDeclarativeSourceDefinitions" => {
            let ws = c.uuid_param("workspaceId")?;
            live_ws(s, &ws)?;
            let data: Vec<Value> = s
                .decl_defs
                .iter()
                .filter(|r| !r.deleted && r.ws.as_deref() == Some(&ws))
                .map(|r| r.v.clone())
                .collect();
            ok(json!({ "data": data }))
        }
        "createDeclarativeSourceDefinition" => {
            let ws = c.uuid_param("workspaceId")?;
            live_ws(s, &ws)?;
            let id = new_id();
            let v = json!({"id": id, "name": c.b_str("name"), "manifest": c.body().get("manifest"), "version": 1});
            s.decl_defs.push(Rec::new(&id, Some(&ws), v.clone(), now));
            ok(v)
        }
        "getDeclarativeSourceDefinition"
        | "updateDeclarativeSourceDefinition"
        | "deleteDeclarativeSourceDefinition" => {
            let ws = c.uuid_param("workspaceId")?;
            let id = c.uuid_param("definitionId")?;
            live_ws(s, &ws)?;
            let idx = s
                .decl_defs
                .iter()
                .position(|r| r.id == id && !r.deleted && r.ws.as_deref() == Some(&ws))
                .ok_or_else(|| not_found("declarative source definition", &id))?;
            match c.op {
                "getDeclarativeSourceDefinition" => ok(s
                    .decl_defs
                    .get(idx)
                    .map(|r| r.v.clone())
                    .unwrap_or_default()),
                "updateDeclarativeSourceDefinition" => {
                    let r = s
                        .decl_defs
                        .get_mut(idx)
                        .ok_or_else(|| not_found("definition", &id))?;
                    let version = r.v.get("version").and_then(Value::as_i64).unwrap_or(1) + 1;
                    r.v["manifest"] = c.body().get("manifest").cloned().unwrap_or(json!({}));
                    r.v["version"] = json!(version);
                    r.updated_ms = now;
                    ok(r.v.clone())
                }
                _ => {
                    let r = s.decl_defs.remove(idx);
                    ok(r.v)
                }
            }
        }

        // ---- connector definitions ----
        "listSourceDefinitions" | "listDestinationDefinitions" => {
            let ws = c.uuid_param("workspaceId")?;
            live_ws(s, &ws)?;
            let defs = if c.op == "listSourceDefinitions" {
                &s.source_defs
            } else {
                &s.dest_defs
            };
            let data: Vec<Value> = defs
                .iter()
                .filter(|r| !r.deleted && (r.ws.is_none() || r.ws.as_deref() == Some(&ws)))
                .map(|r| r.v.clone())
                .collect();
            ok(json!({ "data": data }))
        }
        "createSourceDefinition" | "createDestinationDefinition" => {
            let ws = c.uuid_param("workspaceId")?;
            live_ws(s, &ws)?;
            let id = new_id();
            let mut v = json!({
                "id": id, "name": c.b_str("name"), "dockerRepository": c.b_str("dockerRepository"),
                "dockerImageTag": c.b_str("dockerImageTag"),
            });
            if let Some(u) = c.b_str("documentationUrl") {
                v["documentationUrl"] = json!(u);
            }
            let rec = Rec::new(&id, Some(&ws), v.clone(), now);
            if c.op == "createSourceDefinition" {
                s.source_defs.push(rec);
            } else {
                s.dest_defs.push(rec);
            }
            ok(v)
        }
        "getSourceDefinition"
        | "updateSourceDefinition"
        | "deleteSourceDefinition"
        | "getDestinationDefinition"
        | "updateDestinationDefinition"
        | "deleteDestinationDefinition" => {
            let ws = c.uuid_param("workspaceId")?;
            let id = c.uuid_param("definitionId")?;
            live_ws(s, &ws)?;
            let is_src = c.op.contains("Source");
            let (defs, actors) = if is_src {
                (&mut s.source_defs, &s.sources)
            } else {
                (&mut s.dest_defs, &s.destinations)
            };
            let idx = defs
                .iter()
                .position(|r| {
                    r.id == id && !r.deleted && (r.ws.is_none() || r.ws.as_deref() == Some(&ws))
                })
                .ok_or_else(|| not_found("definition", &id))?;
            let rec = defs
                .get_mut(idx)
                .ok_or_else(|| not_found("definition", &id))?;
            if c.op.starts_with("get") {
                return ok(rec.v.clone());
            }
            if rec.ws.is_none() {
                return Err(http::problem(
                    403,
                    "Built-in connector definitions cannot be changed.",
                ));
            }
            if c.op.starts_with("update") {
                rec.v["name"] = json!(c.b_str("name"));
                rec.v["dockerImageTag"] = json!(c.b_str("dockerImageTag"));
                rec.updated_ms = now;
                return ok(rec.v.clone());
            }
            if actors
                .iter()
                .any(|a| !a.deleted && a.str("definitionId") == Some(&id))
            {
                return Err(conflict("The definition is used by existing connectors."));
            }
            rec.deleted = true;
            ok(rec.v.clone())
        }

        // ---- sources & destinations ----
        "listSources" | "listDestinations" => {
            let wss = c.q_uuids("workspaceIds")?;
            let incl = c.q_bool("includeDeleted")?;
            let list = if c.op == "listSources" {
                &s.sources
            } else {
                &s.destinations
            };
            let items = list
                .iter()
                .filter(|r| incl || !r.deleted)
                .filter(|r| wss.is_empty() || r.ws.as_ref().is_some_and(|w| wss.contains(w)))
                .map(actor_json)
                .collect();
            c.page(items)
        }
        "createSource" | "createDestination" => {
            let is_src = c.op == "createSource";
            let ws = c.b_str("workspaceId").unwrap_or("").to_ascii_lowercase();
            if live(&s.workspaces, &ws).is_none() {
                return Err(bad(Invalid::new("workspaceId", "no such workspace")));
            }
            let config = c.body().get("configuration").cloned().unwrap_or(json!({}));
            let (defs, type_key) = if is_src {
                (&s.source_defs, "sourceType")
            } else {
                (&s.dest_defs, "destinationType")
            };
            let (def_id, ty) = resolve_def(defs, &ws, c.b_str("definitionId"), &config, type_key)?;
            let id = new_id();
            let idk = if is_src { "sourceId" } else { "destinationId" };
            let mut v = json!({
                idk: id, "name": c.b_str("name"), type_key: ty, "definitionId": def_id, "workspaceId": ws,
                "configuration": config, "createdAt": now / 1000,
            });
            if let Some(ra) = c.body().get("resourceAllocation").filter(|x| x.is_object()) {
                v["resourceAllocation"] = ra.clone();
            }
            let rec = Rec::new(&id, Some(&ws), v, now);
            let out = actor_json(&rec);
            if is_src {
                s.sources.push(rec);
            } else {
                s.destinations.push(rec);
            }
            ok(out)
        }
        "getSource" | "getDestination" => {
            let (name, list, what) = if c.op == "getSource" {
                ("sourceId", &s.sources, "source")
            } else {
                ("destinationId", &s.destinations, "destination")
            };
            let id = c.uuid_param(name)?;
            c.q_bool("includeSecretCoordinates")?;
            let r = live(list, &id).ok_or_else(|| not_found(what, &id))?;
            ok(actor_json(r))
        }
        "patchSource" | "putSource" | "patchDestination" | "putDestination" => {
            let is_src = c.op.ends_with("Source");
            let name = if is_src { "sourceId" } else { "destinationId" };
            let id = c.uuid_param(name)?;
            let new_ws = c.b_str("workspaceId").map(str::to_ascii_lowercase);
            if let Some(w) = &new_ws {
                if live(&s.workspaces, w).is_none() {
                    return Err(bad(Invalid::new("workspaceId", "no such workspace")));
                }
                let in_use = s
                    .connections
                    .iter()
                    .any(|k| !k.deleted && k.str(name) == Some(&id) && k.ws.as_deref() != Some(w));
                if in_use {
                    return Err(conflict(
                        "The source is used by connections of its current workspace.",
                    ));
                }
            }
            let list = if is_src {
                &mut s.sources
            } else {
                &mut s.destinations
            };
            let r = list
                .iter_mut()
                .find(|r| r.id == id && !r.deleted)
                .ok_or_else(|| not_found(if is_src { "source" } else { "destination" }, &id))?;
            let type_key = if is_src {
                "sourceType"
            } else {
                "destinationType"
            };
            if let Some(n) = c.b_str("name") {
                r.v["name"] = json!(n);
            }
            if let Some(cfg) = c.body().get("configuration").filter(|x| x.is_object()) {
                let mut cfg = cfg.clone();
                // The connector type cannot change; keep the stored one.
                if let (Some(o), Some(t)) = (cfg.as_object_mut(), r.v.get(type_key).cloned()) {
                    o.insert(type_key.into(), t);
                }
                r.v["configuration"] = cfg;
            }
            if let Some(ra) = c.body().get("resourceAllocation").filter(|x| x.is_object()) {
                r.v["resourceAllocation"] = ra.clone();
            }
            if let Some(w) = new_ws {
                r.v["workspaceId"] = json!(w);
                r.ws = Some(w);
            }
            r.updated_ms = now;
            ok(actor_json(r))
        }
        "deleteSource" | "deleteDestination" => {
            let is_src = c.op == "deleteSource";
            let name = if is_src { "sourceId" } else { "destinationId" };
            let id = c.uuid_param(name)?;
            let what = if is_src { "source" } else { "destination" };
            let list = if is_src { &s.sources } else { &s.destinations };
            live(list, &id).ok_or_else(|| not_found(what, &id))?;
            if let Some(k) = s
                .connections
                .iter()
                .find(|k| !k.deleted && k.str(name) == Some(&id))
            {
                return Err(conflict(&format!(
                    "The {what} is used by connection {}; delete the connection first.",
                    k.id
                )));
            }
            let list = if is_src {
                &mut s.sources
            } else {
                &mut s.destinations
            };
            if let Some(r) = find_mut(list, &id) {
                r.deleted = true;
                r.updated_ms = now;
            }
            Ok(http::empty(204))
        }
        "initiateOAuth" => {
            let ws = c.b_str("workspaceId").unwrap_or("").to_ascii_lowercase();
            if live(&s.workspaces, &ws).is_none() {
                return Err(bad(Invalid::new("workspaceId", "no such workspace")));
            }
            let mut ser = form_urlencoded::Serializer::new(String::new());
            ser.append_pair("redirect_uri", c.b_str("redirectUrl").unwrap_or(""));
            ser.append_pair("state", &new_id());
            ok(json!({
                "consentUrl": format!(
                    "https://oauth.emulator.invalid/{}/authorize?{}",
                    c.b_str("sourceType").unwrap_or("unknown"),
                    ser.finish()
                )
            }))
        }

        // ---- connections ----
        "createConnection" => {
            let src_id = c.b_str("sourceId").unwrap_or("").to_ascii_lowercase();
            let dst_id = c.b_str("destinationId").unwrap_or("").to_ascii_lowercase();
            let src = live(&s.sources, &src_id)
                .ok_or_else(|| bad(Invalid::new("sourceId", "no such source")))?;
            let dst = live(&s.destinations, &dst_id)
                .ok_or_else(|| bad(Invalid::new("destinationId", "no such destination")))?;
            if src.ws != dst.ws {
                return Err(bad(Invalid::new(
                    "destinationId",
                    "the source and the destination belong to different workspaces",
                )));
            }
            let ws = src.ws.clone().unwrap_or_default();
            let tags = resolve_tags(s, &ws, c.body().get("tags").unwrap_or(&json!([])))?;
            let src_type = src.str("sourceType").unwrap_or("").to_string();
            let name = c.b_str("name").map(str::to_string).unwrap_or_else(|| {
                format!(
                    "{} → {}",
                    src.str("name").unwrap_or("source"),
                    dst.str("name").unwrap_or("destination")
                )
            });
            let id = new_id();
            let b = c.body();
            let configurations = b
                .get("configurations")
                .filter(|x| {
                    x.get("streams")
                        .and_then(Value::as_array)
                        .is_some_and(|a| !a.is_empty())
                })
                .cloned()
                .unwrap_or_else(|| state::default_configurations(&src_type));
            let mut v = json!({
                "connectionId": id, "name": name, "sourceId": src_id, "destinationId": dst_id, "workspaceId": ws,
                "status": b.get("status").and_then(Value::as_str).unwrap_or("active"),
                "schedule": schedule_response(b.get("schedule").unwrap_or(&Value::Null)),
                "configurations": configurations,
                "createdAt": now / 1000, "tags": tags,
                "namespaceDefinition": b.get("namespaceDefinition").and_then(Value::as_str).unwrap_or("destination"),
                "prefix": b.get("prefix").and_then(Value::as_str).unwrap_or(""),
                "nonBreakingSchemaUpdatesBehavior": b.get("nonBreakingSchemaUpdatesBehavior").and_then(Value::as_str).unwrap_or("ignore"),
            });
            if let Some(f) = b.get("namespaceFormat").and_then(Value::as_str) {
                v["namespaceFormat"] = json!(f);
            }
            let rec = Rec::new(&id, Some(&ws), v, now);
            let out = connection_json(s, &rec);
            s.connections.push(rec);
            ok(out)
        }
        "listConnections" => {
            let wss = c.q_uuids("workspaceIds")?;
            let tags = c.q_uuids("tagIds")?;
            let incl = c.q_bool("includeDeleted")?;
            let items = s
                .connections
                .iter()
                .filter(|r| incl || !r.deleted)
                .filter(|r| wss.is_empty() || r.ws.as_ref().is_some_and(|w| wss.contains(w)))
                .map(|r| connection_json(s, r))
                .filter(|v| {
                    tags.is_empty()
                        || v.get("tags").and_then(Value::as_array).is_some_and(|a| {
                            a.iter().any(|t| {
                                t.get("tagId")
                                    .and_then(Value::as_str)
                                    .is_some_and(|id| tags.iter().any(|x| x == id))
                            })
                        })
                })
                .collect();
            c.page(items)
        }
        "getConnection" => {
            let id = c.uuid_param("connectionId")?;
            let r = live(&s.connections, &id).ok_or_else(|| not_found("connection", &id))?;
            ok(connection_json(s, r))
        }
        "patchConnection" => {
            let id = c.uuid_param("connectionId")?;
            let ws = live(&s.connections, &id)
                .ok_or_else(|| not_found("connection", &id))?
                .ws
                .clone()
                .unwrap_or_default();
            let b = c.body();
            let tags = match b.get("tags") {
                Some(t) if !t.is_null() => Some(resolve_tags(s, &ws, t)?),
                _ => None,
            };
            let r =
                find_mut(&mut s.connections, &id).ok_or_else(|| not_found("connection", &id))?;
            for key in [
                "name",
                "status",
                "namespaceDefinition",
                "namespaceFormat",
                "prefix",
                "nonBreakingSchemaUpdatesBehavior",
            ] {
                if let Some(x) = b.get(key).filter(|x| x.is_string()) {
                    r.v[key] = x.clone();
                }
            }
            if let Some(sc) = b.get("schedule").filter(|x| x.is_object()) {
                r.v["schedule"] = schedule_response(sc);
            }
            if let Some(cf) = b.get("configurations").filter(|x| x.is_object()) {
                r.v["configurations"] = cf.clone();
            }
            if let Some(t) = tags {
                r.v["tags"] = t;
            }
            r.updated_ms = now;
            let r = r.clone();
            ok(connection_json(s, &r))
        }
        "deleteConnection" => {
            let id = c.uuid_param("connectionId")?;
            live(&s.connections, &id).ok_or_else(|| not_found("connection", &id))?;
            for j in s.jobs.iter_mut().filter(|j| j.connection_id == id) {
                if j.is_running(now) {
                    j.cancelled_ms = Some(now);
                }
            }
            if let Some(r) = find_mut(&mut s.connections, &id) {
                r.deleted = true;
                r.v["status"] = json!("deprecated");
                r.updated_ms = now;
            }
            Ok(http::empty(204))
        }
        "getStreamProperties" => {
            let src_id = c.q_uuid("sourceId", true)?.unwrap_or_default();
            let dst = c.q_uuid("destinationId", false)?;
            c.q_bool("ignoreCache")?;
            let src = live(&s.sources, &src_id).ok_or_else(|| not_found("source", &src_id))?;
            if let Some(d) = dst {
                live(&s.destinations, &d).ok_or_else(|| not_found("destination", &d))?;
            }
            ok(state::stream_properties(
                src.str("sourceType").unwrap_or(""),
            ))
        }

        // ---- workspaces ----
        "listWorkspaces" => {
            let wss = c.q_uuids("workspaceIds")?;
            let incl = c.q_bool("includeDeleted")?;
            let items = s
                .workspaces
                .iter()
                .filter(|r| incl || !r.deleted)
                .filter(|r| wss.is_empty() || wss.contains(&r.id))
                .map(|r| r.v.clone())
                .collect();
            c.page(items)
        }
        "createWorkspace" => {
            let org = match c.b_str("organizationId") {
                Some(o) => {
                    let o = o.to_ascii_lowercase();
                    find(&s.organizations, &o).ok_or_else(|| {
                        bad(Invalid::new("organizationId", "no such organization"))
                    })?;
                    Some(o)
                }
                None => s.organizations.first().map(|o| o.id.clone()),
            };
            let id = new_id();
            let mut v = json!({
                "workspaceId": id, "name": c.b_str("name"), "dataResidency": "auto",
                "notifications": c.body().get("notifications").filter(|x| x.is_object()).cloned().unwrap_or(json!({})),
            });
            if let Some(o) = org {
                v["organizationId"] = json!(o);
            }
            s.workspaces.push(Rec::new(&id, Some(&id), v.clone(), now));
            ok(v)
        }
        "getWorkspace" => {
            let id = c.uuid_param("workspaceId")?;
            ok(live(&s.workspaces, &id)
                .ok_or_else(|| not_found("workspace", &id))?
                .v
                .clone())
        }
        "updateWorkspace" => {
            let id = c.uuid_param("workspaceId")?;
            let r = s
                .workspaces
                .iter_mut()
                .find(|r| r.id == id && !r.deleted)
                .ok_or_else(|| not_found("workspace", &id))?;
            if let Some(n) = c.b_str("name") {
                r.v["name"] = json!(n);
            }
            if let Some(n) = c.body().get("notifications").filter(|x| x.is_object()) {
                r.v["notifications"] = n.clone();
            }
            r.updated_ms = now;
            ok(r.v.clone())
        }
        "deleteWorkspace" => {
            let id = c.uuid_param("workspaceId")?;
            live_ws(s, &id)?;
            let busy = s
                .sources
                .iter()
                .chain(&s.destinations)
                .chain(&s.connections)
                .any(|r| !r.deleted && r.ws.as_deref() == Some(&id));
            if busy {
                return Err(conflict("The workspace still has sources, destinations or connections; delete them first."));
            }
            if let Some(r) = find_mut(&mut s.workspaces, &id) {
                r.deleted = true;
                r.updated_ms = now;
            }
            Ok(http::empty(204))
        }
        "createOrUpdateWorkspaceOAuthCredentials"
        | "createOrUpdateOrganizationOAuthCredentials" => {
            let scope = if c.op.contains("Workspace") {
                let id = c.uuid_param("workspaceId")?;
                live_ws(s, &id)?;
                id
            } else {
                let id = c.uuid_param("organizationId")?;
                find(&s.organizations, &id).ok_or_else(|| not_found("organization", &id))?;
                id
            };
            let at = c.b_str("actorType").unwrap_or("").to_string();
            let name = c.b_str("name").unwrap_or("").to_string();
            let cfg = c.body().get("configuration").cloned().unwrap_or(json!({}));
            s.oauth
                .retain(|(sc, a, n, _)| !(sc == &scope && a == &at && n == &name));
            s.oauth.push((scope, at, name, cfg));
            Ok(http::empty(200))
        }
        "deleteWorkspaceOAuthCredentials" | "deleteOrganizationOAuthCredentials" => {
            let scope = if c.op.contains("Workspace") {
                let id = c.uuid_param("workspaceId")?;
                live_ws(s, &id)?;
                id
            } else {
                let id = c.uuid_param("organizationId")?;
                find(&s.organizations, &id).ok_or_else(|| not_found("organization", &id))?;
                id
            };
            let at = c.param("actorType");
            validate::check_enum("actorType", "ActorTypeEnum", at).map_err(bad)?;
            let name = c.param("name");
            s.oauth
                .retain(|(sc, a, n, _)| !(sc == &scope && a == at && n == name));
            Ok(http::empty(204))
        }

        // ---- permissions, organizations, users ----
        "getPermission" => {
            let id = c.uuid_param("permissionId")?;
            ok(live(&s.permissions, &id)
                .ok_or_else(|| not_found("permission", &id))?
                .v
                .clone())
        }
        "updatePermission" => {
            let id = c.uuid_param("permissionId")?;
            let ty = c.b_str("permissionType").unwrap_or("").to_string();
            let r = s
                .permissions
                .iter_mut()
                .find(|r| r.id == id && !r.deleted)
                .ok_or_else(|| not_found("permission", &id))?;
            let is_ws = r.v.get("workspaceId").is_some();
            if is_ws != ty.starts_with("workspace_") {
                return Err(bad(Invalid::new(
                    "permissionType",
                    "does not match the permission's scope",
                )));
            }
            r.v["permissionType"] = json!(ty);
            r.updated_ms = now;
            ok(r.v.clone())
        }
        "deletePermission" => {
            let id = c.uuid_param("permissionId")?;
            let r = s
                .permissions
                .iter_mut()
                .find(|r| r.id == id && !r.deleted)
                .ok_or_else(|| not_found("permission", &id))?;
            r.deleted = true;
            Ok(http::empty(204))
        }
        "listPermissions" => {
            let user = c.q_uuid("userId", false)?;
            let org = c.q_uuid("organizationId", false)?;
            let data: Vec<Value> = s
                .permissions
                .iter()
                .filter(|r| !r.deleted)
                .filter(|r| user.as_deref().is_none_or(|u| r.str("userId") == Some(u)))
                .filter(|r| {
                    org.as_deref().is_none_or(|o| {
                        r.str("organizationId") == Some(o)
                            || r.str("workspaceId").and_then(|w| find(&s.workspaces, w)).and_then(|w| w.str("organizationId")) == Some(o)
                    })
                })
                .map(|r| {
                    let (scope, scope_id) = match (r.str("workspaceId"), r.str("organizationId")) {
                        (Some(w), _) => ("workspace", w),
                        (None, Some(o)) => ("organization", o),
                        _ => ("none", ""),
                    };
                    let mut v = json!({"permissionId": r.id, "permissionType": r.v.get("permissionType"),
                        "userId": r.v.get("userId"), "scope": scope});
                    if !scope_id.is_empty() {
                        v["scopeId"] = json!(scope_id);
                    } else {
                        v["scopeId"] = json!("00000000-0000-0000-0000-000000000000");
                    }
                    v
                })
                .collect();
            ok(json!({ "data": data }))
        }
        "createPermission" => {
            let b = c.body();
            let user = c.b_str("userId").unwrap_or("").to_ascii_lowercase();
            let ty = c.b_str("permissionType").unwrap_or("").to_string();
            find(&s.users, &user).ok_or_else(|| bad(Invalid::new("userId", "no such user")))?;
            let ws = b
                .get("workspaceId")
                .and_then(Value::as_str)
                .map(str::to_ascii_lowercase);
            let org = b
                .get("organizationId")
                .and_then(Value::as_str)
                .map(str::to_ascii_lowercase);
            let mut v = json!({"permissionType": ty, "userId": user});
            let scope_ws = match (ws, org) {
                (Some(w), None) => {
                    if live(&s.workspaces, &w).is_none() {
                        return Err(bad(Invalid::new("workspaceId", "no such workspace")));
                    }
                    if !ty.starts_with("workspace_") {
                        return Err(bad(Invalid::new(
                            "permissionType",
                            "a workspace permission must be workspace_*",
                        )));
                    }
                    v["workspaceId"] = json!(w);
                    Some(w)
                }
                (None, Some(o)) => {
                    if find(&s.organizations, &o).is_none() {
                        return Err(bad(Invalid::new("organizationId", "no such organization")));
                    }
                    if !ty.starts_with("organization_") {
                        return Err(bad(Invalid::new(
                            "permissionType",
                            "an organization permission must be organization_*",
                        )));
                    }
                    v["organizationId"] = json!(o);
                    None
                }
                _ => {
                    return Err(bad(Invalid::new(
                        "workspaceId",
                        "exactly one of workspaceId and organizationId is required",
                    )))
                }
            };
            let id = new_id();
            v["permissionId"] = json!(id);
            s.permissions
                .push(Rec::new(&id, scope_ws.as_deref(), v.clone(), now));
            ok(v)
        }
        "listOrganizationsForUser" => {
            ok(json!({ "data": s.organizations.iter().map(|r| r.v.clone()).collect::<Vec<_>>() }))
        }
        "listUsersWithinAnOrganization" => {
            let org = c.q_uuid("organizationId", true)?.unwrap_or_default();
            find(&s.organizations, &org).ok_or_else(|| not_found("organization", &org))?;
            let ids = c.q_uuids("ids")?;
            let emails: Vec<String> = c
                .q_all("emails")
                .iter()
                .map(|e| e.to_ascii_lowercase())
                .collect();
            let data: Vec<Value> = s
                .users
                .iter()
                .filter(|r| ids.is_empty() || ids.contains(&r.id))
                .filter(|r| {
                    emails.is_empty()
                        || r.str("email")
                            .is_some_and(|e| emails.contains(&e.to_ascii_lowercase()))
                })
                .map(|r| r.v.clone())
                .collect();
            ok(json!({ "data": data }))
        }

        // ---- tags ----
        "listTags" => {
            let wss = c.q_uuids("workspaceIds")?;
            let data: Vec<Value> = s
                .tags
                .iter()
                .filter(|r| !r.deleted)
                .filter(|r| wss.is_empty() || r.ws.as_ref().is_some_and(|w| wss.contains(w)))
                .map(|r| r.v.clone())
                .collect();
            ok(json!({ "data": data }))
        }
        "createTag" => {
            let ws = c.b_str("workspaceId").unwrap_or("").to_ascii_lowercase();
            if live(&s.workspaces, &ws).is_none() {
                return Err(bad(Invalid::new("workspaceId", "no such workspace")));
            }
            let name = c.b_str("name").unwrap_or("").to_string();
            if s.tags.iter().any(|t| {
                !t.deleted
                    && t.ws.as_deref() == Some(&ws)
                    && t.str("name").is_some_and(|n| n.eq_ignore_ascii_case(&name))
            }) {
                return Err(conflict(
                    "A tag with this name already exists in the workspace.",
                ));
            }
            let id = new_id();
            let v =
                json!({"tagId": id, "name": name, "color": c.b_str("color"), "workspaceId": ws});
            s.tags.push(Rec::new(&id, Some(&ws), v.clone(), now));
            ok(v)
        }
        "getTag" => {
            let id = c.uuid_param("tagId")?;
            ok(live(&s.tags, &id)
                .ok_or_else(|| not_found("tag", &id))?
                .v
                .clone())
        }
        "updateTag" => {
            let id = c.uuid_param("tagId")?;
            let name = c.b_str("name").unwrap_or("").to_string();
            let ws = live(&s.tags, &id)
                .ok_or_else(|| not_found("tag", &id))?
                .ws
                .clone();
            if s.tags.iter().any(|t| {
                !t.deleted
                    && t.id != id
                    && t.ws == ws
                    && t.str("name").is_some_and(|n| n.eq_ignore_ascii_case(&name))
            }) {
                return Err(conflict(
                    "A tag with this name already exists in the workspace.",
                ));
            }
            let r = find_mut(&mut s.tags, &id).ok_or_else(|| not_found("tag", &id))?;
            r.v["name"] = json!(name);
            r.v["color"] = json!(c.b_str("color"));
            r.updated_ms = now;
            ok(r.v.clone())
        }
        "deleteTag" => {
            let id = c.uuid_param("tagId")?;
            let r = s
                .tags
                .iter_mut()
                .find(|r| r.id == id && !r.deleted)
                .ok_or_else(|| not_found("tag", &id))?;
            r.deleted = true;
            Ok(http::empty(204))
        }
        _ => Err(http::problem(404, "Unknown operation.")),
    }
}
