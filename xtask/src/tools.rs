//! `cargo xtask setup`: make sure every tool is present at the pinned version, installing what is
//! missing. Idempotent; takes seconds when everything is already there.

use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use crate::proc::{capture, Ctx, BINARYEN_DIR};
use crate::{human, Result};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// 0.22+ needs rustc >= 1.96.1; the repository pins 1.95.
pub const TRUNK_VERSION: &str = "0.21.14";
/// `wasm-opt version 132`; keep in step with `[tools] wasm_opt` in Trunk.toml.
pub const BINARYEN_VERSION: &str = "132.0.0";
/// Node.js that Playwright 1.65 needs.
const NODE_MAJOR: u32 = 20;
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const E2E_DIR: &str = "tests/e2e";

/// What later steps need to know about the installed tools.
pub struct Tools {
    pub chromedriver: PathBuf,
}

pub fn setup(ctx: &Ctx) -> Result<Tools> {
    let start = Instant::now();
    println!("==> setup: checking tools");
    wasm_target(ctx)?;
    trunk(ctx)?;
    wasm_bindgen(ctx)?;
    node(ctx)?;
    wasm_opt(ctx)?;
    let chromedriver = chromium(ctx)?;
    e2e_packages(ctx)?;
    println!("<== setup ok ({})", human(start.elapsed()));
    Ok(Tools { chromedriver })
}

fn ok(tool: &str, version: &str) {
    println!("ok {tool} {version}");
}

fn wasm_target(ctx: &Ctx) -> Result {
    let installed = |ctx: &Ctx| match ctx.which("rustup") {
        Some(_) => capture(ctx.command("rustup").args(["target", "list", "--installed"]))
            .is_some_and(|out| out.lines().any(|l| l.trim() == WASM_TARGET)),
        // No rustup: look in the sysroot.
        None => capture(ctx.command("rustc").args(["--print", "sysroot"]))
            .is_some_and(|sysroot| Path::new(&sysroot).join("lib/rustlib").join(WASM_TARGET).is_dir()),
    };
    if installed(ctx) {
        ok("target", WASM_TARGET);
        return Ok(());
    }
    if ctx.which("rustup").is_none() {
        return Err(format!(
            "the Rust target {WASM_TARGET} is missing and rustup is not installed: install the target \
             for the toolchain in rust-toolchain.toml"
        )
        .into());
    }
    println!("installing target {WASM_TARGET}");
    ctx.run(ctx.command("rustup").args(["target", "add", WASM_TARGET]))?;
    ok("target", WASM_TARGET);
    Ok(())
}

/// The second word of `<program> --version` ("trunk 0.21.14" → "0.21.14").
fn version_of(ctx: &Ctx, program: &str) -> Option<String> {
    let out = capture(ctx.command(program).arg("--version"))?;
    out.split_whitespace().nth(1).map(str::to_owned)
}

fn trunk(ctx: &Ctx) -> Result {
    let found = version_of(ctx, "trunk");
    if found.as_deref() == Some(TRUNK_VERSION) {
        ok("trunk", TRUNK_VERSION);
        return Ok(());
    }
    println!(
        "installing trunk {TRUNK_VERSION} (found {}; cargo install, ~13 min on 2 cores)",
        found.as_deref().unwrap_or("none")
    );
    ctx.run(&mut ctx.cargo(["install", "--locked", "--force", "trunk", "--version", TRUNK_VERSION]))?;
    check_installed(ctx, "trunk", "trunk", TRUNK_VERSION)
}

fn check_installed(ctx: &Ctx, tool: &str, program: &str, want: &str) -> Result {
    match version_of(ctx, program) {
        Some(v) if v == want => {
            ok(tool, &v);
            Ok(())
        }
        other => Err(format!(
            "installed {tool} {want}, but `{program} --version` now says {} (is another {program} \
             earlier on PATH?{})",
            other.as_deref().unwrap_or("nothing"),
            ctx.which(program).map(|p| format!(" found {}", p.display())).unwrap_or_default()
        )
        .into()),
    }
}

fn wasm_bindgen(ctx: &Ctx) -> Result {
    let want = locked_wasm_bindgen(ctx)?;
    let cli = version_of(ctx, "wasm-bindgen");
    let runner = version_of(ctx, "wasm-bindgen-test-runner");
    if cli.as_deref() == Some(want.as_str()) && runner.as_deref() == Some(want.as_str()) {
        ok("wasm-bindgen-cli", &want);
        return Ok(());
    }
    println!(
        "installing wasm-bindgen-cli {want} (found {}; matches Cargo.lock; cargo install, ~5 min)",
        cli.as_deref().unwrap_or("none")
    );
    // Not --locked: its lockfile pins a webpki-roots version the registry no longer has.
    ctx.run(&mut ctx.cargo(["install", "--force", "wasm-bindgen-cli", "--version", want.as_str()]))?;
    check_installed(ctx, "wasm-bindgen-cli", "wasm-bindgen", &want)?;
    check_installed(ctx, "wasm-bindgen-test-runner", "wasm-bindgen-test-runner", &want)
}

