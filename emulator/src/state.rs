//! In-memory state of the emulated Airbyte instance, and the demo seed.

use serde_json::{json, Value};

use crate::time::{iso_duration, rfc3339};

/// One stored resource. `v` holds the response object (without derived fields).
#[derive(Clone, Debug)]
pub struct Rec {
    pub id: String,
    /// Owning workspace (`None` for organization-wide or global records).
    pub ws: Option<String>,
    pub v: Value,
    pub created_ms: i64,
    pub updated_ms: i64,
    pub deleted: bool,
}

impl Rec {
    pub fn new(id: &str, ws: Option<&str>, v: Value, created_ms: i64) -> Rec {
        Rec {
            id: id.to_string(),
            ws: ws.map(str::to_string),
            v,
            created_ms,
            updated_ms: created_ms,
            deleted: false,
        }
    }
    pub fn str(&self, key: &str) -> Option<&str> {
        self.v.get(key).and_then(Value::as_str)
    }
}

#[derive(Clone, Debug)]
pub struct Job {
    pub id: i64,
    pub connection_id: String,
    pub job_type: String,
    pub start_ms: i64,
    pub duration_ms: i64,
    /// `succeeded` or `failed`: what the job ends as unless cancelled.
    pub outcome: &'static str,
    pub cancelled_ms: Option<i64>,
    pub rows_total: i64,
    pub bytes_total: i64,
}

/// The status, progress (0..=1) and last update time of a job at `now`.
pub struct JobView {
    pub status: &'static str,
    pub progress: f64,
    pub last_updated_ms: i64,
    pub end_ms: i64,
}

impl Job {
    pub fn view(&self, now: i64) -> JobView {
        let d = self.duration_ms.max(0);
        let pending = d / 10;
        let at = |t: i64| -> (f64, &'static str) {
            let e = t - self.start_ms;
            if e >= d {
                (1.0, self.outcome)
            } else if e < pending {
                (0.0, "pending")
            } else {
                let span = (d - pending).max(1) as f64;
                (((e - pending) as f64 / span).clamp(0.0, 1.0), "running")
            }
        };
        if let Some(c) = self.cancelled_ms {
            let (p, _) = at(c);
            return JobView {
                status: "cancelled",
                progress: p.min(0.99),
                last_updated_ms: c,
                end_ms: c,
            };
        }
        let (p, status) = at(now);
        let done = now - self.start_ms >= d;
        let end = if done { self.start_ms + d } else { now };
        // A failed job stops part-way.
        let p = if done && self.outcome == "failed" {
            0.4
        } else {
            p
        };
        JobView {
            status,
            progress: p,
            last_updated_ms: end,
            end_ms: end,
        }
    }

    pub fn is_running(&self, now: i64) -> bool {
        matches!(self.view(now).status, "pending" | "running")
    }

    pub fn to_json(&self, now: i64) -> Value {
        let v = self.view(now);
        let rows = (self.rows_total as f64 * v.progress).round() as i64;
        let bytes = (self.bytes_total as f64 * v.progress).round() as i64;
        json!({
            "jobId": self.id,
            "status": v.status,
            "jobType": self.job_type,
            "startTime": rfc3339(self.start_ms),
            "connectionId": self.connection_id,
            "lastUpdatedAt": rfc3339(v.last_updated_ms),
            "duration": iso_duration(v.end_ms - self.start_ms),
            "bytesSynced": bytes,
            "rowsSynced": rows,
        })
    }
}

#[derive(Default, Clone)]
pub struct Store {
    pub organizations: Vec<Rec>,
    pub users: Vec<Rec>,
    pub permissions: Vec<Rec>,
    pub workspaces: Vec<Rec>,
    pub tags: Vec<Rec>,
    pub source_defs: Vec<Rec>,
    pub dest_defs: Vec<Rec>,
    pub decl_defs: Vec<Rec>,
    pub sources: Vec<Rec>,
    pub destinations: Vec<Rec>,
    pub connections: Vec<Rec>,
    pub jobs: Vec<Job>,
    pub next_job_id: i64,
    /// (scope id, actorType, name) of stored OAuth credential overrides.
    pub oauth: Vec<(String, String, String, Value)>,
}

