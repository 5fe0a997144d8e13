//! Promises the README makes that no other test checks: times in your own
//! zone across daylight saving, one commit per save holding only that
//! person's file, `ties init` on a clone, and fsync before and after rename.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Env, out};

/// New York's rule spelled out (POSIX), so the test needs no tz database.
const NEW_YORK_RULE: &str = "EST5EDT,M3.2.0,M11.1.0";

/// The zones to try: the rule, and the named zone when the system has it.
fn new_york_zones() -> Vec<&'static str> {
    let mut zones = vec![NEW_YORK_RULE];
    if Path::new("/usr/share/zoneinfo/America/New_York").exists() {
        zones.push("America/New_York");
    } else {
        eprintln!("SKIPPED: America/New_York (no tz database here); tried {NEW_YORK_RULE} only");
    }
    zones
}

fn ties_in(env: &Env, tz: &str, args: &[&str]) -> String {
    let (code, stdout, stderr) = out(env.cmd(args).env("TZ", tz).output().unwrap());
    assert_eq!(code, 0, "TZ={tz} ties {args:?}: {stderr}");
    stdout
}

#[test]
fn a_summer_time_typed_in_november_gets_the_summer_offset_and_shows_as_typed() {
    for tz in new_york_zones() {
        let env = Env::new();
        env.write("ana", "name = \"Ana\"\n");
        // TIES_NOW is 2026-11-23, after the clocks went back on 1 November.
        ties_in(
            &env,
            tz,
            &["log", "ana", "July", "--at", "2026-07-01 15:30"],
        );
        ties_in(
            &env,
            tz,
            &["log", "ana", "January", "--at", "2026-01-15 15:30"],
        );
        ties_in(&env, tz, &["log", "ana", "This morning", "--at", "08:15"]);
        let file = env.read("ana");
        assert!(
            file.contains("at = 2026-07-01T15:30:00-04:00"),
            "TZ={tz}:\n{file}"
        );
        assert!(
            file.contains("at = 2026-01-15T15:30:00-05:00"),
            "TZ={tz}:\n{file}"
        );
        assert!(
            file.contains("at = 2026-11-23T08:15:00-05:00"),
            "TZ={tz}:\n{file}"
        );
        // Shown on the wall clock they were typed on.
        let show = ties_in(&env, tz, &["show", "ana"]);
        for when in ["2026-07-01 15:30", "2026-01-15 15:30", "2026-11-23 08:15"] {
            assert!(show.contains(when), "TZ={tz}: no {when}:\n{show}");
        }
    }
}

#[test]
fn ties_now_fixes_the_instant_and_the_zone_is_still_the_systems() {
    let env = Env::new();
    env.write("ana", "name = \"Ana\"\n");
    // TIES_NOW is 09:00 in New York: 14:00 in Lisbon, on winter time then.
    ties_in(&env, "WET0WEST,M3.5.0/1,M10.5.0", &["log", "ana", "Now"]);
    ties_in(
        &env,
        "WET0WEST,M3.5.0/1,M10.5.0",
        &["log", "ana", "Summer", "--at", "2026-07-01 15:30"],
    );
    let file = env.read("ana");
    assert!(file.contains("at = 2026-11-23T14:00:00+00:00"), "{file}");
    assert!(file.contains("at = 2026-07-01T15:30:00+01:00"), "{file}");
}
