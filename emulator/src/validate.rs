//! Request validation: every rejection names the field by its spec name.
//!
//! Bodies are checked with `airbyte-core`'s validator against the spec's request schemas.
//! Query and path parameters are checked where they are parsed, in `api.rs`, with the helpers
//! below (enum values come from the spec tables too).

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

/// The values of a named enum schema of the spec (empty if the spec has no such enum).
pub fn enum_values(name: &str) -> &'static [&'static str] {
    match airbyte_core::schema_id(name)
        .and_then(airbyte_core::schema)
        .map(|s| s.kind)
    {
        Some(airbyte_core::spec::Kind::Enum(values)) => values,
        _ => &[],
    }
}

/// Checks that `value` is one of the values of the spec enum `name`.
pub fn check_enum(field: &str, name: &str, value: &str) -> Result<(), Invalid> {
    let values = enum_values(name);
    if values.contains(&value) {
        Ok(())
    } else {
        Err(Invalid::new(
            field,
            format!("must be one of {}", values.join(", ")),
        ))
    }
}

pub fn is_uuid(s: &str) -> bool {
    uuid::Uuid::try_parse(s).is_ok() && s.len() == 36
}

/// Validates a request body for operation `op` against the spec tables of `airbyte-core`
/// (SERVER_REQUEST mode: unknown keys ignored, formats and enums checked), then the emulator's
/// own rule that a cron schedule carries its expression.
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
    check_schedule(body)
}

/// The one rule the emulator adds to the spec: a cron schedule needs its expression.
fn check_schedule(body: &Value) -> Result<(), Invalid> {
    let Some(schedule) = body.get("schedule").and_then(Value::as_object) else {
        return Ok(());
    };
    if schedule.get("scheduleType").and_then(Value::as_str) == Some("cron")
        && !schedule.get("cronExpression").is_some_and(Value::is_string)
    {
        return Err(Invalid::new(
            "schedule.cronExpression",
            "is required for cron schedules",
        ));
    }
    Ok(())
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
        assert_eq!(
            check_body("createConnection", &json!({"sourceId": "4a000000-0000-4000-8000-000000000001",
                "destinationId": "4a000000-0000-4000-8000-000000000001", "schedule": {"scheduleType": "cron"}}))
                .unwrap_err()
                .path,
            "schedule.cronExpression"
        );
        assert!(check_body("getJob", &json!(null)).is_ok());
        assert_eq!(
            check_enum("status", "JobStatusEnum", "nope")
                .unwrap_err()
                .path,
            "status"
        );
        assert!(check_enum("status", "JobStatusEnum", "succeeded").is_ok());
        assert!(enum_values("NoSuchEnum").is_empty());
    }
}
