//! `cargo xtask bench`: issue #6's benchmark harness. Builds the release site and a bench copy of
//! the wasm, starts the mock API (four of them: 1,000, 2,500 and 10,000 interactions, and a slow
//! one), runs `benches/harness/bench.mjs` (Playwright, headless Chromium) against them, and leaves
//! the table on stdout and the figures in `target/bench/report.json`.
//!
//! It reports; it does not judge: a figure that misses its target does not fail the command. It
//! fails only when something could not be built or run.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::proc::{capture, ChildGuard, Ctx, Sink};
use crate::test::listening_url;
use crate::tools::{self, WASM_TARGET};
use crate::{human, option_value, Error, Result};

const WIDGET: &str = "ctrlhub-interactions";
const MOCK: &str = "ctrlhub-mock";
/// The Cargo profile of the bench copy (Cargo.toml): its own artifact directory, so building it
/// never overwrites or invalidates trunk's release build.
const BENCH_PROFILE: &str = "wasm-bench";
/// Where the bench copy (bootstrap + wasm built with `--features bench`) goes, under the target dir.
const BENCH_DIST: &str = "bench/dist";
const RUNS: u32 = 5;
const QUICK_RUNS: u32 = 2;
/// The scenarios of bench.mjs, in its order.
const SCENARIOS: [&str; 6] = ["size", "first-view", "render-1k", "loaded-10k", "decode", "requests"];
/// The slow mock's delay: long enough to change the request while the first is in flight.
const SLOW_LATENCY_MS: u32 = 1500;

/// One mock API: its name in bench.mjs, `--size`, `--latency-ms`, and which scenarios use it.
struct MockSpec {
    name: &'static str,
    size: u32,
    latency_ms: u32,
    used_by: &'static [&'static str],
}

const MOCKS: [MockSpec; 4] = [
    MockSpec { name: "page", size: 2500, latency_ms: 0, used_by: &["first-view", "requests"] },
    MockSpec { name: "1k", size: 1000, latency_ms: 0, used_by: &["render-1k"] },
    MockSpec { name: "10k", size: 10_000, latency_ms: 0, used_by: &["loaded-10k", "decode"] },
    MockSpec { name: "slow", size: 2500, latency_ms: SLOW_LATENCY_MS, used_by: &["requests"] },
];

#[derive(Debug, PartialEq, Eq)]
struct Options {
    runs: u32,
    quick: bool,
    /// Scenarios to run; empty = all.
    only: Vec<String>,
    /// Reuse dist/ and the bench copy as they are.
    no_build: bool,
    /// First of the consecutive ports the mocks listen on; 0 = any free port.
    port_base: u16,
}

impl Options {
    fn wants(&self, scenario: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|s| s == scenario)
    }
}

pub fn run(args: &[String]) -> Result {
    let options = parse_args(args)?;
    let ctx = Ctx::new()?;
    let start = Instant::now();
    tools::setup(&ctx)?;

    if options.no_build {
        println!("\n==> bench: --no-build, using dist/ and the bench copy as they are");
    } else {
        println!("\n==> bench: release build (trunk build --release)");
        ctx.run(ctx.command("trunk").args(["build", "--release"]))?;
        if options.wants("decode") {
            println!("\n==> bench: the bench copy of the wasm (--features bench, profile {BENCH_PROFILE})");
            build_bench_copy(&ctx)?;
        }
    }
    check_built(&ctx, &options)?;
    println!("\n==> bench: the mock API (release build)");
    ctx.run(&mut ctx.cargo(["build", "--release", "-p", MOCK]))?;

    let log_dir = ctx.target_dir().join("bench");
    std::fs::create_dir_all(&log_dir).map_err(|e| format!("cannot create {}: {e}", log_dir.display()))?;
    let mut mocks = Vec::new();
    for (i, spec) in MOCKS.iter().enumerate() {
        if !spec.used_by.iter().any(|s| options.wants(s)) {
            continue;
        }
        let port = match options.port_base {
            0 => 0,
            base => base
                .checked_add(u16::try_from(i).map_err(|_| "too many mocks")?)
                .ok_or_else(|| Error::Usage(format!("--ports {base}: the ports run past 65535")))?,
        };
        let (guard, url) = start_mock(&ctx, spec, port, &log_dir)?;
        mocks.push((spec.name, guard, url));
    }

    let report = log_dir.join("report.json");
    let runs = options.runs.to_string();
    let mut node = ctx.command("node");
    node.arg(ctx.root.join("benches/harness/bench.mjs"))
        .arg("--root")
        .arg(&ctx.root)
        .arg("--out")
        .arg(&report)
        .args(["--runs", &runs]);
    if options.quick {
        node.arg("--quick");
    }
    if !options.only.is_empty() {
        node.args(["--only", &options.only.join(",")]);
    }
    // The wasm as cargo built it for trunk (before wasm-bindgen and wasm-opt): its name section gives
    // the size figure's breakdown by crate.
    node.arg("--wasm-names").arg(ctx.target_dir().join(WASM_TARGET).join("release").join("ctrlhub_interactions.wasm"));
    if let Some(commit) = commit(&ctx) {
        node.args(["--commit", &commit]);
    }
    for (name, _, url) in &mocks {
        node.args(["--mock", &format!("{name}={url}")]);
    }
    println!("\n==> bench: measuring ({} run(s) per figure)", options.runs);
    let result = ctx.run(&mut node);

    let mut crashed = Vec::new();
    for (name, mut guard, _) in mocks {
        if let Some(status) = guard.try_wait() {
            crashed.push(format!("the {name} mock exited during the bench ({status})"));
        }
        guard.stop();
    }
    if !crashed.is_empty() {
        return Err(format!("{} (logs in {})", crashed.join("; "), ctx.rel(&log_dir).display()).into());
    }
    result.map_err(|e| match e {
        Error::Failed(msg) => Error::Failed(format!("{msg}; the mocks' logs are in {}", ctx.rel(&log_dir).display())),
        other => other,
    })?;
    println!("\nbench done in {} (the report: {})", human(start.elapsed()), ctx.rel(&report).display());
    Ok(())
}