/// The `wasm-bindgen` version in Cargo.lock (trunk and the test runner need the CLI to match exactly).
fn locked_wasm_bindgen(ctx: &Ctx) -> Result<String> {
    let lock_path = ctx.root.join("Cargo.lock");
    if !lock_path.is_file() {
        println!("Cargo.lock is missing: resolving dependencies");
        ctx.run(&mut ctx.cargo(["generate-lockfile"]))?;
    }
    let lock = std::fs::read_to_string(&lock_path).map_err(|e| format!("cannot read {}: {e}", lock_path.display()))?;
    let mut versions = locked_versions(&lock, "wasm-bindgen");
    match versions.len() {
        0 => Err("Cargo.lock has no `wasm-bindgen` package; is it a dependency of the widget?".into()),
        1 => Ok(versions.remove(0)),
        _ => Err(format!(
            "Cargo.lock has several `wasm-bindgen` versions ({}); trunk needs exactly one",
            versions.join(", ")
        )
        .into()),
    }
}

/// Versions of the `[[package]]` entries called `name` in a Cargo.lock.
fn locked_versions(lock: &str, name: &str) -> Vec<String> {
    let unquote = |value: &str| value.trim().trim_matches('"').to_owned();
    lock.split("[[package]]")
        .skip(1)
        .filter_map(|block| {
            let mut found_name = None;
            let mut version = None;
            for line in block.lines().map(str::trim) {
                if line.starts_with('[') {
                    break; // a sub-table such as [package.metadata]
                }
                if let Some(v) = line.strip_prefix("name = ") {
                    found_name = Some(unquote(v));
                } else if let Some(v) = line.strip_prefix("version = ") {
                    version = Some(unquote(v));
                }
            }
            (found_name.as_deref() == Some(name)).then_some(version)?
        })
        .collect()
}

fn node(ctx: &Ctx) -> Result {
    let help = format!(
        "Node.js >= {NODE_MAJOR} with npm is needed (wasm-opt comes from npm, and the end-to-end tests \
         use Playwright): install it (https://nodejs.org/, or your distribution's nodejs and npm \
         packages if they are new enough) and run `cargo xtask setup` again"
    );
    let Some(version) = capture(ctx.command("node").arg("--version")) else {
        return Err(format!("`node` not found. {help}").into());
    };
    let major = version.trim_start_matches('v').split('.').next().and_then(|m| m.parse::<u32>().ok());
    if major.is_none_or(|m| m < NODE_MAJOR) {
        return Err(format!("Node.js {version} is too old. {help}").into());
    }
    let Some(npm) = capture(ctx.command("npm").arg("--version")) else {
        return Err(format!("`npm` not found. {help}").into());
    };
    ok("node", &format!("{version} (npm {npm})"));
    Ok(())
}

fn wasm_opt(ctx: &Ctx) -> Result {
    let dir = ctx.root.join(BINARYEN_DIR);
    let bin = dir.join("node_modules/.bin/wasm-opt");
    let want_major = BINARYEN_VERSION.split('.').next().unwrap_or(BINARYEN_VERSION);
    // "wasm-opt version 132 (version_132)"
    let version = || capture(ctx.command(&bin).arg("--version"));
    let matches = |out: &str| out.split_whitespace().nth(2) == Some(want_major);
    if version().is_some_and(|out| matches(&out)) {
        ok("wasm-opt", &format!("{want_major} ({BINARYEN_DIR})"));
        return Ok(());
    }
    println!("installing wasm-opt: binaryen@{BINARYEN_VERSION} from npm into {BINARYEN_DIR}");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut install = ctx.command("npm");
    install.args(["install", "--no-audit", "--no-fund", "--prefix"]);
    install.arg(&dir);
    install.arg(format!("binaryen@{BINARYEN_VERSION}"));
    ctx.run(&mut install)?;
    match version() {
        Some(out) if matches(&out) => {
            ok("wasm-opt", &format!("{want_major} ({BINARYEN_DIR})"));
            Ok(())
        }
        other => Err(format!(
            "installed binaryen@{BINARYEN_VERSION}, but `{} --version` says {}",
            ctx.rel(&bin).display(),
            other.as_deref().unwrap_or("nothing")
        )
        .into()),
    }
}

