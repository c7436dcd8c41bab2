//! Child processes: the PATH every child gets, echoing and running commands, guards that stop
//! long-running children (also on error or panic), and a Ctrl-C / SIGTERM flag.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::{Error, Result};

/// Where `cargo xtask setup` installs binaryen's `wasm-opt` from npm, relative to the repository root.
pub const BINARYEN_DIR: &str = "target/tools/binaryen";

const POLL: Duration = Duration::from_millis(50);

/// What every command needs: the repository root and the PATH for children.
pub struct Ctx {
    pub root: PathBuf,
    path: OsString,
}

impl Ctx {
    pub fn new() -> Result<Ctx> {
        let root = repo_root()?;
        // The pinned wasm-opt first (Debian's binaryen 108 produces a wasm that fails in the browser),
        // then cargo-installed tools (trunk, wasm-bindgen), then whatever the caller had.
        let mut dirs = vec![root.join(BINARYEN_DIR).join("node_modules/.bin")];
        if let Some(home) = cargo_home() {
            dirs.push(home.join("bin"));
        }
        if let Some(path) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&path));
        }
        let mut seen = Vec::new();
        dirs.retain(|d| {
            let new = !seen.contains(d);
            seen.push(d.clone());
            new
        });
        let path = std::env::join_paths(dirs).map_err(|e| format!("cannot build PATH: {e}"))?;
        Ok(Ctx { root, path })
    }

    /// A command run in the repository root, with our PATH, no stdin, and browser downloads off.
    pub fn command(&self, program: impl AsRef<OsStr>) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(&self.root)
            .env("PATH", &self.path)
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
            .stdin(Stdio::null());
        cmd
    }

    /// A `cargo` command (through rustup's proxy, so rust-toolchain.toml picks the toolchain).
    pub fn cargo<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = self.command("cargo");
        cmd.args(args);
        cmd
    }

    /// The first executable called `name` on our PATH.
    pub fn which(&self, name: &str) -> Option<PathBuf> {
        std::env::split_paths(&self.path).map(|dir| dir.join(name)).find(|p| is_executable(p))
    }

    /// Cargo's target directory (`CARGO_TARGET_DIR` or `<root>/target`).
    pub fn target_dir(&self) -> PathBuf {
        match std::env::var_os("CARGO_TARGET_DIR") {
            Some(dir) => self.root.join(dir),
            None => self.root.join("target"),
        }
    }

    /// `path` relative to the repository root, for messages.
    pub fn rel<'a>(&self, path: &'a Path) -> &'a Path {
        path.strip_prefix(&self.root).unwrap_or(path)
    }

    /// The command as a shell would show it, with its directory when that isn't the root.
    pub fn show(&self, cmd: &Command) -> String {
        let mut text = display(cmd);
        if let Some(dir) = cmd.get_current_dir() {
            if dir != self.root {
                text = format!("(cd {} && {text})", self.rel(dir).display());
            }
        }
        text
    }

    /// Echo and run `cmd`, inheriting stdout and stderr; fail unless it exits successfully.
    pub fn run(&self, cmd: &mut Command) -> Result {
        let shown = self.show(cmd);
        println!("$ {shown}");
        let mut child = cmd.spawn().map_err(|e| spawn_error(&shown, &e))?;
        let status = wait(&mut child)?;
        if signals::interrupted() {
            return Err(Error::Interrupted);
        }
        if status.success() {
            Ok(())
        } else {
            Err(format!("`{shown}` failed ({status})").into())
        }
    }
}