/// `cargo build --features bench` under its own profile, then wasm-bindgen and wasm-opt as trunk
/// does, into target/bench/dist with the bootstrap beside it (the same layout as dist/).
fn build_bench_copy(ctx: &Ctx) -> Result {
    ctx.run(&mut ctx.cargo([
        "build",
        "--profile",
        BENCH_PROFILE,
        "--target",
        WASM_TARGET,
        "--features",
        "bench",
        "--lib",
        "-p",
        WIDGET,
    ]))?;
    let target = ctx.target_dir();
    let wasm = target.join(WASM_TARGET).join(BENCH_PROFILE).join("ctrlhub_interactions.wasm");
    let bindgen = target.join("bench/bindgen");
    let dist = target.join(BENCH_DIST);
    for dir in [&bindgen, &dist.join("wasm")] {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let bg = format!("{WIDGET}_bg.wasm");
    let out = dist.join("wasm").join(&bg);
    // wasm-opt takes a minute or more on a busy machine: skip it when cargo's output has not changed.
    let modified = |p: &Path| p.metadata().and_then(|m| m.modified()).ok();
    if let (Some(built), Some(done)) = (modified(&wasm), modified(&out)) {
        if done >= built {
            println!("{} is up to date", ctx.rel(&out).display());
            return copy(&ctx.root.join("js").join(format!("{WIDGET}.js")), &dist.join(format!("{WIDGET}.js")));
        }
    }
    let mut cmd = ctx.command("wasm-bindgen");
    cmd.args(["--target", "web", "--no-typescript", "--out-name", WIDGET, "--out-dir"]).arg(&bindgen).arg(&wasm);
    ctx.run(&mut cmd)?;
    copy(&bindgen.join(format!("{WIDGET}.js")), &dist.join("wasm").join(format!("{WIDGET}.js")))?;
    copy(&ctx.root.join("js").join(format!("{WIDGET}.js")), &dist.join(format!("{WIDGET}.js")))?;
    // Last, so that an up-to-date wasm here means the whole copy is.
    let mut opt = ctx.command("wasm-opt");
    opt.arg("-Oz").arg(bindgen.join(&bg)).arg("-o").arg(&out);
    ctx.run(&mut opt)
}

fn copy(from: &Path, to: &Path) -> Result {
    std::fs::copy(from, to)
        .map(drop)
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()).into())
}

fn check_built(ctx: &Ctx, options: &Options) -> Result {
    let mut needed = vec![ctx.root.join("dist").join(format!("{WIDGET}.js"))];
    if options.wants("decode") {
        needed.push(ctx.target_dir().join(BENCH_DIST).join("wasm").join(format!("{WIDGET}_bg.wasm")));
    }
    match needed.iter().find(|p| !p.is_file()) {
        Some(missing) => Err(format!(
            "{} is missing{}",
            ctx.rel(missing).display(),
            if options.no_build { "; run without --no-build once" } else { "" }
        )
        .into()),
        None => Ok(()),
    }
}

