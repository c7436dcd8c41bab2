//! `ctrlhub-mock`: run the mock Ctrl Hub API.

use std::io::Write;
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use clap::Parser;
use ctrlhub_mock::{net, router, AppState, Dataset, FaultKind, GenConfig, Settings, StaticMount};

/// Mock of the Ctrl Hub customer-interactions API.
#[derive(Debug, Parser)]
#[command(name = "ctrlhub-mock", version, about)]
struct Args {
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to bind (0 = pick a free port).
    #[arg(long, default_value_t = 8787)]
    port: u16,
    /// Seed of the generated data.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Number of interactions to generate.
    #[arg(long, default_value_t = 2500)]
    size: usize,
    /// Reference time that all dates are relative to: RFC 3339, or `-Nh` for N hours ago
    /// (`--now=-7h`: the data as it was generated 7 hours ago) [default: now].
    #[arg(long, value_parser = parse_now, allow_hyphen_values = true)]
    now: Option<DateTime<Utc>>,
    /// The organisation id served.
    #[arg(long, default_value = "demo-org")]
    org: String,
    /// An accepted X-Session-Token (repeatable) [default: demo-token].
    #[arg(long = "token", value_name = "TOKEN")]
    tokens: Vec<String>,
    /// Artificial delay added to every API response, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Apply a fault to every API request: 401, 403, 404, 429, 500, 502, 503,
    /// slow, slow:MS, truncated, non-json, errors-200, reset.
    #[arg(long, value_name = "KIND")]
    fault: Option<FaultKind>,
    /// Serve hostile data: every OWASP XSS filter-evasion payload class in notes, names,
    /// addresses and statuses; unknown enum values; null, missing and mistyped members; dates
    /// without a zone and invalid dates; relationships to resources missing from `included`;
    /// duplicate ids; a 1 MiB note; right-to-left text, combining marks, emoji and ZWJ sequences.
    /// Filters, paging, errors and authentication behave as usual. `--size` is raised to hold
    /// every payload and every quirk (to at least 272).
    #[arg(long)]
    hostile: bool,
    /// Serve static files from DIR under URL PREFIX (repeatable), e.g. /=dist.
    #[arg(long = "static", value_name = "PREFIX=DIR")]
    statics: Vec<StaticMount>,
}

fn parse_now(s: &str) -> Result<DateTime<Utc>, String> {
    if let Some(hours) = s.strip_prefix('-').and_then(|rest| rest.strip_suffix('h')) {
        let hours: u32 = hours.parse().map_err(|_| format!("`{s}`: -Nh takes a whole number of hours"))?;
        return Ok(DateTime::<Utc>::from(SystemTime::now()) - chrono::TimeDelta::hours(i64::from(hours)));
    }
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("`{s}` is neither an RFC 3339 time nor -Nh (N hours ago): {e}"))
}

/// SIGINT/SIGTERM handlers, installed before the "listening" line is
/// printed so that a signal sent right after it is never missed.
#[cfg(unix)]
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut int = signal(SignalKind::interrupt())?;
    let mut term = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = int.recv() => {},
            _ = term.recv() => {},
        }
    })
}

#[cfg(not(unix))]
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let tokens = if args.tokens.is_empty() { vec!["demo-token".to_string()] } else { args.tokens };
    let settings =
        Settings { org_id: args.org, tokens, latency: Duration::from_millis(args.latency_ms), statics: args.statics };
    settings.validate()?;
    for m in &settings.statics {
        if !m.dir.is_dir() {
            eprintln!("warning: --static {}={}: not a directory", m.prefix, m.dir.display());
        }
    }

    let now = args.now.unwrap_or_else(|| DateTime::<Utc>::from(SystemTime::now()));
    let gen = GenConfig { seed: args.seed, size: args.size, now, org_id: settings.org_id.clone() };
    let data = if args.hostile { Dataset::generate_hostile(&gen) } else { Dataset::generate(&gen) };
    let app = router(AppState::new(data, settings, args.fault));

    let shutdown = shutdown_signal()?;
    let listener = tokio::net::TcpListener::bind((args.host.as_str(), args.port)).await?;
    let port = listener.local_addr()?.port();
    let host = if args.host.contains(':') { format!("[{}]", args.host) } else { args.host.clone() };
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "ctrlhub-mock listening on http://{host}:{port}")?;
        out.flush()?;
    }

    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let mut server = tokio::spawn(net::serve(listener, app, async {
        let _ = stop_rx.await;
    }));
    tokio::select! {
        res = &mut server => return Ok(res??),
        () = shutdown => {}
    }
    let _ = stop_tx.send(());
    // Let requests in flight finish, but never wait long (a `slow` fault
    // may be sleeping for 30 s).
    match tokio::time::timeout(Duration::from_secs(3), &mut server).await {
        Ok(res) => res??,
        Err(_) => server.abort(),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_is_rfc3339_or_hours_ago() {
        let t = parse_now("2025-06-01T12:00:00+01:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2025-06-01T11:00:00+00:00");
        let ago = DateTime::<Utc>::from(SystemTime::now()) - parse_now("-7h").unwrap();
        assert!((ago.num_seconds() - 7 * 3600).abs() < 60, "{ago}");
        for bad in ["-h", "-1.5h", "7h", "-7", "yesterday", ""] {
            assert!(parse_now(bad).is_err(), "{bad}");
        }
    }
}
