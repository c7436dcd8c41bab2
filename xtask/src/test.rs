//! `cargo xtask test`: every check CI runs, in order, stopping at the first failure.

use std::fs::File;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::proc::{ChildGuard, Ctx, Sink};
use crate::tools::{self, Tools, E2E_DIR, WASM_TARGET};
use crate::{examples, fuzz, human, option_value, Error, Result};

const WIDGET: &str = "ctrlhub-interactions";
const MOCK: &str = "ctrlhub-mock";
/// What the host pages load; `trunk build --release` must write it (ELEMENT.md).
const MODULE: &str = "dist/ctrlhub-interactions.js";
/// Whether `cargo xtask test` runs the fuzz smoke run unless `--skip-fuzz` (or `--e2e-only`) is given.
/// On: issue #5 wants the decoder fuzzed in CI. Its cost is the fuzz target's cold build (nightly,
/// AddressSanitizer, the whole widget crate with its leptos / web-sys dependencies): measured
/// 4 min 32 s (5 min 40 s of CPU) on a nearly idle 2-core machine, 10 min 10 s (6 min 29 s of CPU)
/// beside other builds (2026-11-25); after that, a change to src/ rebuilds the widget crate (1-4 min)
/// and the 20,000 runs take about 20 s. cargo-fuzz is installed when missing.
const FUZZ_BY_DEFAULT: bool = true;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Step {
    Fmt,
    Clippy,
    Test,
    WasmTest,
    Build,
    Examples,
    E2e,
    Fuzz,
}

impl Step {
    const ALL: [Step; 8] =
        [Step::Fmt, Step::Clippy, Step::Test, Step::WasmTest, Step::Build, Step::Examples, Step::E2e, Step::Fuzz];

    fn name(self) -> &'static str {
        match self {
            Step::Fmt => "fmt",
            Step::Clippy => "clippy",
            Step::Test => "test",
            Step::WasmTest => "wasm-test",
            Step::Build => "build",
            Step::Examples => "examples",
            Step::E2e => "e2e",
            Step::Fuzz => "fuzz",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Step::Fmt => "formatting (cargo fmt --check)",
            Step::Clippy => "lints (cargo clippy, native and wasm32)",
            Step::Test => "native tests (cargo test --workspace)",
            Step::WasmTest => "wasm tests in headless Chromium",
            Step::Build => "release build (trunk build --release)",
            Step::Examples => "example hosts (npm ci + npm run build in examples/react, examples/vue)",
            Step::E2e => "end-to-end tests (Playwright against the mock)",
            Step::Fuzz => "fuzz smoke run (cargo +nightly fuzz run decode, 20000 runs)",
        }
    }

    fn parse(name: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.name() == name)
    }
}

struct Options {
    steps: Vec<Step>,
    playwright_args: Vec<String>,
    /// `--stress N`: the e2e step runs N times under background CPU load.
    stress: Option<u32>,
    /// `--data-age H`: the mock's data as generated H hours ago (its `--now=-Hh`).
    data_age: Option<u32>,
}

/// How many hours older each stress run's mock data is than the last's. The mock's data is relative
/// to the moment it starts (today's and the coming days' interactions sit at fixed times of day), so
/// which interactions are upcoming, today's or on page 1 changes with the hour: a test that holds
/// only at some hours fails on some CI runs. Runs 1, 2, 3 see the data of now, 7 and 14 hours ago.
const STRESS_AGE_STEP: u32 = 7;

/// The data age of stress run `run` (from 1): the one asked for, or spread over the day.
fn stress_age(run: u32, asked: Option<u32>) -> u32 {
    asked.unwrap_or(((run - 1) * STRESS_AGE_STEP) % 24)
}

pub fn run(args: &[String]) -> Result {
    let options = parse_args(args)?;
    let ctx = Ctx::new()?;
    let total = Instant::now();
    let mut done: Vec<(&str, Duration, bool)> = Vec::new();

    let start = Instant::now();
    let tools = tools::setup(&ctx);
    done.push(("setup", start.elapsed(), tools.is_ok()));
    let tools = tools.inspect_err(|_| summary(&done, total.elapsed()))?;

    let count = options.steps.len();
    for (i, &step) in options.steps.iter().enumerate() {
        println!("\n==> [{}/{count}] {}", i + 1, step.title());
        let start = Instant::now();
        let result = run_step(&ctx, &tools, step, &options);
        let elapsed = start.elapsed();
        done.push((step.name(), elapsed, result.is_ok()));
        match result {
            Ok(()) => println!("<== {} ok ({})", step.name(), human(elapsed)),
            Err(e) => {
                summary(&done, total.elapsed());
                return Err(match e {
                    Error::Failed(msg) => Error::Failed(format!("step `{}` failed: {msg}", step.name())),
                    other => other,
                });
            }
        }
    }
    summary(&done, total.elapsed());
    let names: Vec<&str> = options.steps.iter().map(|s| s.name()).collect();
    println!("all passed: {}", names.join(", "));
    Ok(())
}

