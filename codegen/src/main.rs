//! airbyte-codegen: reads the Airbyte OpenAPI document and writes `core/src/generated.rs`,
//! `pkg-template/operations.js`, `pkg-template/generated.d.ts` and
//! `pkg-template/connectors.d.ts`.
//!
//! ```text
//! cargo run -p airbyte-codegen -- [--spec PATH] [--check]
//! ```
//! `--check` regenerates in memory and exits 1 when a committed file differs.

mod connectors;
mod js;
mod model;
mod rust;
mod ts;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Converts YAML to JSON, turning every mapping key into a string (`200:` → `"200"`).
fn yaml_to_json(v: serde_yaml::Value) -> Result<serde_json::Value, String> {
    use serde_json::Value as J;
    use serde_yaml::Value as Y;
    Ok(match v {
        Y::Null => J::Null,
        Y::Bool(b) => J::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                J::from(i)
            } else if let Some(u) = n.as_u64() {
                J::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map(J::Number)
                    .unwrap_or(J::Null)
            }
        }
        Y::String(s) => J::String(s),
        Y::Sequence(s) => J::Array(s.into_iter().map(yaml_to_json).collect::<Result<_, _>>()?),
        Y::Mapping(m) => {
            let mut o = serde_json::Map::new();
            for (k, v) in m {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    other => return Err(format!("unsupported mapping key {other:?}")),
                };
                o.insert(key, yaml_to_json(v)?);
            }
            J::Object(o)
        }
        Y::Tagged(t) => yaml_to_json(t.value)?,
    })
}

fn rustfmt(src: &str) -> Result<String, String> {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run rustfmt: {e}"))?;
    child
        .stdin
        .take()
        .ok_or("rustfmt stdin")?
        .write_all(src.as_bytes())
        .map_err(|e| format!("writing to rustfmt: {e}"))?;
    let out = child
        .wait_with_output()
        .map_err(|e| format!("rustfmt: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "rustfmt failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("rustfmt output: {e}"))
}

/// The generated files (path, content) and a one-line summary.
fn generate(root: &Path, spec: &Path) -> Result<(Vec<(PathBuf, String)>, String), String> {
    let text =
        std::fs::read_to_string(spec).map_err(|e| format!("reading {}: {e}", spec.display()))?;
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&text).map_err(|e| format!("parsing {}: {e}", spec.display()))?;
    let doc = yaml_to_json(yaml)?;
    let model = model::build(&doc)?;
    // Names generated.d.ts declares; the two configuration schemas are declared by
    // connectors.d.ts instead.
    let reserved = model
        .schemas
        .iter()
        .map(|s| s.name.clone())
        .filter(|n| n != "SourceConfiguration" && n != "DestinationConfiguration")
        .collect();
    let (connectors_dts, connector_stats) = connectors::emit(&doc, &reserved)?;
    let stats = format!(
        "{} schemas, {} operations; {connector_stats}",
        model.schemas.len(),
        model.operations.len()
    );
    Ok((
        vec![
            (
                root.join("core/src/generated.rs"),
                rustfmt(&rust::emit(&model)?)?,
            ),
            (root.join("pkg-template/generated.d.ts"), ts::emit(&model)?),
            (root.join("pkg-template/connectors.d.ts"), connectors_dts),
            (root.join("pkg-template/operations.js"), js::emit(&model)?),
        ],
        stats,
    ))
}