/// Debian's Chromium and a ChromeDriver of the same major version. Returns chromedriver's path.
fn chromium(ctx: &Ctx) -> Result<PathBuf> {
    let find = |fixed: &str, name: &str| {
        let fixed = PathBuf::from(fixed);
        if fixed.is_file() {
            Some(fixed)
        } else {
            ctx.which(name)
        }
    };
    let (mut browser, mut driver) = (find(CHROMIUM, "chromium"), find(CHROMEDRIVER, "chromedriver"));
    if browser.is_none() || driver.is_none() {
        let missing: Vec<&str> =
            [browser.is_none().then_some("chromium"), driver.is_none().then_some("chromium-driver")]
                .into_iter()
                .flatten()
                .collect();
        let is_root = capture(ctx.command("id").arg("-u")).as_deref() == Some("0");
        if !is_root || ctx.which("apt-get").is_none() {
            return Err(format!(
                "Chromium and ChromeDriver are needed for the wasm and end-to-end tests, at {CHROMIUM} \
                 and {CHROMEDRIVER} (or on PATH). Missing: {}. On Debian, as root: \
                 `apt-get update && apt-get install -y chromium chromium-driver`",
                missing.join(", ")
            )
            .into());
        }
        println!("installing {} (apt-get, ~1–2 min)", missing.join(" "));
        let apt = |args: &[&str]| {
            let mut cmd = ctx.command("apt-get");
            cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
            ctx.run(&mut cmd)
        };
        apt(&["update"])?;
        apt(&["install", "-y", "chromium", "chromium-driver"])?;
        browser = find(CHROMIUM, "chromium");
        driver = find(CHROMEDRIVER, "chromedriver");
    }
    let (Some(browser), Some(driver)) = (browser, driver) else {
        return Err("apt-get installed chromium and chromium-driver, but they are not where expected".into());
    };

    // "Chromium 156.0.8078.108 built on Debian …", "ChromeDriver 156.0.8078.108 (…)"
    let version = |path: &Path| {
        capture(ctx.command(path).arg("--version"))
            .and_then(|out| out.lines().last().and_then(|l| l.split_whitespace().nth(1)).map(str::to_owned))
    };
    let major = |v: &str| v.split('.').next().unwrap_or_default().to_owned();
    let (Some(bv), Some(dv)) = (version(&browser), version(&driver)) else {
        return Err(format!("`{} --version` or `{} --version` failed", browser.display(), driver.display()).into());
    };
    if major(&bv) != major(&dv) {
        return Err(format!(
            "Chromium {bv} and ChromeDriver {dv} differ in major version; the wasm tests need a \
             matching pair (`apt-get install -y chromium chromium-driver`)"
        )
        .into());
    }
    ok("chromium", &format!("{bv} ({})", browser.display()));
    ok("chromedriver", &format!("{dv} ({})", driver.display()));
    Ok(driver)
}

/// `npm ci` in tests/e2e when node_modules is missing or older than package-lock.json.
fn e2e_packages(ctx: &Ctx) -> Result {
    let dir = ctx.root.join(E2E_DIR);
    let lock = dir.join("package-lock.json");
    let lock_time = modified(&lock).ok_or_else(|| format!("{E2E_DIR}/package-lock.json is missing"))?;
    // npm writes node_modules/.package-lock.json on every install.
    let installed = modified(&dir.join("node_modules/.package-lock.json"));
    let playwright = dir.join("node_modules/.bin/playwright");
    if installed.is_some_and(|t| t >= lock_time) && playwright.is_file() {
        ok("e2e npm packages", &format!("({E2E_DIR}/node_modules)"));
        return Ok(());
    }
    println!("installing e2e npm packages (npm ci in {E2E_DIR}; browsers are not downloaded)");
    let mut cmd = ctx.command("npm");
    cmd.args(["ci", "--no-audit", "--no-fund"]).current_dir(&dir);
    ctx.run(&mut cmd)?;
    if !playwright.is_file() {
        return Err(format!("`npm ci` did not install {}", ctx.rel(&playwright).display()).into());
    }
    ok("e2e npm packages", &format!("({E2E_DIR}/node_modules)"));
    Ok(())
}

fn modified(path: &Path) -> Option<SystemTime> {
    path.metadata().and_then(|m| m.modified()).ok()
}

#[cfg(test)]
mod tests {
    use super::locked_versions;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "wasm-bindgen-backend"
version = "0.2.130"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "cfg-if",
]

[[package]]
name = "xtask"
version = "0.0.0"
"#;

    #[test]
    fn finds_the_locked_version() {
        assert_eq!(locked_versions(LOCK, "wasm-bindgen"), ["0.2.130"]);
        assert_eq!(locked_versions(LOCK, "xtask"), ["0.0.0"]);
        assert!(locked_versions(LOCK, "trunk").is_empty());
    }
}