fn summary(done: &[(&str, Duration, bool)], total: Duration) {
    println!("\n== summary ==");
    for (name, elapsed, ok) in done {
        let verdict = if *ok { "ok" } else { "FAILED" };
        println!("  {name:<10} {:>12}  {verdict}", human(*elapsed));
    }
    println!("  {:<10} {:>12}", "total", human(total));
}

fn run_step(ctx: &Ctx, tools: &Tools, step: Step, options: &Options) -> Result {
    match step {
        Step::Fmt => ctx
            .run(&mut ctx.cargo(["fmt", "--all", "--", "--check"]))
            .map_err(|e| hint(e, "run `cargo fmt --all` to fix the formatting")),
        Step::Clippy => {
            ctx.run(&mut ctx.cargo(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;
            ctx.run(&mut ctx.cargo([
                "clippy",
                "-p",
                WIDGET,
                "--target",
                WASM_TARGET,
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]))
        }
        Step::Test => ctx.run(&mut ctx.cargo(["test", "--workspace"])),
        Step::WasmTest => {
            // The runner (wasm-bindgen-test-runner, from .cargo/config.toml) drives headless Chromium.
            let mut cmd = ctx.cargo(["test", "-p", WIDGET, "--target", WASM_TARGET, "--test", "wasm"]);
            cmd.env("CHROMEDRIVER", &tools.chromedriver);
            ctx.run(&mut cmd)
        }
        Step::Build => release_build(ctx),
        Step::Examples => examples::build(ctx),
        Step::E2e => match options.stress {
            Some(runs) => stress(ctx, runs, &options.playwright_args, options.data_age),
            None => e2e(ctx, &options.playwright_args, options.data_age.unwrap_or(0), None),
        },
        Step::Fuzz => {
            fuzz::ensure_tools(ctx)?;
            fuzz::fuzz(ctx, fuzz::SMOKE)
        }
    }
}

/// `trunk build --release` with the pinned tools on PATH (what `cargo xtask build` runs): writes
/// `dist/`. Plain `trunk build --release` works only with the pinned wasm-opt on PATH, which lives
/// under `target/tools/` (see `tools::setup`).
pub fn release_build(ctx: &Ctx) -> Result {
    ctx.run(ctx.command("trunk").args(["build", "--release"]))?;
    if !ctx.root.join(MODULE).is_file() {
        return Err(format!(
            "trunk build succeeded but did not write {MODULE}, the module host pages load (see ELEMENT.md)"
        )
        .into());
    }
    Ok(())
}

/// Busy loops, one per thread, until dropped: the "busy 2-core machine" a test must stay green on.
struct CpuLoad {
    stop: Arc<AtomicBool>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl CpuLoad {
    fn start(threads: usize) -> CpuLoad {
        let stop = Arc::new(AtomicBool::new(false));
        let threads = (0..threads)
            .map(|_| {
                let stop = Arc::clone(&stop);
                std::thread::spawn(move || {
                    let mut x = 1u64;
                    while !stop.load(Ordering::Relaxed) {
                        for _ in 0..10_000 {
                            x = std::hint::black_box(x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1));
                        }
                    }
                })
            })
            .collect();
        CpuLoad { stop, threads }
    }
}

impl Drop for CpuLoad {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

/// `--stress N`: the e2e suite N times with one busy loop per core beside it, every run to its end
/// (a failure does not stop the loop), each on mock data of another hour (`stress_age`); then every
/// test that ever failed, with its failure count.
fn stress(ctx: &Ctx, runs: u32, playwright_args: &[String], data_age: Option<u32>) -> Result {
    let dir = ctx.target_dir().join("e2e").join("stress");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut reports = Vec::new();
    let mut outcomes = Vec::new();
    for run in 1..=runs {
        let age = stress_age(run, data_age);
        println!(
            "\n==> stress run {run}/{runs}: the e2e suite beside {cores} busy loops, the mock's data \
             {age} h old (again alone: --data-age {age})"
        );
        let report = dir.join(format!("run-{run}.json"));
        let start = Instant::now();
        let result = {
            let _load = CpuLoad::start(cores);
            e2e(ctx, playwright_args, age, Some(&report))
        };
        if let Err(Error::Interrupted) = result {
            return Err(Error::Interrupted);
        }
        let verdict = if result.is_ok() { "passed" } else { "FAILED" };
        outcomes.push(format!("  run {run}: {verdict} ({}; data {age} h old)", human(start.elapsed())));
        println!("<== stress run {run}/{runs}: {verdict}");
        reports.push(report);
    }
    println!("\n== stress runs ==\n{}", outcomes.join("\n"));
    let mut summary = ctx.command("node");
    summary.arg(ctx.root.join(E2E_DIR).join("stress-summary.mjs")).args(&reports);
    ctx.run(&mut summary)
        .map_err(|_| Error::Failed(format!("some tests failed under stress (reports in {})", ctx.rel(&dir).display())))
}

fn hint(e: Error, hint: &str) -> Error {
    match e {
        Error::Failed(msg) => Error::Failed(format!("{msg}; {hint}")),
        other => other,
    }
}

/// Start the mock on a free port serving dist/ and the host pages, run Playwright against it, and
/// stop the mock whatever happens (its guard also does so on panic).
/// The mock's data is generated as of `data_age` hours ago (0: now).
/// With `json_report`, Playwright also writes its JSON report there (for `--stress`).
fn e2e(ctx: &Ctx, playwright_args: &[String], data_age: u32, json_report: Option<&Path>) -> Result {
    if !ctx.root.join(MODULE).is_file() {
        return Err(format!("{MODULE} is missing: build first (`cargo xtask test --e2e-only` builds and tests)").into());
    }
    ctx.run(&mut ctx.cargo(["build", "-p", MOCK]))?;

    let log_dir = ctx.target_dir().join("e2e");
    std::fs::create_dir_all(&log_dir).map_err(|e| format!("cannot create {}: {e}", log_dir.display()))?;
    let log_path = log_dir.join("mock.log");
    let log = File::create(&log_path).map_err(|e| format!("cannot create {}: {e}", log_path.display()))?;
    let log_err = log.try_clone().map_err(|e| format!("cannot open {} twice: {e}", log_path.display()))?;
    let log_shown = ctx.rel(&log_path).display().to_string();

    let mut cmd = ctx.command(ctx.target_dir().join("debug").join(MOCK));
    cmd.args(["--port", "0", "--static", "/=dist", "--static", &format!("/hosts={E2E_DIR}/hosts")]).stderr(log_err);
    if data_age > 0 {
        cmd.arg(format!("--now=-{data_age}h"));
    }
    // The example hosts (examples/), for specs/hosts*.spec.ts.
    cmd.args(examples::static_mounts());
    let unbuilt = examples::missing(ctx);
    if !unbuilt.is_empty() {
        println!(
            "warning: {} not built, so the host specs will fail; run `cargo xtask test --only examples,e2e`",
            unbuilt.join(", ")
        );
    }
    let (mut mock, line) =
        ChildGuard::spawn_reading_first_line(ctx, MOCK, &mut cmd, Sink::File(log), Duration::from_secs(30))
            .map_err(|e| hint(e, &format!("see {log_shown}")))?;
    let url = listening_url(&line)
        .ok_or_else(|| format!("{MOCK}'s first line should be `{MOCK} listening on http://HOST:PORT`, not `{line}`"))?;
    let age = if data_age > 0 { format!(", data as of {data_age} h ago") } else { String::new() };
    println!("{MOCK} at {url} (log: {log_shown}{age})");

    let e2e_dir = ctx.root.join(E2E_DIR);
    let mut playwright = ctx.command(e2e_dir.join("node_modules/.bin/playwright"));
    playwright.arg("test").args(playwright_args).current_dir(&e2e_dir).env("CTRLHUB_BASE_URL", &url);
    if let Some(report) = json_report {
        playwright.arg("--reporter=list,json").env("PLAYWRIGHT_JSON_OUTPUT_FILE", report);
    }
    let result = ctx.run(&mut playwright);

    let crashed = mock.try_wait();
    mock.stop();
    match (result, crashed) {
        (Ok(()), None) => Ok(()),
        (result, Some(status)) => Err(format!(
            "{MOCK} exited during the tests ({status}; see {log_shown}){}",
            result.err().map(|e| format!("; {e}")).unwrap_or_default()
        )
        .into()),
        (Err(e), None) => Err(hint(e, &format!("the mock's log is {log_shown}"))),
    }
}

/// `ctrlhub-mock listening on http://127.0.0.1:41234` → `http://127.0.0.1:41234`.
pub(crate) fn listening_url(line: &str) -> Option<String> {
    let url = line.split_once("listening on ")?.1.trim().trim_end_matches('/');
    let url = url.replacen("://0.0.0.0:", "://127.0.0.1:", 1).replacen("://[::]:", "://[::1]:", 1);
    url.starts_with("http://").then_some(url)
}

fn parse_args(args: &[String]) -> Result<Options> {
    let (ours, playwright_args) = match args.iter().position(|a| a == "--") {
        Some(i) => (&args[..i], args[i + 1..].to_vec()),
        None => (args, Vec::new()),
    };
    let mut only: Option<Vec<Step>> = None;
    let (mut skip_e2e, mut e2e_only) = (false, false);
    let (mut with_fuzz, mut skip_fuzz) = (false, false);
    let mut stress: Option<u32> = None;
    let mut data_age: Option<u32> = None;
    let mut i = 0;
    while i < ours.len() {
        match ours[i].as_str() {
            "--skip-e2e" => skip_e2e = true,
            "--e2e-only" => e2e_only = true,
            "--fuzz" => with_fuzz = true,
            "--skip-fuzz" => skip_fuzz = true,
            _ if ours[i].starts_with("--stress") => {
                let Some(n) = option_value(ours, &mut i, "--stress")? else {
                    return Err(Error::Usage(format!("`test` does not know `{}`", ours[i])));
                };
                match n.parse::<u32>() {
                    Ok(n) if n > 0 => stress = Some(n),
                    _ => return Err(Error::Usage(format!("--stress takes a number of runs (1 or more), not `{n}`"))),
                }
            }
            _ if ours[i].starts_with("--data-age") => {
                let Some(h) = option_value(ours, &mut i, "--data-age")? else {
                    return Err(Error::Usage(format!("`test` does not know `{}`", ours[i])));
                };
                match h.parse::<u32>() {
                    Ok(h) if h < 24 * 365 => data_age = Some(h),
                    _ => return Err(Error::Usage(format!("--data-age takes whole hours (0 to 8759), not `{h}`"))),
                }
            }
            _ => {
                let Some(list) = option_value(ours, &mut i, "--only")? else {
                    return Err(Error::Usage(format!("`test` does not know `{}`", ours[i])));
                };
                let mut steps = only.take().unwrap_or_default();
                for name in list.split(',').filter(|n| !n.is_empty()) {
                    steps.push(Step::parse(name).ok_or_else(|| {
                        let names: Vec<&str> = Step::ALL.iter().map(|s| s.name()).collect();
                        Error::Usage(format!("unknown step `{name}` (steps: {})", names.join(", ")))
                    })?);
                }
                only = Some(steps);
            }
        }
        i += 1;
    }
    if [only.is_some(), skip_e2e, e2e_only].iter().filter(|&&b| b).count() > 1 {
        return Err(Error::Usage("use only one of --only, --skip-e2e and --e2e-only".into()));
    }
    if stress.is_some() && (only.is_some() || skip_e2e || with_fuzz) {
        return Err(Error::Usage(
            "--stress runs the release build, the examples and the e2e suite: use it alone".into(),
        ));
    }
    // Stressing is about the end-to-end suite: build what it needs, then run it N times.
    let e2e_only = e2e_only || stress.is_some();
    let skip_fuzz = skip_fuzz || stress.is_some();
    if with_fuzz && skip_fuzz {
        return Err(Error::Usage("use only one of --fuzz and --skip-fuzz".into()));
    }
    if with_fuzz && only.is_some() {
        return Err(Error::Usage("with --only, name the fuzz step in the list (--only ...,fuzz)".into()));
    }
    let steps: Vec<Step> = Step::ALL
        .into_iter()
        .filter(|step| match &only {
            _ if *step == Step::Fuzz && skip_fuzz => false,
            Some(only) => only.contains(step),
            None if *step == Step::Fuzz => with_fuzz || (FUZZ_BY_DEFAULT && !e2e_only),
            // The examples are built only for the end-to-end tests.
            None if skip_e2e => !matches!(step, Step::Examples | Step::E2e),
            None if e2e_only => matches!(step, Step::Build | Step::Examples | Step::E2e),
            None => true,
        })
        .collect();
    if steps.is_empty() {
        return Err(Error::Usage("no steps selected".into()));
    }
    if !playwright_args.is_empty() && !steps.contains(&Step::E2e) {
        return Err(Error::Usage("arguments after `--` go to Playwright, but the e2e step is not selected".into()));
    }
    if data_age.is_some() && !steps.contains(&Step::E2e) {
        return Err(Error::Usage("--data-age is the e2e mock's, but the e2e step is not selected".into()));
    }
    Ok(Options { steps, playwright_args, stress, data_age })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options> {
        parse_args(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn step_selection() {
        let default: Vec<Step> = Step::ALL.into_iter().filter(|s| FUZZ_BY_DEFAULT || *s != Step::Fuzz).collect();
        assert_eq!(parse(&[]).unwrap().steps, default);
        assert_eq!(parse(&["--fuzz"]).unwrap().steps, Step::ALL);
        assert_eq!(parse(&["--skip-fuzz"]).unwrap().steps, Step::ALL[..7]);
        assert_eq!(
            parse(&["--skip-e2e", "--skip-fuzz"]).unwrap().steps,
            [Step::Fmt, Step::Clippy, Step::Test, Step::WasmTest, Step::Build]
        );
        assert_eq!(
            parse(&["--skip-e2e", "--fuzz"]).unwrap().steps,
            [Step::Fmt, Step::Clippy, Step::Test, Step::WasmTest, Step::Build, Step::Fuzz]
        );
        assert_eq!(parse(&["--only", "fuzz"]).unwrap().steps, [Step::Fuzz]);
        assert_eq!(parse(&["--e2e-only"]).unwrap().steps, [Step::Build, Step::Examples, Step::E2e]);
        // Always in pipeline order, whatever order they were named in.
        assert_eq!(parse(&["--only", "e2e,fmt"]).unwrap().steps, [Step::Fmt, Step::E2e]);
        assert_eq!(parse(&["--only=wasm-test"]).unwrap().steps, [Step::WasmTest]);
        let o = parse(&["--e2e-only", "--", "-g", "wrong token"]).unwrap();
        assert_eq!(o.playwright_args, ["-g", "wrong token"]);
        let o = parse(&["--stress", "3", "--", "-g", "load=all"]).unwrap();
        assert_eq!((o.stress, o.steps.as_slice()), (Some(3), &[Step::Build, Step::Examples, Step::E2e][..]));
        assert_eq!(o.playwright_args, ["-g", "load=all"]);
        assert_eq!(parse(&["--stress=2"]).unwrap().stress, Some(2));
        assert_eq!(parse(&[]).unwrap().stress, None);
        assert_eq!(parse(&["--only", "e2e", "--data-age", "7"]).unwrap().data_age, Some(7));
        assert_eq!(parse(&["--stress=3", "--data-age=0"]).unwrap().data_age, Some(0));
        assert_eq!(parse(&[]).unwrap().data_age, None);
    }

    #[test]
    fn stress_runs_spread_the_data_over_the_day() {
        let ages: Vec<u32> = (1..=5).map(|run| stress_age(run, None)).collect();
        assert_eq!(ages, [0, 7, 14, 21, 4]);
        assert_eq!(stress_age(2, Some(3)), 3);
    }

    #[test]
    fn bad_options_are_usage_errors() {
        for args in [
            &["--only", "lint"][..],
            &["--skip-e2e", "--e2e-only"],
            &["--frobnicate"],
            &["--only"],
            &["--skip-e2e", "--", "-g", "x"],
            &["--data-age", "-3"],
            &["--data-age", "soon"],
            &["--skip-e2e", "--data-age", "3"],
            &["--fuzz", "--skip-fuzz"],
            &["--only", "fmt", "--fuzz"],
            &["--only", "fuzz", "--skip-fuzz"],
            &["--stress"],
            &["--stress", "0"],
            &["--stress", "many"],
            &["--stress", "2", "--only", "e2e"],
            &["--stress", "2", "--skip-e2e"],
        ] {
            assert!(matches!(parse(args), Err(Error::Usage(_))), "{args:?}");
        }
    }

    #[test]
    fn mock_address() {
        assert_eq!(
            listening_url("ctrlhub-mock listening on http://127.0.0.1:41234").as_deref(),
            Some("http://127.0.0.1:41234")
        );
        assert_eq!(
            listening_url("ctrlhub-mock listening on http://0.0.0.0:80/").as_deref(),
            Some("http://127.0.0.1:80")
        );
        assert_eq!(listening_url("starting"), None);
    }
}
