//! `cargo xtask demo`: the mock API on :8787 plus `trunk serve` (which proxies /v3 to it), until
//! Ctrl-C.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use crate::proc::{http_status, port_in_use, signals, ChildGuard, Ctx, Sink};
use crate::{option_value, tools, Error, Result};

/// Trunk.toml's `[[proxy]] backend` points here.
const MOCK_PORT: u16 = 8787;
const DEFAULT_PORT: u16 = 8080;
/// A cold debug build of the widget takes a few minutes on 2 cores.
const READY_TIMEOUT: Duration = Duration::from_secs(30 * 60);

pub fn run(args: &[String]) -> Result {
    let port = parse_args(args)?;
    let ctx = Ctx::new()?;
    tools::setup(&ctx)?;

    for (what, p) in [("the mock API", MOCK_PORT), ("trunk serve", port)] {
        if port_in_use(p) {
            let hint = if p == MOCK_PORT {
                "Trunk.toml proxies /v3 to it, so the mock must have it"
            } else {
                "pick another with `cargo xtask demo --port N`"
            };
            return Err(format!(
                "port {p} (for {what}) is already in use: is another `cargo xtask demo` or ctrlhub-mock \
                 running? `ss -ltnp 'sport = :{p}'` shows who has it; stop it and try again ({hint})"
            )
            .into());
        }
    }

    ctx.run(&mut ctx.cargo(["build", "-p", "ctrlhub-mock"]))?;
    let mock_bin = ctx.target_dir().join("debug/ctrlhub-mock");
    let mut mock_cmd = ctx.command(&mock_bin);
    mock_cmd.args(["--port", &MOCK_PORT.to_string()]);
    let (mut mock, first_line) = ChildGuard::spawn_reading_first_line(
        &ctx,
        "ctrlhub-mock",
        &mut mock_cmd,
        Sink::Terminal("[mock] "),
        Duration::from_secs(30),
    )?;
    if !first_line.contains("listening on") {
        println!("warning: ctrlhub-mock's first line was not `ctrlhub-mock listening on …`");
    }

    let mut trunk =
        ChildGuard::spawn(&ctx, "trunk serve", ctx.command("trunk").args(["serve", "--port", &port.to_string()]))?;

    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    println!("waiting for http://{addr}/ (trunk builds the widget first; a cold build takes minutes)");
    let start = Instant::now();
    loop {
        if let Some(code) = http_status(addr, "/") {
            if (200..300).contains(&code) {
                break;
            }
        }
        check_alive(&mut [&mut trunk, &mut mock])?;
        if start.elapsed() > READY_TIMEOUT {
            return Err(format!("http://{addr}/ did not answer within {} min", READY_TIMEOUT.as_secs() / 60).into());
        }
        std::thread::sleep(Duration::from_millis(500));
    }

    let url = format!("http://{addr}/?demo");
    let rule = "=".repeat(64);
    println!(
        "\n{rule}\n  ctrlhub-interactions demo is running\n\n  open   {url}\n  mock   http://127.0.0.1:{MOCK_PORT}/v3 (trunk proxies /v3 to it)\n\n  Ctrl-C stops both.\n{rule}\n"
    );

    loop {
        std::thread::sleep(Duration::from_millis(200));
        match check_alive(&mut [&mut trunk, &mut mock]) {
            Ok(()) => {}
            Err(Error::Interrupted) => {
                println!("\nstopping trunk and the mock");
                return Ok(());
            }
            Err(e) => return Err(e),
        }
    }
    // `trunk` and `mock` are stopped by their guards on every return path.
}

/// Fail if we were interrupted or if one of the children exited.
fn check_alive(children: &mut [&mut ChildGuard]) -> Result {
    if signals::interrupted() {
        return Err(Error::Interrupted);
    }
    for child in children.iter_mut() {
        if let Some(status) = child.try_wait() {
            return Err(format!("{} exited ({status}); stopping the demo", child.name()).into());
        }
    }
    Ok(())
}

fn parse_args(args: &[String]) -> Result<u16> {
    let mut port = DEFAULT_PORT;
    let mut i = 0;
    while i < args.len() {
        if let Some(value) = option_value(args, &mut i, "--port")? {
            port = value
                .parse()
                .ok()
                .filter(|p| *p != 0)
                .ok_or_else(|| Error::Usage(format!("`--port {value}`: not a port number")))?;
        } else {
            return Err(Error::Usage(format!("`demo` does not know `{}`", args[i])));
        }
        i += 1;
    }
    if port == MOCK_PORT {
        return Err(Error::Usage(format!("port {MOCK_PORT} is the mock API's")));
    }
    Ok(port)
}
