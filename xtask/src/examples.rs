//! The example host pages in `examples/` (plain HTML, React 19 + Vite, Vue 3 + Vite): building the
//! framework ones (`npm ci` + `npm run build`, each only when out of date) and where the mock serves
//! them during the end-to-end tests.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::proc::Ctx;
use crate::Result;

pub const EXAMPLES_DIR: &str = "examples";
/// Examples built with npm; each writes `dist/`, which the mock serves.
const BUILT: [&str; 2] = ["react", "vue"];
/// Examples served as they are (no build step).
const AS_IS: [&str; 1] = ["plain"];

/// `--static` arguments for the mock: `/examples/NAME` → the example's page.
pub fn static_mounts() -> Vec<String> {
    let as_is = AS_IS.iter().map(|name| format!("/{EXAMPLES_DIR}/{name}={EXAMPLES_DIR}/{name}"));
    let built = BUILT.iter().map(|name| format!("/{EXAMPLES_DIR}/{name}={EXAMPLES_DIR}/{name}/dist"));
    as_is.chain(built).flat_map(|mount| ["--static".to_owned(), mount]).collect()
}

/// Examples whose build output is missing (the end-to-end tests of the hosts need them).
pub fn missing(ctx: &Ctx) -> Vec<String> {
    BUILT
        .iter()
        .filter(|name| !ctx.root.join(EXAMPLES_DIR).join(name).join("dist/index.html").is_file())
        .map(|name| format!("{EXAMPLES_DIR}/{name}/dist"))
        .collect()
}

/// `npm ci` and `npm run build` in each framework example, each skipped when up to date.
pub fn build(ctx: &Ctx) -> Result {
    for name in BUILT {
        let dir = ctx.root.join(EXAMPLES_DIR).join(name);
        let shown = format!("{EXAMPLES_DIR}/{name}");
        let lock =
            modified(&dir.join("package-lock.json")).ok_or_else(|| format!("{shown}/package-lock.json is missing"))?;
        // npm writes node_modules/.package-lock.json on every install.
        let installed = dir.join("node_modules/.package-lock.json");
        if modified(&installed).is_none_or(|t| t < lock) {
            ctx.run(ctx.command("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&dir))?;
        }
        let output = dir.join("dist/index.html");
        let newest = newest_input(&dir);
        match (modified(&output), newest) {
            (Some(built), Some(newest)) if built >= newest => println!("ok {shown}/dist is up to date"),
            _ => {
                ctx.run(ctx.command("npm").args(["run", "build"]).current_dir(&dir))?;
                if !output.is_file() {
                    return Err(format!("`npm run build` in {shown} did not write {shown}/dist/index.html").into());
                }
            }
        }
    }
    Ok(())
}

/// The newest modification time among an example's build inputs: its sources, configuration,
/// lockfile and installed packages.
fn newest_input(dir: &Path) -> Option<SystemTime> {
    let mut files: Vec<PathBuf> =
        ["package.json", "package-lock.json", "index.html", "vite.config.js"].iter().map(|f| dir.join(f)).collect();
    files.push(dir.join("node_modules/.package-lock.json"));
    for sub in ["src", "public"] {
        collect_files(&dir.join(sub), &mut files);
    }
    files.iter().filter_map(|f| modified(f)).max()
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    path.metadata().and_then(|m| m.modified()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mounts() {
        assert_eq!(
            static_mounts(),
            [
                "--static",
                "/examples/plain=examples/plain",
                "--static",
                "/examples/react=examples/react/dist",
                "--static",
                "/examples/vue=examples/vue/dist",
            ]
        );
    }

    #[test]
    fn newest_input_sees_nested_sources() {
        let dir = std::env::temp_dir().join(format!("xtask-examples-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("src/deep")).unwrap();
        std::fs::write(dir.join("package.json"), "{}").unwrap();
        let before = newest_input(&dir).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(dir.join("src/deep/App.vue"), "").unwrap();
        let after = newest_input(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(after > before);
    }
}
