//! Who is connected to whom, for the prep sheet: people a person's notes link
//! to, people met together, people whose notes link to them, and people at
//! the same org.
//!
//! Two sources answer the same three questions through [`Network`], so the
//! prep pane and `ties prep` can never disagree: the loaded index (the TUI,
//! `agenda`), and a small cache under `.ties/` that `ties prep` reads without
//! looking at every file, which keeps it flat at any vault size.
//!
//! The cache is trusted only while the `people/` folder itself is unchanged
//! (any file created, deleted or renamed in, as ties, git and most editors
//! do, changes it) and while every file an answer names still has the stamp it
//! had. One change escapes both checks: another program rewriting some other
//! person's file in place so that it now links here or joins this org. That
//! shows after the next full look at the folder (`list`, `search`, `due`, the
//! TUI), or at once with `ties prep --fresh`.

use std::convert::Infallible;
use std::path::PathBuf;

use serde::Deserialize;

use crate::index::netcache::{OrgRec, PersonRec, folder_stamp, read_checked, unsettled};
use crate::index::sealed::Content;
use crate::index::{Index, Summary};
use crate::model::Person;
use crate::prep::{Connection, INTRO_MADE, INTRO_RECEIVED};
use crate::store::{Result, Stamp, Vault};

/// The three questions connections need answered.
pub trait Network {
    type Error;
    /// The name of the person with this slug, if their file parses.
    fn name_of(&self, slug: &str) -> std::result::Result<Option<String>, Self::Error>;
    /// (slug, name) of everyone whose notes link to `slug`, by slug.
    fn linking_to(&self, slug: &str) -> std::result::Result<Vec<(String, String)>, Self::Error>;
    /// (slug, name) of everyone whose folded org is `org`, by slug.
    fn in_org(&self, org: &str) -> std::result::Result<Vec<(String, String)>, Self::Error>;
    /// (slug, name, label) of everyone whose `[relationships]` name `slug`, by slug.
    fn related_to(&self, slug: &str) -> std::result::Result<Vec<Related>, Self::Error>;
    /// (slug, name) of everyone `slug` introduced you to (their `met` says
    /// "introduced by @slug"), by slug.
    fn introduced_by(&self, slug: &str) -> std::result::Result<Vec<(String, String)>, Self::Error>;
}

/// Someone whose `[relationships]` name a person: slug, name, the label they wrote.
pub type Related = (String, String, String);

/// Where a connection goes on the sheet: typed links first, then people
/// met together, then the same org, then mentions and anything else. Stable,
/// so each group keeps the order it was found in.
pub fn rank(c: &Connection) -> u8 {
    if c.relation.is_some() {
        0
    } else if c.why.contains(MET_TOGETHER) {
        1
    } else if c.why.contains(SAME_ORG) {
        2
    } else {
        3
    }
}

/// The reasons the sheet groups by.
pub const SAME_ORG: &str = "same org";
pub const MET_TOGETHER: &str = "met together";

/// The prep sheet's connections: typed links (this file's, then other
/// files' about this person, inverted), introductions, people linked from
/// here, people who link here, the same org; one entry per person, reasons
/// joined; then grouped by [`rank`].
pub fn connections<N: Network + ?Sized>(
    p: &Person,
    net: &N,
) -> std::result::Result<Vec<Connection>, N::Error> {
    let mut out: Vec<Connection> = Vec::new();
    // Stated on both files, a link shows once, as this file says it.
    let relate = |out: &mut Vec<Connection>, slug: String, name: String, label: String| {
        if slug != p.slug && !out.iter().any(|c| c.slug == slug) {
            out.push(Connection {
                slug,
                name,
                why: label.clone(),
                relation: Some(label),
            });
        }
    };
    for (slug, label) in &p.relations {
        if let Some(name) = net.name_of(slug)? {
            relate(&mut out, slug.clone(), name, label.clone());
        }
    }
    for (slug, name, label) in net.related_to(&p.slug)? {
        relate(&mut out, slug, name, crate::model::inverse_label(&label));
    }
    let mut add = |slug: String, name: String, why: &str| {
        if slug == p.slug {
            return;
        }
        match out.iter_mut().find(|c| c.slug == slug) {
            Some(c) if !c.why.contains(why) => c.why = format!("{}; {why}", c.why),
            Some(_) => {}
            None => out.push(Connection {
                slug,
                name,
                why: why.into(),
                relation: None,
            }),
        }
    };
    for i in &p.intros {
        if let Some(name) = net.name_of(&i.with)? {
            add(i.with.clone(), name, INTRO_MADE);
        }
    }
    for (slug, name) in net.introduced_by(&p.slug)? {
        add(slug, name, INTRO_RECEIVED);
    }
    for l in p.links() {
        if let Some(name) = net.name_of(&l)? {
            add(l, name, "mentioned here");
        }
    }
    // People met together, the latest meeting first; a private entry does
    // not say who was there.
    let mut met = std::collections::HashSet::new();
    for e in p.log.iter().rev().filter(|e| !e.private) {
        for w in &e.with {
            if met.insert(w.as_str())
                && let Some(name) = net.name_of(w)?
            {
                add(w.clone(), name, MET_TOGETHER);
            }
        }
    }
    for (slug, name) in net.linking_to(&p.slug)? {
        add(slug, name, "mentions them");
    }
    let org = p.org.as_deref().map(crate::fold::fold).unwrap_or_default();
    let org = org.trim();
    if !org.is_empty() {
        for (slug, name) in net.in_org(org)? {
            add(slug, name, SAME_ORG);
        }
    }
    out.sort_by_key(rank);
    Ok(out)
}