pub fn find<'a>(v: &'a [Rec], id: &str) -> Option<&'a Rec> {
    v.iter().find(|r| r.id == id)
}
pub fn find_mut<'a>(v: &'a mut [Rec], id: &str) -> Option<&'a mut Rec> {
    v.iter_mut().find(|r| r.id == id)
}
pub fn live<'a>(v: &'a [Rec], id: &str) -> Option<&'a Rec> {
    v.iter().find(|r| r.id == id && !r.deleted)
}

/// Masks secret-looking string values in a connector configuration, as Airbyte does.
pub fn mask_secrets(v: &Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| {
                    let kl = k.to_ascii_lowercase();
                    let secret = [
                        "password",
                        "secret",
                        "token",
                        "api_key",
                        "apikey",
                        "credentials_json",
                        "private_key",
                    ]
                    .iter()
                    .any(|s| kl.contains(s));
                    if secret && x.is_string() {
                        (k.clone(), Value::String("**********".into()))
                    } else {
                        (k.clone(), mask_secrets(x))
                    }
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(mask_secrets).collect()),
        x => x.clone(),
    }
}

/// Seeded stream properties per connector type (`faker`, `postgres`, …).
pub fn stream_properties(source_type: &str) -> Value {
    let inc = json!([
        "full_refresh_overwrite",
        "full_refresh_append",
        "incremental_append",
        "incremental_deduped_history"
    ]);
    let full = json!(["full_refresh_overwrite", "full_refresh_append"]);
    let s = |name: &str, ns: Option<&str>, cursor: Option<&str>, pk: &str, fields: &[&str]| {
        let mut o = json!({
            "streamName": name,
            "syncModes": if cursor.is_some() { inc.clone() } else { full.clone() },
            "defaultCursorField": cursor.map(|c| vec![c]).unwrap_or_default(),
            "sourceDefinedCursorField": cursor.is_some(),
            "sourceDefinedPrimaryKey": [[pk]],
            "propertyFields": fields.iter().map(|f| vec![*f]).collect::<Vec<_>>(),
        });
        if let (Some(ns), Some(obj)) = (ns, o.as_object_mut()) {
            obj.insert("streamnamespace".into(), json!(ns));
        }
        o
    };
    match source_type {
        "faker" => json!([
            s(
                "users",
                None,
                Some("updated_at"),
                "id",
                &["id", "name", "email", "age", "created_at", "updated_at"]
            ),
            s(
                "products",
                None,
                Some("updated_at"),
                "id",
                &["id", "make", "model", "price", "created_at", "updated_at"]
            ),
            s(
                "purchases",
                None,
                Some("updated_at"),
                "id",
                &["id", "user_id", "product_id", "purchased_at", "updated_at"]
            ),
        ]),
        "postgres" => json!([
            s(
                "orders",
                Some("public"),
                Some("updated_at"),
                "order_id",
                &["order_id", "customer_id", "total", "status", "updated_at"]
            ),
            s(
                "customers",
                Some("public"),
                Some("updated_at"),
                "customer_id",
                &["customer_id", "name", "email", "updated_at"]
            ),
            s(
                "order_items",
                Some("public"),
                None,
                "item_id",
                &["item_id", "order_id", "sku", "quantity"]
            ),
        ]),
        "github" => json!([
            s(
                "commits",
                None,
                Some("created_at"),
                "sha",
                &["sha", "author", "message", "created_at"]
            ),
            s(
                "issues",
                None,
                Some("updated_at"),
                "id",
                &["id", "title", "state", "updated_at"]
            ),
            s(
                "pull_requests",
                None,
                Some("updated_at"),
                "id",
                &["id", "title", "state", "updated_at"]
            ),
        ]),
        "stripe" => json!([
            s(
                "charges",
                None,
                Some("created"),
                "id",
                &["id", "amount", "currency", "created"]
            ),
            s(
                "customers",
                None,
                Some("created"),
                "id",
                &["id", "email", "created"]
            ),
            s(
                "invoices",
                None,
                Some("created"),
                "id",
                &["id", "total", "status", "created"]
            ),
        ]),
        _ => json!([s("records", None, None, "id", &["id", "data"])]),
    }
}