/// Starts one mock serving the site, the harness, the reference page, the widget's CSS (for the
/// reference) and the bench copy; returns it with its address.
fn start_mock(ctx: &Ctx, spec: &MockSpec, port: u16, log_dir: &Path) -> Result<(ChildGuard, String)> {
    let log_path = log_dir.join(format!("mock-{}.log", spec.name));
    let log = File::create(&log_path).map_err(|e| format!("cannot create {}: {e}", log_path.display()))?;
    let log_err = log.try_clone().map_err(|e| format!("cannot open {} twice: {e}", log_path.display()))?;
    let bench_dist: PathBuf = ctx.target_dir().join(BENCH_DIST);
    let mut cmd = ctx.command(ctx.target_dir().join("release").join(MOCK));
    cmd.args(["--port", &port.to_string(), "--size", &spec.size.to_string(), "--seed", "42"])
        .args(["--latency-ms", &spec.latency_ms.to_string()])
        .args(["--static", "/=dist", "--static", "/harness=benches/harness", "--static", "/bench=benches/reference"])
        .args(["--static", "/style=style", "--static"])
        .arg(format!("/benchdist={}", bench_dist.display()))
        .stderr(log_err);
    let shown = ctx.rel(&log_path).display().to_string();
    let (guard, line) =
        ChildGuard::spawn_reading_first_line(ctx, MOCK, &mut cmd, Sink::File(log), Duration::from_secs(60)).map_err(
            |e| match e {
                Error::Failed(msg) => Error::Failed(format!("{msg}; see {shown}")),
                other => other,
            },
        )?;
    let url = listening_url(&line)
        .ok_or_else(|| format!("{MOCK}'s first line should be `{MOCK} listening on http://HOST:PORT`, not `{line}`"))?;
    println!("{MOCK} ({}: --size {}, --latency-ms {}) at {url}", spec.name, spec.size, spec.latency_ms);
    Ok((guard, url))
}

/// `abc1234`, or `abc1234-dirty` when the work tree has changes.
fn commit(ctx: &Ctx) -> Option<String> {
    let head = capture(ctx.command("git").args(["rev-parse", "--short=12", "HEAD"]))?;
    let dirty = capture(ctx.command("git").args(["status", "--porcelain", "--untracked-files=no"]))
        .is_some_and(|s| !s.is_empty());
    Some(if dirty { format!("{head}-dirty") } else { head })
}

fn parse_args(args: &[String]) -> Result<Options> {
    let mut runs = None;
    let mut o = Options { runs: RUNS, quick: false, only: Vec::new(), no_build: false, port_base: 0 };
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--quick" => o.quick = true,
            "--no-build" => o.no_build = true,
            _ => {
                if let Some(v) = option_value(args, &mut i, "--runs")? {
                    runs = Some(
                        v.parse::<u32>()
                            .ok()
                            .filter(|n| *n >= 1)
                            .ok_or_else(|| Error::Usage(format!("--runs takes a whole number >= 1, not `{v}`")))?,
                    );
                } else if let Some(v) = option_value(args, &mut i, "--only")? {
                    for name in v.split(',').filter(|n| !n.is_empty()) {
                        if !SCENARIOS.contains(&name) {
                            return Err(Error::Usage(format!(
                                "unknown scenario `{name}` (scenarios: {})",
                                SCENARIOS.join(", ")
                            )));
                        }
                        o.only.push(name.to_owned());
                    }
                } else if let Some(v) = option_value(args, &mut i, "--ports")? {
                    o.port_base = v.parse().map_err(|_| {
                        Error::Usage(format!("--ports takes a port number (0 = any free port), not `{v}`"))
                    })?;
                } else {
                    return Err(Error::Usage(format!("`bench` does not know `{}`", args[i])));
                }
            }
        }
        i += 1;
    }
    o.runs = runs.unwrap_or(if o.quick { QUICK_RUNS } else { RUNS });
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options> {
        parse_args(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn options() {
        let o = parse(&[]).unwrap();
        assert_eq!((o.runs, o.quick, o.no_build, o.port_base), (RUNS, false, false, 0));
        assert!(o.wants("decode"));
        let o = parse(&["--quick"]).unwrap();
        assert_eq!((o.runs, o.quick), (QUICK_RUNS, true));
        let o = parse(&["--quick", "--runs", "3", "--only=decode,size", "--ports", "4830", "--no-build"]).unwrap();
        assert_eq!((o.runs, o.port_base, o.no_build), (3, 4830, true));
        assert!(o.wants("size") && !o.wants("requests"));
    }

    #[test]
    fn bad_options_are_usage_errors() {
        for args in [&["--runs", "0"][..], &["--runs", "x"], &["--only", "speed"], &["--ports", "-1"], &["--fast"]] {
            assert!(matches!(parse(args), Err(Error::Usage(_))), "{args:?}");
        }
    }

    #[test]
    fn every_scenario_has_its_mocks() {
        for s in ["first-view", "render-1k", "loaded-10k", "decode", "requests"] {
            assert!(MOCKS.iter().any(|m| m.used_by.contains(&s)), "{s}");
        }
        for m in &MOCKS {
            assert!(m.used_by.iter().all(|s| SCENARIOS.contains(s)), "{}", m.name);
        }
    }
}
