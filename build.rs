//! Embeds the demo vault (`assets/demo/people/*.toml`) in the binary, so
//! `ties demo` works from an installed binary with no source tree around;
//! and names the commit it was built from, for `ties --version`.

use std::fmt::Write;
use std::path::Path;
use std::process::Command;

fn main() {
    version();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/people");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("assets/demo/people exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut out = String::from(
        "/// The demo vault: (file name, contents).\npub const DEMO_FILES: &[(&str, &str)] = &[\n",
    );
    for f in files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f.file_name().unwrap().to_str().unwrap();
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            f.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("demo_files.rs");
    std::fs::write(dest, out).unwrap();
}

/// `TIES_VERSION`: the package version, and the commit with its date when
/// built from a git checkout of this project (not from a tarball, and not
/// from someone else's repository that happens to hold the source).
/// `TIES_BUILD_DATE`: that commit's date, for the man page ("" without).
fn version() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .ok()?;
        let s = String::from_utf8(out.stdout).ok()?.trim().to_string();
        (out.status.success() && !s.is_empty()).then_some(s)
    };
    let ours = git(&["rev-parse", "--show-toplevel"])
        .and_then(|top| std::fs::canonicalize(top).ok())
        .zip(std::fs::canonicalize(dir).ok())
        .is_some_and(|(top, dir)| top == dir);
    let commit = ours
        .then(|| git(&["log", "-1", "--format=%h %cs"]))
        .flatten();
    let pkg = env!("CARGO_PKG_VERSION");
    match &commit {
        Some(c) => {
            println!("cargo:rustc-env=TIES_VERSION={pkg} ({c})");
            let date = c.split(' ').nth(1).unwrap_or("");
            println!("cargo:rustc-env=TIES_BUILD_DATE={date}");
            // Build again when HEAD moves: HEAD itself (a checkout), the
            // branch it names (a commit), packed refs. Only files that
            // exist: a missing one would make every build run this again.
            let mut watch = vec!["HEAD".to_string(), "packed-refs".to_string()];
            watch.extend(git(&["symbolic-ref", "-q", "HEAD"]));
            for w in watch {
                if let Some(p) = git(&["rev-parse", "--path-format=absolute", "--git-path", &w])
                    && Path::new(&p).exists()
                {
                    println!("cargo:rerun-if-changed={p}");
                }
            }
        }
        None => {
            println!("cargo:rustc-env=TIES_VERSION={pkg}");
            println!("cargo:rustc-env=TIES_BUILD_DATE=");
        }
    }
}
