//! `airbyte-emulator`: a stateful, local stand-in for the Airbyte public API.
//!
//! The binary (`src/main.rs`) only parses flags and calls [`start`]. Tests start servers
//! in-process the same way, on port 0.

pub mod admin;
pub mod api;
pub mod auth;
pub mod http;
pub mod proxy;
pub mod server;
pub mod state;
pub mod time;
pub mod validate;

use clap::Parser;
use std::path::PathBuf;

/// Command-line configuration. Deliberately not `Debug`: it holds credentials.
#[derive(Parser, Clone)]
#[command(
    name = "airbyte-emulator",
    version,
    about = "A stateful local emulator of the Airbyte public API (REST, /v1 and /api/public/v1)"
)]
pub struct Config {
    /// Interface to bind.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// TCP port; 0 picks a free one (the chosen port is printed).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Initial data: `demo` (organization, workspaces, connections, job history) or `empty`.
    #[arg(long, default_value = "demo", value_parser = ["demo", "empty"])]
    pub seed: String,
    /// How long a job takes from creation to its final status, in milliseconds.
    #[arg(long, default_value_t = 5000)]
    pub job_duration_ms: u64,
    /// Lifetime of tokens issued by /applications/token, in seconds.
    #[arg(long, default_value_t = 180)]
    pub token_ttl_s: u64,
    /// Static bearer token accepted on every API call.
    #[arg(long, default_value = "demo-token")]
    pub api_token: String,
    /// User name accepted with HTTP Basic auth.
    #[arg(long, default_value = "demo")]
    pub basic_user: String,
    /// Password accepted with HTTP Basic auth.
    #[arg(long, default_value = "demo")]
    pub basic_password: String,
    /// Client id accepted by /applications/token.
    #[arg(long, default_value = "demo-client")]
    pub client_id: String,
    /// Client secret accepted by /applications/token.
    #[arg(long, default_value = "demo-secret")]
    pub client_secret: String,
    /// Serve this directory at `/` (index.html for `/`).
    #[arg(long)]
    pub www: Option<PathBuf>,
    /// Serve this directory (the built npm package) at `/pkg/`.
    #[arg(long)]
    pub pkg: Option<PathBuf>,
    /// Proxy mode: forward `/v1/*` and `/api/public/v1/*` to this base URL (e.g.
    /// https://api.airbyte.com/v1), adding credentials from AIRBYTE_TOKEN or
    /// AIRBYTE_CLIENT_ID/AIRBYTE_CLIENT_SECRET server-side.
    #[arg(long)]
    pub upstream: Option<String>,
    /// Bearer token for the upstream (proxy mode).
    #[arg(long, env = "AIRBYTE_TOKEN", hide_env_values = true, hide = true)]
    pub upstream_token: Option<String>,
    /// Client id for the upstream's token endpoint (proxy mode).
    #[arg(long, env = "AIRBYTE_CLIENT_ID", hide_env_values = true, hide = true)]
    pub upstream_client_id: Option<String>,
    /// Client secret for the upstream's token endpoint (proxy mode).
    #[arg(
        long,
        env = "AIRBYTE_CLIENT_SECRET",
        hide_env_values = true,
        hide = true
    )]
    pub upstream_client_secret: Option<String>,
    /// Allowed CORS origin (repeatable). Without it any origin is allowed.
    #[arg(long)]
    pub cors_origin: Vec<String>,
    /// Disable the `/__emulator/` admin endpoints (faults, request log, reset).
    #[arg(long)]
    pub no_admin: bool,
}

impl Config {
    /// The defaults, as if started without flags (but on port 0). For tests.
    pub fn for_tests() -> Config {
        Config::parse_from(["airbyte-emulator", "--port", "0"])
    }
}

pub use server::{start, Running};
