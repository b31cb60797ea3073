//! Request validation: every rejection names the field by its spec name.
//!
//! Bodies are checked against a compact table of the request schemas (required fields,
//! types, formats, enums). Query and path parameters are checked where they are parsed, in
//! `api.rs`, with the helpers below.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub path: String,
    pub message: String,
}

impl Invalid {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Invalid {
        Invalid {
            path: path.into(),
            message: message.into(),
        }
    }
}

#[derive(Clone, Copy)]
enum K {
    Str,
    Uuid,
    Obj,
    Arr,
    Enum(&'static [&'static str]),
    Schedule,
    Tags,
    Streams,
}

const JOB_TYPES: &[&str] = &["sync", "reset", "refresh", "clear"];
pub const JOB_STATUSES: &[&str] = &[
    "pending",
    "queued",
    "running",
    "incomplete",
    "failed",
    "succeeded",
    "cancelled",
];
const CONN_STATUS: &[&str] = &["active", "inactive", "deprecated", "locked"];
const NS_DEF: &[&str] = &["source", "destination", "custom_format"];
const NBSU: &[&str] = &[
    "ignore",
    "disable_connection",
    "propagate_columns",
    "propagate_fully",
];
pub const PERMISSION_TYPES: &[&str] = &[
    "instance_admin",
    "organization_admin",
    "organization_editor",
    "organization_runner",
    "organization_reader",
    "organization_member",
    "workspace_owner",
    "workspace_admin",
    "workspace_runner",
    "workspace_editor",
    "workspace_reader",
];
const PUBLIC_PERMISSION_TYPES: &[&str] = &[
    "organization_admin",
    "organization_editor",
    "organization_runner",
    "organization_reader",
    "organization_member",
    "workspace_admin",
    "workspace_editor",
    "workspace_runner",
    "workspace_reader",
];
pub const ACTOR_TYPES: &[&str] = &["source", "destination"];
const SYNC_MODES: &[&str] = &[
    "full_refresh_overwrite",
    "full_refresh_overwrite_deduped",
    "full_refresh_append",
    "full_refresh_update",
    "full_refresh_soft_delete",
    "incremental_append",
    "incremental_deduped_history",
    "incremental_update",
    "incremental_soft_delete",
];