/// Connections among people already loaded (sorted by slug, as the index is).
pub fn among(p: &Person, people: &[Summary]) -> Vec<Connection> {
    let Ok(c) = connections(p, people);
    c
}

impl Network for [Summary] {
    type Error = Infallible;

    fn name_of(&self, slug: &str) -> std::result::Result<Option<String>, Infallible> {
        Ok(self
            .binary_search_by(|s| s.slug.as_str().cmp(slug))
            .ok()
            .map(|i| self[i].name.clone()))
    }

    fn linking_to(&self, slug: &str) -> std::result::Result<Vec<(String, String)>, Infallible> {
        Ok(self
            .iter()
            .filter(|s| s.links.iter().any(|l| l == slug))
            .map(|s| (s.slug.clone(), s.name.clone()))
            .collect())
    }

    fn in_org(&self, org: &str) -> std::result::Result<Vec<(String, String)>, Infallible> {
        Ok(self
            .iter()
            .filter(|s| s.org_fold == org)
            .map(|s| (s.slug.clone(), s.name.clone()))
            .collect())
    }

    fn related_to(&self, slug: &str) -> std::result::Result<Vec<Related>, Infallible> {
        Ok(self
            .iter()
            .filter_map(|s| {
                let (_, label) = s.relations.iter().find(|(l, _)| l == slug)?;
                Some((s.slug.clone(), s.name.clone(), label.clone()))
            })
            .collect())
    }

    fn introduced_by(&self, slug: &str) -> std::result::Result<Vec<(String, String)>, Infallible> {
        Ok(self
            .iter()
            .filter(|s| s.introduced_by.as_deref() == Some(slug))
            .map(|s| (s.slug.clone(), s.name.clone()))
            .collect())
    }
}

/// Who links to each slug and who is at each org, among people already
/// loaded: built once per index load (the TUI), so a prep sheet costs what
/// its connections cost instead of a pass over everyone (100,000 people:
/// 3.5 ms a selection move before, most of it that pass).
#[derive(Debug, Default)]
pub struct Lookup {
    by_link: std::collections::HashMap<String, Vec<u32>>,
    by_org: std::collections::HashMap<String, Vec<u32>>,
    by_relation: std::collections::HashMap<String, Vec<u32>>,
    by_introducer: std::collections::HashMap<String, Vec<u32>>,
}

impl Lookup {
    /// `people` sorted by slug, as the index keeps them; each list keeps
    /// that order, as [`among`] answers.
    pub fn of(people: &[Summary]) -> Lookup {
        let mut l = Lookup::default();
        for (i, s) in people.iter().enumerate() {
            let i = i as u32;
            for link in &s.links {
                let at = l.by_link.entry(link.clone()).or_default();
                if at.last() != Some(&i) {
                    at.push(i);
                }
            }
            if !s.org_fold.is_empty() {
                l.by_org.entry(s.org_fold.clone()).or_default().push(i);
            }
            for (slug, _) in &s.relations {
                let at = l.by_relation.entry(slug.clone()).or_default();
                if at.last() != Some(&i) {
                    at.push(i);
                }
            }
            if let Some(by) = &s.introduced_by {
                l.by_introducer.entry(by.clone()).or_default().push(i);
            }
        }
        l
    }
}

struct Indexed<'a> {
    people: &'a [Summary],
    lookup: &'a Lookup,
}

impl Indexed<'_> {
    fn named(&self, at: Option<&Vec<u32>>) -> Vec<(String, String)> {
        at.into_iter()
            .flatten()
            .filter_map(|&i| self.people.get(i as usize))
            .map(|s| (s.slug.clone(), s.name.clone()))
            .collect()
    }
}