/// The default `configurations` of a new connection: every stream of its source.
pub fn default_configurations(source_type: &str) -> Value {
    let props = stream_properties(source_type);
    let streams: Vec<Value> = props
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| {
                    let cursor = p.get("defaultCursorField").cloned().unwrap_or(json!([]));
                    let has_cursor = cursor.as_array().is_some_and(|c| !c.is_empty());
                    json!({
                        "name": p.get("streamName").cloned().unwrap_or(json!("records")),
                        "syncMode": if has_cursor { "incremental_append" } else { "full_refresh_overwrite" },
                        "cursorField": cursor,
                        "primaryKey": p.get("sourceDefinedPrimaryKey").cloned().unwrap_or(json!([])),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    json!({ "streams": streams })
}

/// Connector type name from a docker repository (`airbyte/source-postgres` → `postgres`).
pub fn type_from_repo(repo: &str) -> String {
    let last = repo.rsplit('/').next().unwrap_or(repo);
    last.strip_prefix("source-")
        .or_else(|| last.strip_prefix("destination-"))
        .unwrap_or(last)
        .to_string()
}

// ---- fixed ids of the demo seed -------------------------------------------------------------

pub const ORG: &str = "0a000000-0000-4000-8000-000000000001";
pub const USER_ADA: &str = "0b000000-0000-4000-8000-000000000001";
pub const USER_GRACE: &str = "0b000000-0000-4000-8000-000000000002";
pub const USER_ALAN: &str = "0b000000-0000-4000-8000-000000000003";
pub const WS_PROD: &str = "1a000000-0000-4000-8000-000000000001";
pub const WS_STAGING: &str = "1a000000-0000-4000-8000-000000000002";
pub const TAG_FINANCE: &str = "1b000000-0000-4000-8000-000000000001";
pub const TAG_MARKETING: &str = "1b000000-0000-4000-8000-000000000002";
pub const TAG_CRITICAL: &str = "1b000000-0000-4000-8000-000000000003";
pub const TAG_EXPERIMENT: &str = "1b000000-0000-4000-8000-000000000004";
pub const SRC_FAKER: &str = "2a000000-0000-4000-8000-000000000001";
pub const SRC_POSTGRES: &str = "2a000000-0000-4000-8000-000000000002";
pub const SRC_GITHUB: &str = "2a000000-0000-4000-8000-000000000003";
pub const SRC_STRIPE: &str = "2a000000-0000-4000-8000-000000000004";
pub const SRC_FAKER_STAGING: &str = "2a000000-0000-4000-8000-000000000005";
pub const DST_BIGQUERY: &str = "3a000000-0000-4000-8000-000000000001";
pub const DST_S3: &str = "3a000000-0000-4000-8000-000000000002";
pub const DST_POSTGRES: &str = "3a000000-0000-4000-8000-000000000003";
pub const DST_DEVNULL: &str = "3a000000-0000-4000-8000-000000000004";
pub const CONN_FAKER_BQ: &str = "4a000000-0000-4000-8000-000000000001";
pub const CONN_ORDERS_BQ: &str = "4a000000-0000-4000-8000-000000000002";
pub const CONN_GITHUB_S3: &str = "4a000000-0000-4000-8000-000000000003";
pub const CONN_STRIPE_PG: &str = "4a000000-0000-4000-8000-000000000004";
pub const CONN_STAGING: &str = "4a000000-0000-4000-8000-000000000005";
pub const CONN_ORDERS_S3: &str = "4a000000-0000-4000-8000-000000000006";
pub const DECL_POKEAPI: &str = "5a000000-0000-4000-8000-000000000001";

pub const SRCDEF_FAKER: &str = "dfd88b22-b603-4c3d-aad7-3701784586b1";
pub const SRCDEF_POSTGRES: &str = "decd338e-5647-4c0b-adf4-da0e75f5a750";
pub const SRCDEF_GITHUB: &str = "ef69ef6e-aa7f-4af1-a01d-ef775033524e";
pub const SRCDEF_STRIPE: &str = "e094cb9a-26de-4645-8761-65c0c425d1de";
pub const SRCDEF_SHEETS: &str = "71607ba1-c0ac-4799-8049-7f4b90dd50f7";
pub const DSTDEF_POSTGRES: &str = "25c5221d-dce2-4163-ade9-739ef790f503";
pub const DSTDEF_BIGQUERY: &str = "22f6c74f-5699-40ff-833c-4a879ea40133";
pub const DSTDEF_S3: &str = "4816b78f-1489-44c1-9060-4b19d5fa9362";
pub const DSTDEF_DEVNULL: &str = "a7bcc9d8-13b3-4e49-b80d-d020b90045e3";
pub const DSTDEF_SNOWFLAKE: &str = "424892c4-daac-4491-b35d-c6688ba547ba";

const DAY: i64 = 86_400_000;

fn def(id: &str, name: &str, repo: &str, tag: &str, created: i64) -> Rec {
    let kind = if repo.contains("/source-") {
        "sources"
    } else {
        "destinations"
    };
    Rec::new(
        id,
        None,
        json!({
            "id": id, "name": name, "dockerRepository": repo, "dockerImageTag": tag,
            "documentationUrl": format!("https://docs.airbyte.com/integrations/{kind}/{}", type_from_repo(repo)),
        }),
        created,
    )
}

/// Global connector definitions (present in both seeds).
fn definitions(s: &mut Store, t0: i64) {
    s.source_defs = vec![
        def(
            SRCDEF_FAKER,
            "Sample Data (Faker)",
            "airbyte/source-faker",
            "6.2.6",
            t0,
        ),
        def(
            SRCDEF_POSTGRES,
            "Postgres",
            "airbyte/source-postgres",
            "3.6.22",
            t0,
        ),
        def(
            SRCDEF_GITHUB,
            "GitHub",
            "airbyte/source-github",
            "1.8.0",
            t0,
        ),
        def(
            SRCDEF_STRIPE,
            "Stripe",
            "airbyte/source-stripe",
            "5.6.2",
            t0,
        ),
        def(
            SRCDEF_SHEETS,
            "Google Sheets",
            "airbyte/source-google-sheets",
            "0.7.4",
            t0,
        ),
    ];
    s.dest_defs = vec![
        def(
            DSTDEF_POSTGRES,
            "Postgres",
            "airbyte/destination-postgres",
            "2.4.0",
            t0,
        ),
        def(
            DSTDEF_BIGQUERY,
            "BigQuery",
            "airbyte/destination-bigquery",
            "2.9.0",
            t0,
        ),
        def(DSTDEF_S3, "S3", "airbyte/destination-s3", "1.5.0", t0),
        def(
            DSTDEF_DEVNULL,
            "End-to-End Testing (/dev/null)",
            "airbyte/destination-dev-null",
            "0.7.12",
            t0,
        ),
        def(
            DSTDEF_SNOWFLAKE,
            "Snowflake",
            "airbyte/destination-snowflake",
            "3.15.0",
            t0,
        ),
    ];
}

/// The `empty` seed: only the connector catalog.
pub fn empty(now: i64) -> Store {
    let mut s = Store {
        next_job_id: 1,
        ..Store::default()
    };
    definitions(&mut s, now - 400 * DAY);
    s
}

fn tag(id: &str, ws: &str, name: &str, color: &str, t: i64) -> Rec {
    Rec::new(
        id,
        Some(ws),
        json!({"tagId": id, "workspaceId": ws, "name": name, "color": color}),
        t,
    )
}

#[allow(clippy::too_many_arguments)]
fn actor(
    kind: &str,
    id: &str,
    ws: &str,
    name: &str,
    def: &str,
    ty: &str,
    config: Value,
    t: i64,
) -> Rec {
    let (idk, tyk) = if kind == "source" {
        ("sourceId", "sourceType")
    } else {
        ("destinationId", "destinationType")
    };
    Rec::new(
        id,
        Some(ws),
        json!({ idk: id, "name": name, tyk: ty, "definitionId": def, "workspaceId": ws,
                "configuration": config, "createdAt": t / 1000 }),
        t,
    )
}

/// The `demo` seed: see README.md for what it contains.
pub fn demo(now: i64) -> Store {
    let mut s = empty(now);
    let t = |days: i64| now - days * DAY;
    s.organizations = vec![Rec::new(
        ORG,
        None,
        json!({"organizationId": ORG, "organizationName": "Acme Analytics", "email": "ops@acme.example"}),
        t(400),
    )];
    s.users = [
        (USER_ADA, "Ada Lovelace", "ada@acme.example"),
        (USER_GRACE, "Grace Hopper", "grace@acme.example"),
        (USER_ALAN, "Alan Turing", "alan@acme.example"),
    ]
    .iter()
    .map(|(id, n, e)| Rec::new(id, None, json!({"id": id, "name": n, "email": e}), t(300)))
    .collect();
    let perm = |id: &str, user: &str, ty: &str, ws: Option<&str>| {
        let mut v = json!({"permissionId": id, "permissionType": ty, "userId": user});
        if let Some(o) = v.as_object_mut() {
            match ws {
                Some(w) => o.insert("workspaceId".into(), json!(w)),
                None => o.insert("organizationId".into(), json!(ORG)),
            };
        }
        Rec::new(id, ws, v, t(200))
    };
    s.permissions = vec![
        perm(
            "0c000000-0000-4000-8000-000000000001",
            USER_ADA,
            "organization_admin",
            None,
        ),
        perm(
            "0c000000-0000-4000-8000-000000000002",
            USER_GRACE,
            "workspace_admin",
            Some(WS_PROD),
        ),
        perm(
            "0c000000-0000-4000-8000-000000000003",
            USER_ALAN,
            "workspace_reader",
            Some(WS_STAGING),
        ),
        perm(
            "0c000000-0000-4000-8000-000000000004",
            USER_GRACE,
            "workspace_editor",
            Some(WS_STAGING),
        ),
    ];
    let ws = |id: &str, name: &str, days: i64| {
        let mut r = Rec::new(
            id,
            Some(id),
            json!({"workspaceId": id, "name": name, "dataResidency": "auto", "notifications": {
                "failure": {"email": {"enabled": true}, "webhook": {"enabled": false}},
                "success": {"email": {"enabled": false}, "webhook": {"enabled": false}}
            }}),
            t(days),
        );
        r.v["organizationId"] = json!(ORG);
        r
    };
    s.workspaces = vec![
        ws(WS_PROD, "Production", 380),
        ws(WS_STAGING, "Staging", 200),
    ];
    s.tags = vec![
        tag(TAG_FINANCE, WS_PROD, "finance", "4F46E5", t(100)),
        tag(TAG_MARKETING, WS_PROD, "marketing", "F59E0B", t(100)),
        tag(TAG_CRITICAL, WS_PROD, "critical", "DC2626", t(90)),
        tag(TAG_EXPERIMENT, WS_STAGING, "experimental", "10B981", t(60)),
    ];
    s.sources = vec![
        actor(
            "source",
            SRC_FAKER,
            WS_PROD,
            "Sample data (Faker)",
            SRCDEF_FAKER,
            "faker",
            json!({"sourceType": "faker", "count": 1000, "seed": -1, "records_per_slice": 1000, "always_updated": true, "parallelism": 4}),
            t(120),
        ),
        actor(
            "source",
            SRC_POSTGRES,
            WS_PROD,
            "Orders DB (Postgres)",
            SRCDEF_POSTGRES,
            "postgres",
            json!({"sourceType": "postgres", "host": "orders-db.internal.example", "port": 5432, "database": "orders",
                   "username": "airbyte_reader", "password": "**********", "schemas": ["public"],
                   "ssl_mode": {"mode": "require"}, "replication_method": {"method": "CDC", "replication_slot": "airbyte_slot", "publication": "airbyte_pub"}}),
            t(110),
        ),
        actor(
            "source",
            SRC_GITHUB,
            WS_PROD,
            "GitHub acme/website",
            SRCDEF_GITHUB,
            "github",
            json!({"sourceType": "github", "repositories": ["acme/website"], "start_date": "2024-01-01T00:00:00Z",
                   "credentials": {"option_title": "PAT Credentials", "personal_access_token": "**********"}}),
            t(80),
        ),
        actor(
            "source",
            SRC_STRIPE,
            WS_PROD,
            "Stripe payments",
            SRCDEF_STRIPE,
            "stripe",
            json!({"sourceType": "stripe", "account_id": "acct_1Demo000000", "client_secret": "**********", "start_date": "2023-06-01T00:00:00Z", "lookback_window_days": 0}),
            t(70),
        ),
        actor(
            "source",
            SRC_FAKER_STAGING,
            WS_STAGING,
            "Faker (staging)",
            SRCDEF_FAKER,
            "faker",
            json!({"sourceType": "faker", "count": 100, "seed": 42, "records_per_slice": 100, "always_updated": false, "parallelism": 1}),
            t(50),
        ),
    ];
    s.destinations = vec![
        actor(
            "destination",
            DST_BIGQUERY,
            WS_PROD,
            "Warehouse (BigQuery)",
            DSTDEF_BIGQUERY,
            "bigquery",
            json!({"destinationType": "bigquery", "project_id": "acme-analytics", "dataset_id": "raw", "dataset_location": "US",
                   "credentials_json": "**********", "loading_method": {"method": "Standard"}}),
            t(120),
        ),
        actor(
            "destination",
            DST_S3,
            WS_PROD,
            "Data lake (S3)",
            DSTDEF_S3,
            "s3",
            json!({"destinationType": "s3", "s3_bucket_name": "acme-lake", "s3_bucket_path": "airbyte", "s3_bucket_region": "us-east-1",
                   "access_key_id": "AKIADEMO", "secret_access_key": "**********", "format": {"format_type": "Parquet", "compression_codec": "SNAPPY"}}),
            t(100),
        ),
        actor(
            "destination",
            DST_POSTGRES,
            WS_PROD,
            "Finance mart (Postgres)",
            DSTDEF_POSTGRES,
            "postgres",
            json!({"destinationType": "postgres", "host": "mart.internal.example", "port": 5432, "database": "finance",
                   "schema": "public", "username": "airbyte_writer", "password": "**********", "ssl_mode": {"mode": "require"}}),
            t(70),
        ),
        actor(
            "destination",
            DST_DEVNULL,
            WS_STAGING,
            "Dev null",
            DSTDEF_DEVNULL,
            "dev-null",
            json!({"destinationType": "dev-null", "test_destination": {"test_destination_type": "SILENT"}}),
            t(50),
        ),
    ];
    let conn = |id: &str,
                ws: &str,
                name: &str,
                src: &str,
                dst: &str,
                status: &str,
                schedule: Value,
                tags: &[&str],
                days: i64,
                st: &str| {
        let tag_objs: Vec<Value> = tags
            .iter()
            .filter_map(|tid| s.tags.iter().find(|r| r.id == *tid).map(|r| r.v.clone()))
            .collect();
        Rec::new(
            id,
            Some(ws),
            json!({
                "connectionId": id, "name": name, "sourceId": src, "destinationId": dst, "workspaceId": ws,
                "status": status, "schedule": schedule, "configurations": default_configurations(st),
                "createdAt": t(days) / 1000, "tags": tag_objs, "namespaceDefinition": "destination",
                "prefix": "", "nonBreakingSchemaUpdatesBehavior": "ignore",
            }),
            t(days),
        )
    };
    s.connections = vec![
        conn(
            CONN_FAKER_BQ,
            WS_PROD,
            "Faker → BigQuery",
            SRC_FAKER,
            DST_BIGQUERY,
            "active",
            json!({"scheduleType": "cron", "cronExpression": "0 0 * * * ?"}),
            &[TAG_FINANCE],
            100,
            "faker",
        ),
        conn(
            CONN_ORDERS_BQ,
            WS_PROD,
            "Orders DB → BigQuery",
            SRC_POSTGRES,
            DST_BIGQUERY,
            "active",
            json!({"scheduleType": "basic", "basicTiming": "Every 24 hours"}),
            &[TAG_FINANCE, TAG_CRITICAL],
            90,
            "postgres",
        ),
        conn(
            CONN_GITHUB_S3,
            WS_PROD,
            "GitHub → S3",
            SRC_GITHUB,
            DST_S3,
            "active",
            json!({"scheduleType": "manual"}),
            &[TAG_MARKETING],
            75,
            "github",
        ),
        conn(
            CONN_STRIPE_PG,
            WS_PROD,
            "Stripe → Finance mart",
            SRC_STRIPE,
            DST_POSTGRES,
            "inactive",
            json!({"scheduleType": "cron", "cronExpression": "0 30 2 * * ?"}),
            &[TAG_FINANCE],
            65,
            "stripe",
        ),
        conn(
            CONN_STAGING,
            WS_STAGING,
            "Faker → Dev null",
            SRC_FAKER_STAGING,
            DST_DEVNULL,
            "active",
            json!({"scheduleType": "manual"}),
            &[TAG_EXPERIMENT],
            45,
            "faker",
        ),
        conn(
            CONN_ORDERS_S3,
            WS_PROD,
            "Orders DB → S3",
            SRC_POSTGRES,
            DST_S3,
            "active",
            json!({"scheduleType": "cron", "cronExpression": "0 0 6 * * ?"}),
            &[],
            40,
            "postgres",
        ),
    ];
    s.decl_defs = vec![Rec::new(
        DECL_POKEAPI,
        Some(WS_PROD),
        json!({"id": DECL_POKEAPI, "name": "PokeAPI (low-code)", "version": 1, "manifest": {
            "version": "6.5.0", "type": "DeclarativeSource",
            "check": {"type": "CheckStream", "stream_names": ["pokemon"]},
            "streams": [{"type": "DeclarativeStream", "name": "pokemon", "primary_key": ["id"],
                "retriever": {"type": "SimpleRetriever",
                    "requester": {"type": "HttpRequester", "url_base": "https://pokeapi.co/api/v2", "path": "/pokemon", "http_method": "GET"},
                    "record_selector": {"type": "RecordSelector", "extractor": {"type": "DpathExtractor", "field_path": ["results"]}}}}],
            "spec": {"type": "Spec", "connection_specification": {"type": "object", "properties": {}}}
        }}),
        t(30),
    )];
    // Job history: (connection, type, days ago, minutes, outcome, cancelled, rows).
    let history: &[(&str, &str, i64, i64, &'static str, bool, i64)] = &[
        (CONN_FAKER_BQ, "sync", 3, 4, "succeeded", false, 1000),
        (CONN_ORDERS_BQ, "sync", 3, 12, "succeeded", false, 48_210),
        (CONN_GITHUB_S3, "sync", 3, 6, "succeeded", false, 2_315),
        (CONN_STRIPE_PG, "sync", 3, 9, "failed", false, 15_000),
        (CONN_STAGING, "sync", 3, 1, "succeeded", false, 100),
        (CONN_FAKER_BQ, "sync", 2, 4, "succeeded", false, 1000),
        (CONN_ORDERS_BQ, "sync", 2, 11, "succeeded", false, 51_022),
        (CONN_ORDERS_S3, "sync", 2, 8, "succeeded", false, 51_022),
        (CONN_GITHUB_S3, "refresh", 2, 7, "succeeded", true, 2_400),
        (CONN_STRIPE_PG, "sync", 2, 9, "failed", false, 15_100),
        (CONN_FAKER_BQ, "reset", 1, 1, "succeeded", false, 0),
        (CONN_FAKER_BQ, "sync", 1, 4, "succeeded", false, 1000),
        (CONN_ORDERS_BQ, "sync", 1, 13, "failed", false, 52_344),
        (CONN_ORDERS_S3, "sync", 1, 8, "succeeded", false, 52_344),
        (CONN_STAGING, "clear", 1, 1, "succeeded", false, 0),
    ];
    for (i, (c, ty, days, mins, outcome, cancelled, rows)) in history.iter().enumerate() {
        let start = t(*days) + (i as i64) * 600_000;
        let duration = mins * 60_000;
        s.jobs.push(Job {
            id: s.next_job_id,
            connection_id: c.to_string(),
            job_type: ty.to_string(),
            start_ms: start,
            duration_ms: duration,
            outcome,
            cancelled_ms: cancelled.then_some(start + duration / 2),
            rows_total: *rows,
            bytes_total: rows * 512,
        });
        s.next_job_id += 1;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn job_lifecycle() {
        let j = Job {
            id: 1,
            connection_id: CONN_FAKER_BQ.into(),
            job_type: "sync".into(),
            start_ms: 0,
            duration_ms: 1000,
            outcome: "succeeded",
            cancelled_ms: None,
            rows_total: 100,
            bytes_total: 1000,
        };
        assert_eq!(j.view(50).status, "pending");
        assert_eq!(j.view(500).status, "running");
        assert_eq!(j.view(1000).status, "succeeded");
        assert_eq!(j.to_json(2000)["rowsSynced"], 100);
        assert_eq!(j.to_json(2000)["duration"], "PT1S");
        let r1 = j.to_json(300)["rowsSynced"].as_i64().unwrap();
        let r2 = j.to_json(800)["rowsSynced"].as_i64().unwrap();
        assert!(r1 < r2, "{r1} {r2}");
    }
    #[test]
    fn seed_is_consistent() {
        let s = demo(1_700_000_000_000);
        for c in &s.connections {
            let src = live(&s.sources, c.str("sourceId").unwrap()).unwrap();
            let dst = live(&s.destinations, c.str("destinationId").unwrap()).unwrap();
            assert_eq!(src.ws, c.ws);
            assert_eq!(dst.ws, c.ws);
        }
        assert!(s.jobs.iter().any(|j| j.outcome == "failed"));
        assert_eq!(type_from_repo("airbyte/destination-dev-null"), "dev-null");
    }
}