/// (field, kind, required) per request body.
fn table(op: &str) -> Option<&'static [(&'static str, K, bool)]> {
    use K::*;
    Some(match op {
        "createJob" => &[
            ("connectionId", Uuid, true),
            ("jobType", Enum(JOB_TYPES), true),
        ],
        "createDeclarativeSourceDefinition" => &[("name", Str, true), ("manifest", Obj, true)],
        "updateDeclarativeSourceDefinition" => &[("manifest", Obj, true)],
        "createSourceDefinition" | "createDestinationDefinition" => &[
            ("name", Str, true),
            ("dockerRepository", Str, true),
            ("dockerImageTag", Str, true),
            ("documentationUrl", Str, false),
        ],
        "updateSourceDefinition" | "updateDestinationDefinition" => {
            &[("name", Str, true), ("dockerImageTag", Str, true)]
        }
        "createSource" => &[
            ("name", Str, true),
            ("definitionId", Uuid, false),
            ("workspaceId", Uuid, true),
            ("configuration", Obj, true),
            ("secretId", Str, false),
            ("resourceAllocation", Obj, false),
        ],
        "patchSource" => &[
            ("name", Str, false),
            ("workspaceId", Uuid, false),
            ("configuration", Obj, false),
            ("secretId", Str, false),
            ("resourceAllocation", Obj, false),
        ],
        "putSource" | "putDestination" => &[
            ("name", Str, true),
            ("configuration", Obj, true),
            ("resourceAllocation", Obj, false),
        ],
        "createDestination" => &[
            ("name", Str, true),
            ("definitionId", Uuid, false),
            ("workspaceId", Uuid, true),
            ("configuration", Obj, true),
            ("resourceAllocation", Obj, false),
        ],
        "patchDestination" => &[
            ("name", Str, false),
            ("configuration", Obj, false),
            ("resourceAllocation", Obj, false),
        ],
        "initiateOAuth" => &[
            ("redirectUrl", Str, true),
            ("workspaceId", Uuid, true),
            ("sourceType", Str, true),
            ("oAuthInputConfiguration", Obj, false),
            ("requestedScopes", Arr, false),
            ("requestedOptionalScopes", Arr, false),
        ],
        "createConnection" => &[
            ("name", Str, false),
            ("sourceId", Uuid, true),
            ("destinationId", Uuid, true),
            ("configurations", Streams, false),
            ("schedule", Schedule, false),
            ("dataResidency", Str, false),
            ("namespaceDefinition", Enum(NS_DEF), false),
            ("prefix", Str, false),
            ("nonBreakingSchemaUpdatesBehavior", Enum(NBSU), false),
            ("status", Enum(CONN_STATUS), false),
            ("tags", Tags, false),
        ],
        "patchConnection" => &[
            ("name", Str, false),
            ("configurations", Streams, false),
            ("schedule", Schedule, false),
            ("dataResidency", Str, false),
            ("namespaceDefinition", Enum(NS_DEF), false),
            ("prefix", Str, false),
            ("nonBreakingSchemaUpdatesBehavior", Enum(NBSU), false),
            ("status", Enum(CONN_STATUS), false),
            ("tags", Tags, false),
        ],
        "createWorkspace" => &[
            ("name", Str, true),
            ("organizationId", Uuid, false),
            ("notifications", Obj, false),
            ("regionId", Uuid, false),
        ],
        "updateWorkspace" => &[
            ("name", Str, false),
            ("notifications", Obj, false),
            ("regionId", Uuid, false),
        ],
        "createOrUpdateWorkspaceOAuthCredentials"
        | "createOrUpdateOrganizationOAuthCredentials" => &[
            ("actorType", Enum(ACTOR_TYPES), true),
            ("name", Str, true),
            ("configuration", Obj, true),
        ],
        "updatePermission" => &[("permissionType", Enum(PERMISSION_TYPES), true)],
        "createPermission" => &[
            ("permissionType", Enum(PUBLIC_PERMISSION_TYPES), true),
            ("userId", Uuid, true),
            ("workspaceId", Uuid, false),
            ("organizationId", Uuid, false),
        ],
        "createTag" => &[
            ("name", Str, true),
            ("color", Str, true),
            ("workspaceId", Uuid, true),
        ],
        "updateTag" => &[("name", Str, true), ("color", Str, true)],
        _ => return None,
    })
}

pub fn is_uuid(s: &str) -> bool {
    uuid::Uuid::try_parse(s).is_ok() && s.len() == 36
}

fn check_kind(path: &str, k: K, v: &Value) -> Result<(), Invalid> {
    let ty = |what: &str| Invalid::new(path, format!("expected {what}"));
    match k {
        K::Str => v.as_str().map(|_| ()).ok_or_else(|| ty("a string")),
        K::Uuid => match v.as_str() {
            Some(s) if is_uuid(s) => Ok(()),
            Some(_) => Err(Invalid::new(path, "must be a UUID")),
            None => Err(ty("a string (UUID)")),
        },
        K::Obj => v.as_object().map(|_| ()).ok_or_else(|| ty("an object")),
        K::Arr => v.as_array().map(|_| ()).ok_or_else(|| ty("an array")),
        K::Enum(vals) => match v.as_str() {
            Some(s) if vals.contains(&s) => Ok(()),
            _ => Err(Invalid::new(
                path,
                format!("must be one of {}", vals.join(", ")),
            )),
        },
        K::Schedule => {
            let o = v.as_object().ok_or_else(|| ty("an object"))?;
            let st = o
                .get("scheduleType")
                .ok_or_else(|| Invalid::new(format!("{path}.scheduleType"), "is required"))?;
            check_kind(
                &format!("{path}.scheduleType"),
                K::Enum(&["manual", "cron"]),
                st,
            )?;
            if let Some(c) = o.get("cronExpression") {
                check_kind(&format!("{path}.cronExpression"), K::Str, c)?;
            }
            if st.as_str() == Some("cron") && !o.get("cronExpression").is_some_and(Value::is_string)
            {
                return Err(Invalid::new(
                    format!("{path}.cronExpression"),
                    "is required for cron schedules",
                ));
            }
            Ok(())
        }
        K::Tags => {
            let a = v.as_array().ok_or_else(|| ty("an array"))?;
            for (i, t) in a.iter().enumerate() {
                let p = format!("{path}[{i}]");
                let o = t
                    .as_object()
                    .ok_or_else(|| Invalid::new(&p, "expected an object"))?;
                for f in ["tagId", "workspaceId", "name", "color"] {
                    let x = o
                        .get(f)
                        .ok_or_else(|| Invalid::new(format!("{p}.{f}"), "is required"))?;
                    check_kind(
                        &format!("{p}.{f}"),
                        if f == "workspaceId" { K::Uuid } else { K::Str },
                        x,
                    )?;
                }
            }
            Ok(())
        }
        K::Streams => {
            let o = v.as_object().ok_or_else(|| ty("an object"))?;
            if let Some(s) = o.get("streams") {
                let a = s
                    .as_array()
                    .ok_or_else(|| Invalid::new(format!("{path}.streams"), "expected an array"))?;
                for (i, st) in a.iter().enumerate() {
                    let p = format!("{path}.streams[{i}]");
                    let so = st
                        .as_object()
                        .ok_or_else(|| Invalid::new(&p, "expected an object"))?;
                    let name = so
                        .get("name")
                        .ok_or_else(|| Invalid::new(format!("{p}.name"), "is required"))?;
                    check_kind(&format!("{p}.name"), K::Str, name)?;
                    if let Some(m) = so.get("syncMode") {
                        check_kind(&format!("{p}.syncMode"), K::Enum(SYNC_MODES), m)?;
                    }
                    if let Some(c) = so.get("cursorField") {
                        check_kind(&format!("{p}.cursorField"), K::Arr, c)?;
                    }
                    if let Some(c) = so.get("primaryKey") {
                        check_kind(&format!("{p}.primaryKey"), K::Arr, c)?;
                    }
                }
            }
            Ok(())
        }
    }
}