impl Network for Indexed<'_> {
    type Error = Infallible;

    fn name_of(&self, slug: &str) -> std::result::Result<Option<String>, Infallible> {
        self.people.name_of(slug)
    }

    fn linking_to(&self, slug: &str) -> std::result::Result<Vec<(String, String)>, Infallible> {
        Ok(self.named(self.lookup.by_link.get(slug)))
    }

    fn in_org(&self, org: &str) -> std::result::Result<Vec<(String, String)>, Infallible> {
        Ok(self.named(self.lookup.by_org.get(org)))
    }

    fn related_to(&self, slug: &str) -> std::result::Result<Vec<Related>, Infallible> {
        Ok(self
            .lookup
            .by_relation
            .get(slug)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.people.get(i as usize))
            .filter_map(|s| {
                let (_, label) = s.relations.iter().find(|(l, _)| l == slug)?;
                Some((s.slug.clone(), s.name.clone(), label.clone()))
            })
            .collect())
    }

    fn introduced_by(&self, slug: &str) -> std::result::Result<Vec<(String, String)>, Infallible> {
        Ok(self.named(self.lookup.by_introducer.get(slug)))
    }
}

/// The same answer as [`among`], through a [`Lookup`] of those people.
pub fn among_indexed(p: &Person, people: &[Summary], lookup: &Lookup) -> Vec<Connection> {
    let Ok(c) = connections(p, &Indexed { people, lookup });
    c
}

/// Connections for one or more prep sheets: from the cache while it holds,
/// from the whole index (which also rewrites the cache) once it does not.
pub struct Connections<'v> {
    vault: &'v Vault,
    cached: Option<Cached>,
    index: Option<Index>,
}

impl<'v> Connections<'v> {
    /// Opens the cache if the folder is unchanged since it was written.
    pub fn open(vault: &'v Vault) -> Connections<'v> {
        Connections {
            vault,
            cached: Cached::open(vault),
            index: None,
        }
    }

    /// Looks at every file first, for when an in-place edit must show.
    pub fn fresh(vault: &'v Vault) -> Result<Connections<'v>> {
        Ok(Connections {
            vault,
            cached: None,
            index: Some(Index::load(vault, false, None)?),
        })
    }

    pub fn of(&mut self, p: &Person) -> Result<Vec<Connection>> {
        if self.index.is_none() {
            if let Some(c) = &self.cached
                && let Ok(found) = connections(p, c)
            {
                return Ok(found);
            }
            self.cached = None;
        }
        let index = match self.index.take() {
            Some(i) => i,
            None => Index::load(self.vault, false, None)?,
        };
        let found = among(p, &index.people);
        self.index = Some(index);
        Ok(found)
    }

    /// Whether answers so far came from the cache alone.
    pub fn from_cache(&self) -> bool {
        self.index.is_none() && self.cached.is_some()
    }
}

/// The answer may be out of date: look at the whole folder instead.
#[derive(Debug)]
pub struct Stale;

/// The cache, read and checked whole (about 80 bytes a person); lookups
/// decode only the records they touch.
pub struct Cached {
    bytes: Content,
    people_at: usize,
    people: usize,
    orgs_at: usize,
    orgs: usize,
    dir: PathBuf,
}

impl Cached {
    /// `None` when the cache is missing, damaged or old, or when the folder
    /// changed (or may have) since it was written.
    pub fn open(vault: &Vault) -> Option<Cached> {
        let (bytes, h, end) = read_checked(vault)?;
        let (folder, _) = folder_stamp(vault).ok()?;
        if h.folder != folder || unsettled(&h.folder, h.taken_ns) {
            return None;
        }
        let (people, orgs) = (h.people as usize, h.orgs as usize);
        let tables = end.checked_add(people.checked_add(orgs)?.checked_mul(8)?)?;
        (tables <= bytes.len()).then_some(Cached {
            bytes,
            people_at: end,
            people,
            orgs_at: end + 8 * people,
            orgs,
            dir: vault.people_dir(),
        })
    }

    fn offset(&self, table: usize, i: usize) -> std::result::Result<usize, Stale> {
        let at = table + 8 * i;
        let raw = self.bytes.get(at..at + 8).ok_or(Stale)?;
        usize::try_from(u64::from_le_bytes(raw.try_into().map_err(|_| Stale)?)).map_err(|_| Stale)
    }

    fn decode<'a, T: Deserialize<'a>>(
        &'a self,
        table: usize,
        i: usize,
    ) -> std::result::Result<T, Stale> {
        let bytes = self.bytes.get(self.offset(table, i)?..).ok_or(Stale)?;
        postcard::take_from_bytes(bytes)
            .map(|(v, _)| v)
            .map_err(|_| Stale)
    }

    /// Binary search on the first field (a string) of a sorted table.
    fn find(
        &self,
        table: usize,
        len: usize,
        key: &str,
    ) -> std::result::Result<Option<usize>, Stale> {
        let (mut lo, mut hi) = (0, len);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let k: &str = self.decode(table, mid)?;
            match k.cmp(key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Ok(Some(mid)),
            }
        }
        Ok(None)
    }

    /// A person's record, once their file is checked to be as it was.
    fn checked(&self, i: usize) -> std::result::Result<PersonRec<'_>, Stale> {
        let rec: PersonRec<'_> = self.decode(self.people_at, i)?;
        if !Vault::is_person_id(rec.slug) {
            return Err(Stale);
        }
        let path = self.dir.join(format!("{}.toml", rec.slug));
        match std::fs::metadata(path) {
            Ok(m) if Stamp::of(&m) == rec.stamp => Ok(rec),
            _ => Err(Stale),
        }
    }

