//! `cargo xtask` — project automation for ctrlhub-interactions.
//!
//! Standard library only, so that it compiles in seconds. One module per concern:
//! [`tools`] installs and checks the toolchain, [`demo`] runs the mock API and `trunk serve`,
//! [`test`] runs every check CI runs, [`fuzz`] runs the fuzz target, [`bench`] runs the benchmarks,
//! [`proc`] runs child processes.

mod bench;
mod demo;
mod examples;
mod fuzz;
mod proc;
mod test;
mod tools;

use std::fmt;
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "\
Usage: cargo xtask <command> [options]

Commands:
  setup              install or check every tool the build and tests need (idempotent)
  build              setup, then the release build (`trunk build --release` with the pinned
                     wasm-opt on PATH): writes dist/, the element, the site and the npm package
  contract           regenerate the bootstrap's attribute lists (js/ctrlhub-interactions.js) and
                     pkg/custom-elements.json from src/element/contract.rs; `test` checks they
                     are current
  demo [--port N]    run the mock API on :8787 and `trunk serve` on :N (default 8080);
                     open http://127.0.0.1:N/?demo — Ctrl-C stops both
  test [options] [-- <playwright args>]
                     setup, then fmt, clippy, native tests, wasm tests in headless Chromium,
                     `trunk build --release`, the example hosts (examples/), the
                     Playwright end-to-end tests and a fuzz smoke run (20000 runs)
      --skip-e2e         everything but the examples and the end-to-end tests
      --e2e-only         only `trunk build --release`, the examples and the end-to-end tests
      --only STEP[,STEP] only these steps: fmt, clippy, test, wasm-test, build, examples, e2e, fuzz
      --skip-fuzz        skip the fuzz smoke run (its cold build takes 5-10 min on 2 cores;
                         later runs rebuild only what changed)
      --fuzz             run the fuzz step also with --e2e-only
      --stress N         build, then run the end-to-end suite N times, each beside one busy loop
                         per core, to its end, and each on the mock's data of another hour (run
                         1 now, 2 as of 7 h ago, 3 as of 14 h ago ...: which interactions are
                         upcoming or on page 1 changes with the hour); prints every test that ever
                         failed and how often (reports in target/e2e/stress/); combine with
                         `-- ARGS` to stress a subset
      --data-age H       the e2e mock's data as generated H hours ago (to rerun a stress run's
                         hour; with --stress, every run uses it)
      -- ARGS            passed to `playwright test` (e.g. -- -g 'wrong token'; add --no-deps,
                         or the serial project's dependency runs every `chromium` test too)
  fuzz [--runs N] [--seconds S]
                     installs cargo-fuzz if missing, then runs the `decode` fuzz target (response
                     decoder + model) with the nightly toolchain for N runs (default 1000000) and/or
                     S seconds; fails on a crash and names the saved input (fuzz/artifacts/decode/)
  bench [options]    the benchmark harness (issue #6): builds the release site and a bench copy
                     of the wasm, starts the mock API, measures the widget and the vanilla JS
                     reference page (benches/) in headless Chromium, prints a table with each
                     target's PASS/MISS and writes target/bench/report.json; exits 0 when it
                     ran, whatever the figures (it reports, it does not test)
      --quick            2 runs per figure instead of 5
      --runs N           N runs per figure (each figure is the median of its runs)
      --only S[,S]       only these scenarios: size, first-view, render-1k, loaded-10k,
                         decode, requests
      --no-build         use dist/ and target/bench/dist as they are
      --ports N          the mocks listen on N, N+1, … (default: any free port)
  help               this text

`.ci/run` runs `cargo xtask test`.
";

/// Why a command failed.
#[derive(Debug)]
pub enum Error {
    /// A bad command line: exit code 2, with the usage text.
    Usage(String),
    /// A step or tool failed: exit code 1.
    Failed(String),
    /// Ctrl-C or SIGTERM: exit code 130.
    Interrupted,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(msg) | Error::Failed(msg) => f.write_str(msg),
            Error::Interrupted => f.write_str("interrupted"),
        }
    }
}

impl From<String> for Error {
    fn from(msg: String) -> Self {
        Error::Failed(msg)
    }
}

impl From<&str> for Error {
    fn from(msg: &str) -> Self {
        Error::Failed(msg.to_owned())
    }
}

pub type Result<T = ()> = std::result::Result<T, Error>;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(command) = args.next() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest: Vec<String> = args.collect();
    proc::signals::install();

    let result = match command.as_str() {
        "setup" => {
            no_options("setup", &rest).and_then(|()| proc::Ctx::new()).and_then(|ctx| tools::setup(&ctx).map(drop))
        }
        "build" => no_options("build", &rest)
            .and_then(|()| proc::Ctx::new())
            .and_then(|ctx| tools::setup(&ctx).and_then(|_| test::release_build(&ctx))),
        "contract" => no_options("contract", &rest).and_then(|()| proc::Ctx::new()).and_then(|ctx| {
            ctx.run(ctx.cargo(["test", "--quiet", "--test", "element_contract"]).env("UPDATE_CONTRACT", "1"))
        }),
        "demo" => demo::run(&rest),
        "test" => test::run(&rest),
        "fuzz" => fuzz::run(&rest),
        "bench" => bench::run(&rest),
        "help" | "-h" | "--help" => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        other => Err(Error::Usage(format!("unknown command `{other}`"))),
    };

    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Error::Usage(msg)) => {
            eprintln!("error: {msg}\n");
            eprint!("{USAGE}");
            ExitCode::from(2)
        }
        Err(Error::Failed(msg)) => {
            eprintln!("\nerror: {msg}");
            ExitCode::FAILURE
        }
        Err(Error::Interrupted) => {
            eprintln!("\ninterrupted");
            ExitCode::from(130)
        }
    }
}

fn no_options(command: &str, rest: &[String]) -> Result {
    match rest.first() {
        None => Ok(()),
        Some(arg) => Err(Error::Usage(format!("`{command}` takes no options (got `{arg}`)"))),
    }
}

/// `--name value` or `--name=value`: returns the value and advances `i` past what was used.
pub fn option_value(args: &[String], i: &mut usize, name: &str) -> Result<Option<String>> {
    let arg = &args[*i];
    if arg == name {
        *i += 1;
        return match args.get(*i) {
            Some(value) => Ok(Some(value.clone())),
            None => Err(Error::Usage(format!("`{name}` needs a value"))),
        };
    }
    Ok(arg.strip_prefix(name).and_then(|tail| tail.strip_prefix('=')).map(str::to_owned))
}

/// "4.2 s", "3 min 07 s".
pub fn human(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1} s")
    } else {
        let whole = d.as_secs();
        format!("{} min {:02} s", whole / 60, whole % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn option_values() {
        let args = strings(&["--port", "9000", "--port=9001", "--portx", "--port"]);
        let mut i = 0;
        assert_eq!(option_value(&args, &mut i, "--port").unwrap(), Some("9000".into()));
        assert_eq!(i, 1);
        i = 2;
        assert_eq!(option_value(&args, &mut i, "--port").unwrap(), Some("9001".into()));
        i = 3;
        assert_eq!(option_value(&args, &mut i, "--port").unwrap(), None);
        i = 4;
        assert!(matches!(option_value(&args, &mut i, "--port"), Err(Error::Usage(_))));
    }

    #[test]
    fn human_durations() {
        assert_eq!(human(Duration::from_millis(4200)), "4.2 s");
        assert_eq!(human(Duration::from_secs(187)), "3 min 07 s");
    }
}