/// Run `cmd` quietly and return its trimmed stdout, or `None` if it can't start or fails.
pub fn capture(cmd: &mut Command) -> Option<String> {
    let out = cmd.stderr(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn spawn_error(shown: &str, e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotFound {
        format!("cannot run `{shown}`: program not found (run `cargo xtask setup`)")
    } else {
        format!("cannot run `{shown}`: {e}")
    }
}

fn display(cmd: &Command) -> String {
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|arg| {
            let arg = arg.to_string_lossy();
            if !arg.is_empty() && arg.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:@,+".contains(c)) {
                arg.into_owned()
            } else {
                format!("'{}'", arg.replace('\'', r"'\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn repo_root() -> Result<PathBuf> {
    // `cargo run` sets CARGO_MANIFEST_DIR to xtask/; fall back to where xtask was built.
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let root = manifest
        .parent()
        .filter(|root| root.join("Cargo.toml").is_file() && root.join("xtask").is_dir())
        .ok_or_else(|| {
            format!(
                "cannot find the repository root above {}; run xtask as `cargo xtask …` inside the repository",
                manifest.display()
            )
        })?;
    Ok(root.to_path_buf())
}

fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata().map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0).unwrap_or(false)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// Wait for `child`; if we are interrupted meanwhile, stop it and report that.
pub fn wait(child: &mut Child) -> Result<ExitStatus> {
    loop {
        if let Some(status) = child.try_wait().map_err(|e| format!("waiting for a child process: {e}"))? {
            return Ok(status);
        }
        if signals::interrupted() {
            stop(child, Duration::from_secs(10));
            return Err(Error::Interrupted);
        }
        std::thread::sleep(POLL);
    }
}

/// Ask `child` to stop (SIGINT, which trunk and cargo handle gracefully), then kill it after `grace`.
fn stop(child: &mut Child, grace: Duration) {
    if matches!(child.try_wait(), Ok(Some(_))) {
        return;
    }
    signals::interrupt(child.id());
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return;
        }
        std::thread::sleep(POLL);
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Where a server child's stdout goes after its first line.
pub enum Sink {
    /// Our stdout, each line prefixed.
    Terminal(&'static str),
    /// A log file.
    File(File),
}

impl Sink {
    fn write_line(&mut self, line: &str) {
        match self {
            Sink::Terminal(prefix) => println!("{prefix}{line}"),
            Sink::File(file) => {
                let _ = writeln!(file, "{line}");
            }
        }
    }
}

/// A long-running child (a server) that is stopped when the guard is dropped: on success, on error
/// and on panic alike.
pub struct ChildGuard {
    name: String,
    child: Child,
}

impl ChildGuard {
    /// Start `cmd` and wait (up to `timeout`) for the first line of its stdout, which servers use to
    /// say where they listen. The rest of its stdout goes to `sink`.
    pub fn spawn_reading_first_line(
        ctx: &Ctx,
        name: &str,
        cmd: &mut Command,
        mut sink: Sink,
        timeout: Duration,
    ) -> Result<(ChildGuard, String)> {
        let shown = ctx.show(cmd);
        println!("$ {shown}");
        let child = cmd.stdout(Stdio::piped()).spawn().map_err(|e| spawn_error(&shown, &e))?;
        let mut guard = ChildGuard { name: name.to_owned(), child };
        let stdout = guard.child.stdout.take().ok_or("child stdout was not captured")?;

        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let first = lines.next().and_then(|line| line.ok());
            if let Some(line) = &first {
                sink.write_line(line);
            }
            let _ = tx.send(first);
            for line in lines.map_while(|line| line.ok()) {
                sink.write_line(&line);
            }
        });

        let deadline = Instant::now() + timeout;
        loop {
            match rx.recv_timeout(POLL) {
                Ok(Some(line)) => return Ok((guard, line)),
                Ok(None) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                    let status = guard.wait_briefly();
                    return Err(format!("{name} exited without saying where it listens ({status})").into());
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
            }
            if let Some(status) = guard.try_wait() {
                return Err(format!("{name} exited on start ({status})").into());
            }
            if signals::interrupted() {
                return Err(Error::Interrupted);
            }
            if Instant::now() > deadline {
                return Err(format!("{name} printed nothing within {} s of starting", timeout.as_secs()).into());
            }
        }
    }

    /// Start a server child with inherited stdout and stderr.
    pub fn spawn(ctx: &Ctx, name: &str, cmd: &mut Command) -> Result<ChildGuard> {
        let shown = ctx.show(cmd);
        println!("$ {shown}");
        let child = cmd.spawn().map_err(|e| spawn_error(&shown, &e))?;
        Ok(ChildGuard { name: name.to_owned(), child })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The exit status if the child has exited.
    pub fn try_wait(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    fn wait_briefly(&mut self) -> String {
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            if let Some(status) = self.try_wait() {
                return status.to_string();
            }
            std::thread::sleep(POLL);
        }
        "still running".to_owned()
    }

    /// Stop the child (gracefully first) and reap it. Idempotent.
    pub fn stop(&mut self) {
        stop(&mut self.child, Duration::from_secs(5));
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Whether something already listens on 127.0.0.1:`port` (or the port can't be bound).
pub fn port_in_use(port: u16) -> bool {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    TcpStream::connect_timeout(&addr, Duration::from_millis(300)).is_ok() || TcpListener::bind(addr).is_err()
}

/// The HTTP status of `GET path` on `addr`, or `None` if nothing answers.
pub fn http_status(addr: SocketAddr, path: &str) -> Option<u16> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(1)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    stream.set_write_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAccept: text/html\r\n\r\n").ok()?;
    let mut head = [0u8; 64];
    let n = stream.read(&mut head).ok()?;
    let head = std::str::from_utf8(&head[..n]).ok()?;
    // "HTTP/1.1 200 OK"
    head.strip_prefix("HTTP/")?.split_whitespace().nth(1)?.parse().ok()
}

/// SIGINT / SIGTERM set a flag instead of killing xtask, so that it can stop its children and say
/// what happened. (Children get the default handlers back when they exec.)
pub mod signals {
    use std::sync::atomic::{AtomicBool, Ordering};

    static INTERRUPTED: AtomicBool = AtomicBool::new(false);

    pub fn interrupted() -> bool {
        INTERRUPTED.load(Ordering::SeqCst)
    }

    #[cfg(unix)]
    mod sys {
        use std::ffi::c_int;

        pub const SIGINT: c_int = 2;
        pub const SIGTERM: c_int = 15;

        unsafe extern "C" {
            pub fn signal(signum: c_int, handler: extern "C" fn(c_int)) -> usize;
            pub fn kill(pid: c_int, sig: c_int) -> c_int;
        }
    }

    #[cfg(unix)]
    extern "C" fn on_signal(_: std::ffi::c_int) {
        // Only an atomic store: async-signal-safe.
        INTERRUPTED.store(true, Ordering::SeqCst);
    }

    pub fn install() {
        #[cfg(unix)]
        // SAFETY: `signal` is given a valid handler that only performs an atomic store.
        unsafe {
            sys::signal(sys::SIGINT, on_signal);
            sys::signal(sys::SIGTERM, on_signal);
        }
    }

    /// Send SIGINT to process `pid` (a child of ours).
    pub fn interrupt(pid: u32) {
        #[cfg(unix)]
        if let Ok(pid) = std::ffi::c_int::try_from(pid) {
            // SAFETY: plain syscall wrapper; `pid` is a child we have not reaped yet.
            unsafe {
                sys::kill(pid, sys::SIGINT);
            }
        }
        #[cfg(not(unix))]
        let _ = pid;
    }
}
