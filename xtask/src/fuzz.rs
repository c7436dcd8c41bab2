//! `cargo xtask fuzz`: the `decode` fuzz target (fuzz/fuzz_targets/decode.rs) under libFuzzer, with
//! the nightly toolchain (`cargo +nightly fuzz run`), installing cargo-fuzz when it is missing.
//!
//! New inputs go to fuzz/corpus/decode/ (not committed); fuzz/seeds/ (committed) is read as a second,
//! read-only corpus. A crash, a timeout or running out of memory fails the command and names the
//! input libFuzzer saved under fuzz/artifacts/decode/.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Instant;

use crate::proc::{capture, wait, Ctx};
use crate::{human, option_value, Error, Result};

pub const TARGET: &str = "decode";
const SEEDS: &str = "fuzz/seeds";
const CORPUS: &str = "fuzz/corpus/decode";
const DEFAULT_RUNS: u64 = 1_000_000;
/// `cargo xtask test`'s smoke run: enough to execute every seed and a few thousand mutations of
/// each (a few seconds once built).
pub const SMOKE: Budget = Budget { runs: Some(20_000), seconds: None };
/// A single input taking longer than this is reported as a hang.
const TIMEOUT_SECS: u32 = 10;

/// When libFuzzer stops (whichever comes first when both are set).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    pub runs: Option<u64>,
    pub seconds: Option<u64>,
}

impl Budget {
    fn libfuzzer_args(&self) -> Vec<String> {
        let mut args = Vec::new();
        if let Some(runs) = self.runs {
            args.push(format!("-runs={runs}"));
        }
        if let Some(seconds) = self.seconds {
            args.push(format!("-max_total_time={seconds}"));
        }
        args
    }

    fn describe(&self) -> String {
        match (self.runs, self.seconds) {
            (Some(r), Some(s)) => format!("{r} runs or {s} s"),
            (Some(r), None) => format!("{r} runs"),
            (None, Some(s)) => format!("{s} s"),
            (None, None) => "until it finds something".to_owned(),
        }
    }
}

pub fn run(args: &[String]) -> Result {
    let budget = parse_args(args)?;
    let ctx = Ctx::new()?;
    ensure_tools(&ctx)?;
    fuzz(&ctx, budget)
}

/// `--runs N`, `--seconds S`, both, or neither (then 1,000,000 runs).
fn parse_args(args: &[String]) -> Result<Budget> {
    let mut budget = Budget { runs: None, seconds: None };
    let number = |name: &str, value: String| {
        value
            .trim()
            .replace('_', "")
            .parse::<u64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| Error::Usage(format!("`{name}` needs a positive whole number, not `{value}`")))
    };
    let mut i = 0;
    while i < args.len() {
        if let Some(v) = option_value(args, &mut i, "--runs")? {
            budget.runs = Some(number("--runs", v)?);
        } else if let Some(v) = option_value(args, &mut i, "--seconds")? {
            budget.seconds = Some(number("--seconds", v)?);
        } else {
            return Err(Error::Usage(format!("`fuzz` does not know `{}`", args[i])));
        }
        i += 1;
    }
    if budget.runs.is_none() && budget.seconds.is_none() {
        budget.runs = Some(DEFAULT_RUNS);
    }
    Ok(budget)
}

/// The nightly toolchain (not installable here: it must already be there) and cargo-fuzz.
pub fn ensure_tools(ctx: &Ctx) -> Result {
    match capture(ctx.command("cargo").args(["+nightly", "--version"])) {
        Some(v) => println!("ok nightly {}", v.trim_start_matches("cargo ")),
        None => {
            return Err("the fuzz target needs a nightly toolchain (`cargo +nightly --version` failed): \
                        `rustup toolchain install nightly --profile minimal`"
                .into())
        }
    }
    let version = || capture(ctx.command("cargo").args(["fuzz", "--version"]));
    if let Some(v) = version() {
        println!("ok {v}");
        return Ok(());
    }
    println!("installing cargo-fuzz (cargo install, ~2 min on 2 cores)");
    if ctx.run(&mut ctx.cargo(["install", "cargo-fuzz", "--locked"])).is_err() {
        println!("`cargo install --locked` failed; trying again with fresh dependencies");
        ctx.run(&mut ctx.cargo(["install", "cargo-fuzz"]))?;
    }
    match version() {
        Some(v) => {
            println!("ok {v}");
            Ok(())
        }
        None => Err("installed cargo-fuzz, but `cargo fuzz --version` still fails (is ~/.cargo/bin on PATH?)".into()),
    }
}

