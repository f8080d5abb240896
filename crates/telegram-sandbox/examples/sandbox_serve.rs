//! Serves a sandbox world for manual checks with curl:
//! `cargo run -p streamvault-telegram-sandbox --example sandbox_serve -- DIR [ADDR]`.

use std::path::PathBuf;
use streamvault_telegram_sandbox::{banner, serve, Sandbox};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(
        args.next()
            .ok_or("usage: sandbox_serve DIR [127.0.0.1:PORT]")?,
    );
    let addr = args
        .next()
        .unwrap_or_else(|| "127.0.0.1:8081".into())
        .parse()?;
    let sandbox = Sandbox::open(&dir)?;
    let handle = serve(&sandbox, addr).await?;
    print!("{}", banner(&sandbox, &handle));
    tokio::signal::ctrl_c().await?;
    handle.shutdown().await?;
    Ok(())
}
