//! The command line, declared for clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum, ValueHint};

use super::candidates::{tag, who};

#[derive(Parser, Debug)]
#[command(
    name = "ties",
    version = env!("TIES_VERSION"),
    about = "A relationship journal for the terminal: one plain TOML file per person.",
    after_help = "With no command, ties opens the terminal UI on the vault (press ? there for keys); \
                  when its output is not a terminal, it lists the people instead.\n\
                  Exit status: 0 success, 1 failure (or problems found by `check`, or no match for `search`), 2 bad usage or a WHO that fits several people.\n\
                  WHO is a file name (ana-lima), a name, an alias, or a unique part of one (case and accents ignored).\n\
                  The manual: `ties man`; completions for your shell: `ties completions bash` (zsh, fish...)."
)]
pub struct Cli {
    /// The vault folder (else $TIES_VAULT, else `vault` in the config file).
    #[arg(long, global = true, env = "TIES_VAULT", hide_env_values = true, value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub vault: Option<PathBuf>,
    /// Whether `vault` came from the command line rather than $TIES_VAULT
    /// (set in main from clap's matches): `init` treats the two differently.
    #[arg(skip)]
    pub vault_on_line: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Make a new vault and record it as the default.
    Init {
        /// Where (default: the platform's data folder, e.g. ~/.local/share/ties).
        dir: Option<PathBuf>,
        /// Also make it a git repository.
        #[arg(long)]
        git: bool,
        /// Encrypt private notes in the git remote (as `ties encrypt` does).
        #[arg(long)]
        encrypt: bool,
    },
    /// Add a person; prints the new file's path.
    Add(AddArgs),
    /// Log an interaction: from the arguments, else standard input, else $VISUAL/$EDITOR.
    Log {
        /// Who it was with: a file name (ana-lima), a name, an alias, or a unique part of one.
        #[arg(add = who())]
        who: String,
        /// The note (several words are joined with spaces).
        text: Vec<String>,
        /// call, meeting, email, message, meal, note, or any word.
        #[arg(long, default_value = "call")]
        via: String,
        /// Something to ask next time (repeat for several).
        #[arg(long)]
        ask: Vec<String>,
        /// An open ask this conversation covered, by its number on the prep
        /// sheet (a1, a2...); repeat for several. The others stay open.
        #[arg(long, value_name = "aN")]
        asked: Vec<String>,
        /// Hide this entry in discreet mode.
        #[arg(long)]
        private: bool,
        /// When: 2026-11-20T15:30:00-05:00, "2026-11-20 15:30", 2026-11-20, 15:30, yesterday (default: now).
        #[arg(long, value_name = "DATETIME")]
        at: Option<String>,
        /// Why it happened: problem, request, checkin, social.
        #[arg(long)]
        why: Option<String>,
        /// Someone else who was there (repeat for several): the same note goes
        /// in each file, each naming the others, as one commit. Asks stay WHO's.
        #[arg(add = who(), long, value_name = "WHO")]
        with: Vec<String>,
    },
    /// Add an open loop (a promise, a thing to send); or change or delete one.
    Todo {
        /// Whose todo it is (a file name, a name, or a unique part of one).
        #[arg(add = who())]
        who: String,
        /// What to do.
        #[arg(required_unless_present = "delete")]
        text: Vec<String>,
        /// 2026-11-30, today, tomorrow, friday, +3d, +2w.
        #[arg(long)]
        due: Option<String>,
        /// Change todo N (the number `show` prints) to TEXT; its due date stays unless --due or --no-due.
        #[arg(long, value_name = "N", conflicts_with = "delete")]
        edit: Option<usize>,
        /// With --edit: take the due date away.
        #[arg(long, requires = "edit", conflicts_with = "due")]
        no_due: bool,
        /// Delete todo N (`ties undo` brings it back).
        #[arg(long, value_name = "N", conflicts_with_all = ["text", "due"])]
        delete: Option<usize>,
    },
    /// Mark todo N done, or tick ask aN as asked (the numbers `prep` and `show` print).
    Done {
        /// Whose todo or ask it is.
        #[arg(add = who())]
        who: String,
        /// A todo's number (3), or an ask's (a1).
        #[arg(value_name = "N|aN")]
        n: String,
        /// Open a done todo again instead.
        #[arg(long)]
        reopen: bool,
    },
    /// Link two people: OTHER is WHO's partner, manager, mentor... (written on WHO's file; OTHER's prep sheet shows the inverse).
    Link {
        /// The person whose file gets the link.
        #[arg(add = who())]
        who: String,
        /// The person linked to (they must be in the vault).
        #[arg(add = who())]
        other: String,
        /// What OTHER is to WHO: partner, sibling, colleague, friend (the same both ways);
        /// parent/child, manager/report, mentor/mentee (OTHER's sheet shows the other word);
        /// or any word, shown as written on both sheets.
        #[arg(long = "as", value_name = "LABEL", required_unless_present = "remove")]
        label: Option<String>,
        /// Take the link between them away (from whichever file states it).
        #[arg(long, conflicts_with = "label")]
        remove: bool,
    },
    /// Take the link between two people away (the same as `link WHO OTHER --remove`).
    Unlink {
        /// One of the two.
        #[arg(add = who())]
        who: String,
        /// The other.
        #[arg(add = who())]
        other: String,
    },
    /// Record that you introduced WHO to OTHER, on both files; after
    /// `intro_follow_up` days (config, default 14) `due` says to ask WHO how it went.
    Intro {
        /// The first named: the follow-up is listed under them.
        #[arg(add = who())]
        who: String,
        /// The person you introduced them to.
        #[arg(add = who())]
        other: String,
        /// Why they should meet (kept on both files).
        #[arg(long)]
        why: Option<String>,
    },
    /// Every introduction you made (date, why, followed up or not) and those made
    /// for you (`met = "introduced by @ravi"`); WHO: only those involving them.
    Intros {
        /// Only the introductions involving this person.
        #[arg(add = who())]
        who: Option<String>,
        /// text (one line an introduction) or json.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Take back the last save in this vault (a note, a todo, an edit, a new person); again for the one before.
    Undo,
    /// The prep sheet: what to read before meeting someone.
    Prep {
        /// The people to prepare for; several print one sheet each.
        #[arg(add = who(), required_unless_present = "next")]
        who: Vec<String>,
        /// Everyone in the next meeting of your calendar.
        #[arg(long, conflicts_with = "who")]
        next: bool,
        /// A calendar file or folder (instead of `calendars` in the config); repeatable.
        #[arg(long = "calendar", value_name = "PATH")]
        calendars: Vec<PathBuf>,
        /// text to read, markdown to paste into notes, or json for scripts.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Leave out private entries and [about] facts.
        #[arg(long)]
        discreet: bool,
        /// Look at every file for connections first (slower on big vaults). Without
        /// it, a link another program wrote into someone else's file in place
        /// shows after the next `list`, `search` or TUI start.
        #[arg(long)]
        fresh: bool,
    },
    /// Today's meetings from your calendar, with what to know about each attendee.
    Agenda {
        /// Another day: 2026-11-30, tomorrow, friday, +3d.
        #[arg(long)]
        day: Option<String>,
        /// A calendar file or folder (instead of `calendars` in the config); repeatable.
        #[arg(long = "calendar", value_name = "PATH")]
        calendars: Vec<PathBuf>,
        /// text to read, or json for scripts.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Who needs you: overdue cadences, birthdays and dates, todos falling due.
    Due {
        /// How far ahead to look, in days (default: `due_days` in the config, else 14).
        #[arg(long)]
        days: Option<i64>,
        /// text to read, or json for scripts.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        /// Print a calendar feed (iCalendar) of everything due: birthdays and dates yearly, todos, check-ins, follow-ups; names and reasons only.
        #[arg(long, conflicts_with_all = ["days", "format"])]
        ics: bool,
        /// With --ics: add each person's prep sheet, discreet (no private entries, no [about]).
        #[arg(long, requires = "ics")]
        full: bool,
        /// With --ics: write the feed to FILE, atomically, instead of printing it.
        #[arg(long, value_name = "FILE", requires = "ics")]
        out: Option<PathBuf>,
        /// Show a desktop notification of who is due today (for cron or a systemd timer); exits 0 even when none can be shown.
        #[arg(long, conflicts_with_all = ["ics", "days", "format"])]
        notify: bool,
    },
    /// Put a person away: out of the list, the due list and the agenda; kept in the vault and in git.
    Archive {
        /// The person to put away.
        #[arg(add = who())]
        who: String,
    },
    /// Bring an archived person back.
    Unarchive {
        /// The person to bring back.
        #[arg(add = who())]
        who: String,
    },
    /// Everyone, one line each.
    List {
        /// Only people with this tag.
        #[arg(long, add = tag())]
        tag: Option<String>,
        /// The archived people instead.
        #[arg(long)]
        archived: bool,
        /// text to read, or json for scripts.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        /// The order of the list.
        #[arg(long, value_enum, default_value_t = Sort::Name)]
        sort: Sort,
    },
    /// Search names, aliases, org, tags and note text, best first.
    Search {
        /// What to look for (several words are one query; case and accents ignored).
        #[arg(required = true)]
        query: Vec<String>,
        /// text to read, or json for scripts.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// A person's whole timeline, newest first.
    Show {
        /// The person.
        #[arg(add = who())]
        who: String,
        /// text to read, or json for scripts.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// When each fact about a person was learned or changed, from their file's
    /// git history (a git vault only).
    History {
        /// The person: a slug, a name, or a few letters of one.
        #[arg(add = who())]
        who: String,
        /// Only this fact: org, role, cadence, todos, or an [about] key (family).
        fact: Option<String>,
        /// text (one line a fact) or json (every change with its date and commit).
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Edit a person's file in $VISUAL/$EDITOR; it is checked before it is saved.
    Edit {
        /// The person whose file to edit.
        #[arg(add = who())]
        who: String,
    },
    /// Commit what changed, take in the upstream's changes, push (git).
    Sync,
    /// File each line of inbox.md (`WHO: TEXT`, appended from a phone or
    /// anywhere) on that person's log; lines it cannot place stay, with why.
    Inbox {
        /// Show what would be taken and what would stay, and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// text to read, or json for scripts.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Bring in contacts from a vCard file (2.1, 3.0, 4.0) or a CSV export from
    /// Google Contacts, Outlook or LinkedIn; twice changes nothing.
    Import {
        /// A vCard file (.vcf), or a CSV export from Google Contacts, Outlook or LinkedIn.
        #[arg(value_hint = ValueHint::FilePath)]
        file: PathBuf,
        /// Show what would be added, updated and skipped, and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// text to read, or json for scripts.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Write people as vCard 4.0 (everyone, or WHO...) to standard output.
    Export {
        /// vCard 4.0 (the only format for now).
        #[arg(long, required = true)]
        vcf: bool,
        /// Only these people (default: everyone).
        #[arg(add = who())]
        who: Vec<String>,
    },
    /// A person file with its encrypted values opened, for `git diff` (run
    /// by git as the `diff=ties` textconv; see "Private notes, encrypted").
    #[command(hide = true)]
    Textconv {
        /// The file git hands over.
        file: PathBuf,
    },
    /// Merge one person file three ways (run by git; see `ties sync`).
    #[command(hide = true)]
    MergeDriver {
        base: PathBuf,
        ours: PathBuf,
        theirs: PathBuf,
        /// The file's path in the repository, for messages.
        #[arg(default_value = "the person file")]
        name: String,
    },
    /// Encrypt private notes (their text and asks) with age, for the keys in recipients.txt.
    ///
    /// The first time, lists your SSH keys (~/.ssh/*.pub) as recipients, or
    /// makes an age identity in the config folder when you have none, and
    /// encrypts the private entries already written, in one commit.
    Encrypt {
        /// Add a recipient: an age key (age1...) or an SSH public key (ssh-ed25519 ..., ssh-rsa ...); what this machine can open is encrypted again for everyone listed.
        #[arg(long, value_name = "KEY")]
        add: Vec<String>,
        /// Also encrypt this [about] fact (e.g. health) in every file, from now on; kept in vault.toml.
        #[arg(long, value_name = "FACT")]
        about: Vec<String>,
        /// Remove a recipient (its SSH comment may differ); what this machine can open is encrypted again for the keys left. Old commits stay readable to it.
        #[arg(long, value_name = "KEY", conflicts_with_all = ["add", "rewrap", "about"])]
        remove: Vec<String>,
        /// Encrypt again, for every key in recipients.txt, the private values this machine can open (after a key was added or removed on a machine that could not open them all).
        #[arg(long, conflicts_with_all = ["add", "about"])]
        rewrap: bool,
        /// With --remove: remove it even when no key left is one this machine has (it then cannot read what it writes).
        #[arg(long, requires = "remove")]
        force: bool,
    },
    /// Check every file in the vault; exits 1 if any has a problem.
    Check {
        /// text to read, or json for scripts.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Copy the demo vault to a temporary folder and open it; the copy is
    /// removed when ties exits.
    Demo {
        /// Print a prep sheet from the demo instead of opening it.
        #[arg(long)]
        print: bool,
        /// Keep the copy when ties exits, and say where it is.
        #[arg(long)]
        keep: bool,
    },
    /// Print the code that makes SHELL complete ties's commands, options and
    /// people (e.g. `source <(ties completions bash)` in ~/.bashrc; README).
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the man page (`ties man | man -l -`), or write one page per command.
    Man {
        /// Write ties.1 and a page per command (ties-log.1...) into DIR instead,
        /// e.g. ~/.local/share/man/man1.
        #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
        out: Option<PathBuf>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

impl Shell {
    /// The name clap_complete knows the shell by.
    pub fn name(self) -> &'static str {
        match self {
            Shell::Bash => "bash",
            Shell::Zsh => "zsh",
            Shell::Fish => "fish",
            Shell::Elvish => "elvish",
            Shell::Powershell => "powershell",
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// For reading in the terminal.
    Text,
    /// For pasting into notes.
    Markdown,
    /// For scripts: one JSON document.
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
    /// For reading in the terminal.
    Text,
    /// For scripts: one JSON document.
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    /// By name.
    Name,
    /// Most recent contact first.
    Last,
    /// Most overdue first.
    Due,
}

#[derive(Args, Debug)]
pub struct AddArgs {
    /// Full name, e.g. "Ana Lima".
    pub name: String,
    /// Where they work, e.g. "Example Corp".
    #[arg(long)]
    pub org: Option<String>,
    /// Their role there, e.g. "Head of Finance".
    #[arg(long)]
    pub role: Option<String>,
    /// An e-mail address (repeat for several).
    #[arg(long)]
    pub email: Vec<String>,
    /// A phone number (repeat for several).
    #[arg(long)]
    pub phone: Vec<String>,
    /// A tag, e.g. client (repeat for several).
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    /// Keep in touch every N d/w/m/y, e.g. 30d.
    #[arg(long)]
    pub cadence: Option<String>,
    /// 1980-03-14, or --03-14 when the year is not known.
    #[arg(long, allow_hyphen_values = true)]
    pub birthday: Option<String>,
}

impl From<AddArgs> for ties::store::write::NewPerson {
    fn from(a: AddArgs) -> Self {
        let AddArgs {
            name,
            org,
            role,
            email,
            phone,
            tags,
            cadence,
            birthday,
        } = a;
        ties::store::write::NewPerson {
            name,
            org,
            role,
            email,
            phone,
            tags,
            cadence,
            birthday,
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Every argument of every command says what it is for in `--help`.
    #[test]
    fn every_argument_is_described() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if arg.is_hide_set() || id == "help" || id == "version" {
                    continue;
                }
                if arg.get_help().is_none() && arg.get_long_help().is_none() {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
                if sub.get_about().is_none() {
                    missing.push(format!("{path} {} (the command)", sub.get_name()));
                }
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&super::Cli::command(), "ties", &mut missing);
        assert!(missing.is_empty(), "no description: {missing:#?}");
    }
}