fn run() -> Result<bool, String> {
    let root = workspace_root();
    let mut spec = root.join("../shared/airbyte-api/api_sdk.yaml");
    let mut check = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--spec" => spec = PathBuf::from(args.next().ok_or("--spec needs a path")?),
            "--check" => check = true,
            "-h" | "--help" => {
                println!("usage: airbyte-codegen [--spec PATH] [--check]");
                return Ok(true);
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let (outputs, stats) = generate(&root, &spec)?;
    let mut ok = true;
    for (path, content) in &outputs {
        if check {
            let current = std::fs::read_to_string(path).unwrap_or_default();
            if &current != content {
                eprintln!(
                    "{} is out of date: run `cargo run -p airbyte-codegen`",
                    path.display()
                );
                ok = false;
            }
        } else {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            std::fs::write(path, content).map_err(|e| format!("{}: {e}", path.display()))?;
            eprintln!("wrote {}", path.display());
        }
    }
    eprintln!("{stats}");
    Ok(ok)
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("airbyte-codegen: {e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed files are what the generator produces from the spec. The spec lives in
    /// `../shared` beside the workspace (CI provides it); its absence is a failure, not a skip.
    #[test]
    fn committed_files_match_the_spec() {
        let root = workspace_root();
        let spec = root.join("../shared/airbyte-api/api_sdk.yaml");
        assert!(spec.exists(), "{} not found", spec.display());
        let (outputs, stats) = generate(&root, &spec).unwrap();
        assert_eq!(
            stats,
            "103 schemas, 60 operations; 555 source and 45 destination connectors, 74 shared shapes"
        );
        for (path, content) in outputs {
            let current = std::fs::read_to_string(&path).unwrap();
            assert!(current == content, "{} is out of date", path.display());
        }
    }

    /// operations.js names every operation once, under its group, with its index in the core's
    /// table (the order `rust::emit` writes `OPERATIONS` in).
    #[test]
    fn operation_table_indexes_the_core_table() {
        let root = workspace_root();
        let spec = root.join("../shared/airbyte-api/api_sdk.yaml");
        let doc =
            yaml_to_json(serde_yaml::from_str(&std::fs::read_to_string(spec).unwrap()).unwrap())
                .unwrap();
        let model = model::build(&doc).unwrap();
        let js = js::emit(&model).unwrap();
        let start =
            js.find("export const OPERATIONS = ").unwrap() + "export const OPERATIONS = ".len();
        let literal = js[start..]
            .trim_end()
            .trim_end_matches(';')
            .replace(",\n]", "\n]");
        type Row = (String, String, usize);
        let table: Vec<(String, Vec<Row>)> = serde_json::from_str(&literal).unwrap();
        let mut seen = vec![false; model.operations.len()];
        for (group, ops) in &table {
            for (id, shape, index) in ops {
                let op = &model.operations[*index];
                assert!(!seen[*index], "index {index} listed twice");
                seen[*index] = true;
                assert_eq!((&op.group, &op.id), (group, id));
                assert_eq!(shape, op.shape.js_name(), "{id}");
            }
        }
        assert!(seen.iter().all(|s| *s), "an operation is missing");
    }

    #[test]
    fn lower_camel_names() {
        assert_eq!(
            model::lower_camel("DeclarativeSourceDefinitions"),
            "declarativeSourceDefinitions"
        );
        assert_eq!(
            model::lower_camel("ConnectionPatchRequest"),
            "connectionPatchRequest"
        );
        assert_eq!(model::lower_camel(""), "");
    }

    /// Spot checks of the committed connector declarations.
    #[test]
    fn connector_declarations_have_the_promised_shapes() {
        let dts =
            std::fs::read_to_string(workspace_root().join("pkg-template/connectors.d.ts")).unwrap();
        let union_members = |name: &str| {
            dts.split(&format!("export type {name} =\n"))
                .nth(1)
                .unwrap()
                .split(";\n")
                .next()
                .unwrap()
                .lines()
                .filter(|l| l.starts_with("  | "))
                .count()
        };
        assert_eq!(union_members("SourceConfiguration"), 555);
        assert_eq!(union_members("DestinationConfiguration"), 45);
        for needle in [
            "export interface SourcePostgres {\n  sourceType: \"postgres\";\n  database: string;\n",
            "  port: number;\n",
            "  ssl_mode?: { mode: \"disable\" } | { mode: \"allow\" } |",
            "  tunnel_method?: TunnelMethod;\n",
            "export interface DestinationBigquery {\n  destinationType: \"bigquery\";\n",
            "  dataset_location: \"EU\" | \"US\" | ",
            "export type SourceConfigurationInput = SourceConfiguration | CustomSourceConfiguration;",
            "export interface CustomSourceConfiguration {\n  sourceType?: undefined;\n  [key: string]: unknown;\n}",
            "export type AnyDestinationConfiguration = DestinationConfiguration | { destinationType?: string; [key: string]: unknown };",
            "\nexport {};\n",
        ] {
            assert!(dts.contains(needle), "missing: {needle}");
        }
        // Connector and shared interfaces: discriminator first, no index signature, no prose.
        let mut connectors = 0;
        for block in dts.split("\nexport interface ").skip(1) {
            let (name, body) = block.split_once(" {\n").unwrap();
            let body = body.split("\n}\n").next().unwrap();
            if name.starts_with("Custom") {
                continue;
            }
            assert!(
                !body.contains("  [key: string]"),
                "{name} has an index signature"
            );
            assert!(
                !body.contains("/*") && !body.lines().any(|l| l.trim_start().starts_with("//")),
                "{name} has comments"
            );
            if let Some(t) = name.strip_prefix("Source") {
                assert!(body.starts_with("  sourceType: \""), "{name}: {body}");
                connectors += usize::from(!t.is_empty());
            } else if name.starts_with("Destination") {
                assert!(body.starts_with("  destinationType: \""), "{name}");
                connectors += 1;
            }
        }
        assert_eq!(connectors, 600);
        // Shared shapes stay private (after `export {}`), without index signatures either.
        let (_, shared) = dts.split_once("\nexport {};\n").unwrap();
        assert!(!shared.contains("export "));
        assert!(shared.contains("\ninterface TunnelMethodSSHKEYAUTH {\n"));
        assert!(!shared.contains("[key: string]"));
        assert!(!dts.contains(": any") && !dts.contains("<any>") && !dts.contains("| any"));
    }

    /// Spot checks of the committed declarations (they are what the generator writes).
    #[test]
    fn declarations_have_the_promised_shapes() {
        let dts =
            std::fs::read_to_string(workspace_root().join("pkg-template/generated.d.ts")).unwrap();
        assert!(dts.starts_with("import type { RequestOptions } from \"./options.js\";\n"));
        for needle in [
            "export interface PatchConnectionRequest {\n  connectionId: string;\n  connectionPatchRequest: ConnectionPatchRequest;\n}",
            "listConnections(request?: ListConnectionsRequest, options?: RequestOptions): Promise<ConnectionsResponse>;",
            "createConnection(request: ConnectionCreateRequest, options?: RequestOptions): Promise<ConnectionResponse>;",
            "getHealthCheck(options?: RequestOptions): Promise<void>;",
            "initiateOAuth(request: InitiateOauthRequest, options?: RequestOptions): Promise<unknown>;",
            "deleteConnection(request: DeleteConnectionRequest, options?: RequestOptions): Promise<void>;",
            "  createdAtStart?: string | Date;",
            "export type JobStatusEnum = \"pending\" | \"queued\" | \"running\" | \"incomplete\" | \"failed\" | \"succeeded\" | \"cancelled\";",
            "export * from \"./connectors.js\";\n",
            "export interface SourceCreateRequest {\n  name: string;\n  definitionId?: string;\n  workspaceId: string;\n  configuration: SourceConfigurationInput;\n",
            "export interface SourcePutRequest {\n  name: string;\n  configuration: SourceConfigurationInput;\n",
            "export interface SourcePatchRequest {\n  name?: string;\n  workspaceId?: string;\n  configuration?: SourceConfigurationPatch;\n",
            "  configuration: AnySourceConfiguration;\n  createdAt: number;\n",
            "  configuration: DestinationConfigurationInput;\n",
            "  configuration?: DestinationConfigurationPatch;\n",
            "  configuration: AnyDestinationConfiguration;\n",
            "export interface DeclarativeManifest {\n  [key: string]: unknown;\n}",
            "  /** PATCH /connections/{connectionId} — resolves to ConnectionResponse. */\n  patchConnection(",
            "  declarativeSourceDefinitions: DeclarativeSourceDefinitionsApi;",
        ] {
            assert!(dts.contains(needle), "missing: {needle}");
        }
        assert!(
            !dts.contains(": any") && !dts.contains("<any>") && !dts.contains("Promise<Promise")
        );
        let groups = dts
            .split("export interface AirbyteGroups {")
            .nth(1)
            .unwrap();
        assert_eq!(groups.lines().filter(|l| l.ends_with("Api;")).count(), 14);
        // One JSDoc line before each of the 60 methods.
        assert_eq!(
            dts.matches("options?: RequestOptions): Promise<").count(),
            60
        );
        assert_eq!(dts.matches("\n  /** ").count(), 60);
    }
}