/// Build and run the target; fail on anything libFuzzer reports as a finding.
pub fn fuzz(ctx: &Ctx, budget: Budget) -> Result {
    let corpus = ctx.root.join(CORPUS);
    std::fs::create_dir_all(&corpus).map_err(|e| format!("cannot create {}: {e}", corpus.display()))?;
    let mut cmd = ctx.command("cargo");
    cmd.args(["+nightly", "fuzz", "run", TARGET]).arg(&corpus).arg(ctx.root.join(SEEDS)).arg("--");
    cmd.args(budget.libfuzzer_args());
    cmd.args([format!("-timeout={TIMEOUT_SECS}"), "-print_final_stats=1".to_owned()]);
    // The fuzz workspace has its own lockfile and target directory (fuzz/target).
    cmd.env_remove("CARGO_TARGET_DIR");
    // Keep the panic's backtrace (RUST_BACKTRACE) but not cargo-fuzz's own after a crash.
    cmd.env("RUST_LIB_BACKTRACE", "0");
    println!("fuzzing `{TARGET}` for {}", budget.describe());
    let start = Instant::now();
    let (status, lines) = run_teeing(ctx, &mut cmd)?;
    let report = Report::parse(&lines);
    let corpus_files = std::fs::read_dir(&corpus).map(|d| d.count()).unwrap_or(0);
    let speed = match (report.runs, report.exec_per_sec) {
        (Some(runs), Some(eps)) => format!("{runs} runs, {eps} exec/s"),
        (Some(runs), None) => format!("{runs} runs"),
        _ => "no libFuzzer statistics".to_owned(),
    };
    println!(
        "fuzz: {speed}; {} in all (build included); corpus {CORPUS}: {corpus_files} inputs",
        human(start.elapsed())
    );
    if status.success() {
        println!("fuzz: nothing found");
        return Ok(());
    }
    let mut msg = format!("the `{TARGET}` fuzz target failed ({status})");
    if let Some(panic) = &report.panic {
        msg.push_str(&format!(": {panic}"));
    }
    match &report.artifact {
        Some(path) => msg.push_str(&format!(
            "\n  input: {}\n  reproduce: cargo +nightly fuzz run {TARGET} {}",
            ctx.rel(Path::new(path)).display(),
            ctx.rel(Path::new(path)).display()
        )),
        None if report.runs.is_none() => msg.push_str(" before fuzzing (does it build? see above)"),
        None => {}
    }
    Err(msg.into())
}

/// Run `cmd`, passing its stdout and stderr through as they come, and return its status and every
/// line it printed.
fn run_teeing(ctx: &Ctx, cmd: &mut std::process::Command) -> Result<(std::process::ExitStatus, Vec<String>)> {
    let shown = ctx.show(cmd);
    println!("$ {shown}");
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run `{shown}`: {e} (is cargo on PATH?)"))?;
    let (tx, rx) = mpsc::channel();
    let out = child.stdout.take().map(|s| tee(s, tx.clone(), false));
    let err = child.stderr.take().map(|s| tee(s, tx, true));
    let status = wait(&mut child)?;
    for reader in [out, err].into_iter().flatten() {
        let _ = reader.join();
    }
    Ok((status, rx.into_iter().collect()))
}

fn tee(stream: impl Read + Send + 'static, tx: mpsc::Sender<String>, to_stderr: bool) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        // libFuzzer's inputs can make the target print anything: read bytes, not UTF-8 lines.
        let mut reader = BufReader::new(stream);
        let mut buf = Vec::new();
        while reader.read_until(b'\n', &mut buf).is_ok_and(|n| n > 0) {
            let line = String::from_utf8_lossy(&buf).trim_end_matches(['\r', '\n']).to_owned();
            if to_stderr {
                let _ = writeln!(std::io::stderr(), "{line}");
            } else {
                println!("{line}");
            }
            let _ = tx.send(line);
            buf.clear();
        }
    })
}