    fn named(&self, at: &[u32]) -> std::result::Result<Vec<(String, String)>, Stale> {
        at.iter()
            .map(|&i| {
                let rec = self.checked(i as usize)?;
                let name = rec.name.ok_or(Stale)?;
                Ok((rec.slug.to_string(), name.to_string()))
            })
            .collect()
    }
}

impl Network for Cached {
    type Error = Stale;

    fn name_of(&self, slug: &str) -> std::result::Result<Option<String>, Stale> {
        // Not found: no such file, as the folder is unchanged.
        match self.find(self.people_at, self.people, slug)? {
            Some(i) => Ok(self.checked(i)?.name.map(str::to_string)),
            None => Ok(None),
        }
    }

    fn linking_to(&self, slug: &str) -> std::result::Result<Vec<(String, String)>, Stale> {
        let i = self.find(self.people_at, self.people, slug)?.ok_or(Stale)?;
        let rec: PersonRec<'_> = self.decode(self.people_at, i)?;
        self.named(&rec.backlinks)
    }

    fn in_org(&self, org: &str) -> std::result::Result<Vec<(String, String)>, Stale> {
        match self.find(self.orgs_at, self.orgs, org)? {
            Some(i) => {
                let rec: OrgRec<'_> = self.decode(self.orgs_at, i)?;
                self.named(&rec.members)
            }
            None => Ok(Vec::new()),
        }
    }

    fn related_to(&self, slug: &str) -> std::result::Result<Vec<Related>, Stale> {
        let i = self.find(self.people_at, self.people, slug)?.ok_or(Stale)?;
        let rec: PersonRec<'_> = self.decode(self.people_at, i)?;
        rec.related_by
            .iter()
            .map(|&(j, label)| {
                let other = self.checked(j as usize)?;
                let name = other.name.ok_or(Stale)?;
                Ok((other.slug.to_string(), name.to_string(), label.to_string()))
            })
            .collect()
    }

    fn introduced_by(&self, slug: &str) -> std::result::Result<Vec<(String, String)>, Stale> {
        let i = self.find(self.people_at, self.people, slug)?.ok_or(Stale)?;
        let rec: PersonRec<'_> = self.decode(self.people_at, i)?;
        self.named(&rec.introduced)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The lookup answers exactly what a pass over everyone answers:
        /// the same people, reasons and order.
        #[test]
        fn the_lookup_agrees_with_a_pass_over_everyone(
            people in proptest::collection::vec(
                (0..3usize, proptest::collection::vec(0..12usize, 0..4)),
                1..12,
            ),
            who in 0..12usize,
        ) {
            let orgs = ["", "Acme", "acme ", "Beta"];
            let persons: Vec<Person> = people
                .iter()
                .enumerate()
                .map(|(i, (org, links))| {
                    let text: Vec<String> = links.iter().map(|l| format!("see @p{l:02}")).collect();
                    let mut file = format!("name = \"P {i}\"\norg = \"{}\"\n", orgs[*org]);
                    for t in text {
                        file.push_str(&format!("[[log]]\nat = 2026-11-01\nvia = \"call\"\ntext = \"{t}\"\n"));
                    }
                    crate::store::parse_loaded(&format!("p{i:02}"), file.as_bytes()).unwrap().person
                })
                .collect();
            let mut summaries: Vec<Summary> = persons.iter().map(Summary::of).collect();
            summaries.sort_by(|a, b| a.slug.cmp(&b.slug));
            let lookup = Lookup::of(&summaries);
            let p = &persons[who % persons.len()];
            prop_assert_eq!(among_indexed(p, &summaries, &lookup), among(p, &summaries));
        }
    }
}
