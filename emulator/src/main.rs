//! `airbyte-emulator` binary: parses flags, starts the server, prints the listening line.

use clap::Parser;
use std::io::Write;

fn main() {
    let cfg = airbyte_emulator::Config::parse();
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("airbyte-emulator: cannot start the runtime: {e}");
            std::process::exit(1);
        }
    };
    rt.block_on(async move {
        let upstream = cfg.upstream.is_some();
        let mut running = match airbyte_emulator::start(cfg).await {
            Ok(r) => r,
            Err(e) => {
                eprintln!("airbyte-emulator: {e}");
                std::process::exit(1);
            }
        };
        let mut out = std::io::stdout();
        let _ = writeln!(out, "listening on {}", running.url());
        let _ = out.flush();
        if upstream {
            eprintln!("airbyte-emulator: proxy mode, forwarding /v1/* upstream");
        }
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = &mut running.task => {}
        }
        running.stop();
    });
}