/// What a libFuzzer run said about itself.
#[derive(Debug, Default, PartialEq, Eq)]
struct Report {
    runs: Option<u64>,
    exec_per_sec: Option<u64>,
    /// The saved crash, timeout or out-of-memory input.
    artifact: Option<String>,
    /// `panicked at src/…:L:C: message`.
    panic: Option<String>,
}

impl Report {
    fn parse(lines: &[String]) -> Report {
        let mut report = Report::default();
        let stat = |line: &str, name: &str| {
            line.trim().strip_prefix(name)?.trim_start().strip_prefix(':')?.trim().parse::<u64>().ok()
        };
        for (i, line) in lines.iter().enumerate() {
            if let Some(n) = stat(line, "stat::number_of_executed_units") {
                report.runs = Some(n);
            } else if let Some(n) = stat(line, "stat::average_exec_per_sec") {
                report.exec_per_sec = Some(n);
            } else if let Some(path) = line.split_once("Test unit written to ").map(|(_, p)| p.trim()) {
                let name = Path::new(path).file_name().and_then(|n| n.to_str()).unwrap_or_default();
                // Not `slow-unit-*`: a slow input is reported, but is not a failure.
                if ["crash-", "timeout-", "oom-", "leak-"].iter().any(|p| name.starts_with(p)) {
                    report.artifact = Some(path.to_owned());
                }
            } else if report.panic.is_none() {
                // Rust ≥ 1.73: "thread '<unnamed>' panicked at src/x.rs:1:2:" then the message.
                if let Some((_, at)) = line.split_once(" panicked at ") {
                    let message = lines.get(i + 1).map(|m| m.trim()).unwrap_or_default();
                    report.panic = Some(format!("panicked at {} {message}", at.trim()));
                }
            }
        }
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Budget> {
        parse_args(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn arguments() {
        assert_eq!(parse(&[]).unwrap(), Budget { runs: Some(1_000_000), seconds: None });
        assert_eq!(parse(&["--runs", "5000"]).unwrap(), Budget { runs: Some(5000), seconds: None });
        assert_eq!(parse(&["--runs=1_000"]).unwrap().runs, Some(1000));
        assert_eq!(parse(&["--seconds", "30"]).unwrap(), Budget { runs: None, seconds: Some(30) });
        assert_eq!(parse(&["--seconds=30", "--runs=9"]).unwrap(), Budget { runs: Some(9), seconds: Some(30) });
        for bad in [&["--runs"][..], &["--runs", "0"], &["--runs", "-3"], &["--seconds", "x"], &["--frobnicate"]] {
            assert!(matches!(parse(bad), Err(Error::Usage(_))), "{bad:?}");
        }
        assert_eq!(SMOKE.libfuzzer_args(), ["-runs=20000"]);
        assert_eq!(Budget { runs: Some(3), seconds: Some(4) }.libfuzzer_args(), ["-runs=3", "-max_total_time=4"]);
    }

    #[test]
    fn libfuzzer_output() {
        let lines: Vec<String> = "\
#1000000\tDONE   cov: 4208 ft: 15007 corp: 1012/301Kb lim: 4096 exec/s: 12345 rss: 412Mb
Done 1000000 runs in 81 second(s)
stat::number_of_executed_units: 1000000
stat::average_exec_per_sec:     12345
stat::new_units_added:          1009"
            .lines()
            .map(str::to_owned)
            .collect();
        let r = Report::parse(&lines);
        assert_eq!((r.runs, r.exec_per_sec, r.artifact, r.panic), (Some(1_000_000), Some(12345), None, None));

        let lines: Vec<String> = "\
thread '<unnamed>' panicked at src/model/page.rs:29:72:
attempt to add with overflow
==123== ERROR: libFuzzer: deadly signal
artifact_prefix='/w/fuzz/artifacts/decode/'; Test unit written to /w/fuzz/artifacts/decode/slow-unit-ab
artifact_prefix='/w/fuzz/artifacts/decode/'; Test unit written to /w/fuzz/artifacts/decode/crash-0123abcd
stat::number_of_executed_units: 4711"
            .lines()
            .map(str::to_owned)
            .collect();
        let r = Report::parse(&lines);
        assert_eq!(r.runs, Some(4711));
        assert_eq!(r.artifact.as_deref(), Some("/w/fuzz/artifacts/decode/crash-0123abcd"));
        assert_eq!(r.panic.as_deref(), Some("panicked at src/model/page.rs:29:72: attempt to add with overflow"));
    }
}