/// Validates a request body for operation `op`: first against the spec tables of
/// `airbyte-core` (SERVER_REQUEST mode: unknown keys ignored, formats and enums checked), then
/// against the emulator's own, slightly stricter table (e.g. a cron schedule needs its
/// expression).
pub fn check_body(op: &str, body: &Value) -> Result<(), Invalid> {
    if let Some(schema) = airbyte_core::operation(op)
        .and_then(|(_, o)| o.body)
        .map(|b| b.schema)
    {
        if let Some(ty) = airbyte_core::validate::ref_ty(schema) {
            airbyte_core::validate::validate_value(
                ty,
                body,
                airbyte_core::validate::SERVER_REQUEST,
            )
            .map_err(|e| {
                Invalid::new(
                    if e.path.is_empty() {
                        "body".to_string()
                    } else {
                        e.path
                    },
                    e.message,
                )
            })?;
        }
    }
    let Some(fields) = table(op) else {
        return Ok(());
    };
    let o = body
        .as_object()
        .ok_or_else(|| Invalid::new("body", "expected a JSON object"))?;
    for (name, kind, required) in fields {
        match o.get(*name) {
            None => {
                if *required {
                    return Err(Invalid::new(*name, "is required"));
                }
            }
            Some(Value::Null) if !*required => {}
            Some(v) => check_kind(name, *kind, v)?,
        }
    }
    Ok(())
}

pub fn job_type_ok(s: &str) -> bool {
    JOB_TYPES.contains(&s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[test]
    fn bodies() {
        assert!(check_body(
            "createJob",
            &json!({"connectionId": "4a000000-0000-4000-8000-000000000001", "jobType": "sync"})
        )
        .is_ok());
        assert_eq!(
            check_body("createJob", &json!({"jobType": "sync"}))
                .unwrap_err()
                .path,
            "connectionId"
        );
        assert_eq!(
            check_body(
                "createJob",
                &json!({"connectionId": "x", "jobType": "sync"})
            )
            .unwrap_err()
            .path,
            "connectionId"
        );
        assert_eq!(
            check_body(
                "createJob",
                &json!({"connectionId": "4a000000-0000-4000-8000-000000000001", "jobType": "nope"})
            )
            .unwrap_err()
            .path,
            "jobType"
        );
        assert_eq!(
            check_body("createConnection", &json!({"sourceId": "4a000000-0000-4000-8000-000000000001",
                "destinationId": "4a000000-0000-4000-8000-000000000001", "schedule": {"scheduleType": "weekly"}}))
                .unwrap_err()
                .path,
            "schedule.scheduleType"
        );
        assert!(check_body("getJob", &json!(null)).is_ok());
    }
}
