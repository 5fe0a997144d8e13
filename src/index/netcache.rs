//! The connections cache `.ties/index-net.bin` on disk: written by the index
//! after each full look at the folder, read by [`crate::network::Cached`].
//! Kept here, beside the index, so the index never depends on the network.

use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::Summary;
use super::sealed::{self, Content};
use crate::store::{Problem, Result, Stamp, StoreError, Vault};

/// Inside its [`sealed`] header: the [`Header`]'s length (u32 LE), the
/// header, the offsets (u64 LE, from the start of the content) of the person
/// records then of the org records, then the records.
const FILE: &str = "index-net.bin";
const MAGIC: &[u8; 8] = b"TIESNETW";
/// Bump when the layout changes: an old cache is then ignored and rewritten.
const VERSION: u32 = 3;
/// How long after the folder's last change its stamp can be trusted. A change
/// in the same clock tick as the stamp would leave it equal; 2 s covers the
/// coarsest timestamps (FAT, some network filesystems).
const SETTLE_NS: i64 = 2_000_000_000;

#[derive(Serialize, Deserialize)]
pub(crate) struct Header {
    /// The `people/` folder's stamp, taken before its files were listed.
    pub(crate) folder: Stamp,
    /// When that stamp was taken (wall clock, ns since the epoch).
    pub(crate) taken_ns: i64,
    pub(crate) people: u32,
    pub(crate) orgs: u32,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct PersonRec<'a> {
    pub(crate) slug: &'a str,
    pub(crate) stamp: Stamp,
    /// `None` when the file did not parse.
    pub(crate) name: Option<&'a str>,
    /// Positions of the people whose notes link here.
    pub(crate) backlinks: Vec<u32>,
    /// Positions of the people whose `[links]` name this person, and the
    /// label they wrote.
    #[serde(borrow)]
    pub(crate) related_by: Vec<(u32, &'a str)>,
    /// Positions of the people this person introduced you to.
    pub(crate) introduced: Vec<u32>,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct OrgRec<'a> {
    pub(crate) org: &'a str,
    pub(crate) members: Vec<u32>,
}

/// The `people/` folder's stamp and the moment it was taken: call before
/// listing the folder, and hand both to [`write`] with what the listing found.
pub fn folder_stamp(vault: &Vault) -> Result<(Stamp, i64)> {
    let dir = vault.people_dir();
    let meta = std::fs::metadata(&dir).map_err(StoreError::io("look at the folder", &dir))?;
    Ok((Stamp::of(&meta), now_ns()))
}

fn now_ns() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Whether a change right after the stamp was taken could have left it equal:
/// a change sets both times to the current tick, so only when both are recent.
pub(crate) fn unsettled(folder: &Stamp, taken_ns: i64) -> bool {
    folder
        .mtime_ns
        .min(folder.ctime_ns)
        .saturating_add(SETTLE_NS)
        > taken_ns
}

/// The cache read whole and checked, its header, and where the header ends.
pub(crate) fn read_checked(vault: &Vault) -> Option<(Content, Header, usize)> {
    let content = sealed::read(vault, FILE, MAGIC, VERSION).content()?;
    let len = u32::from_le_bytes(content.get(..4)?.try_into().ok()?) as usize;
    let end = 4usize.checked_add(len)?;
    let h: Header = postcard::from_bytes(content.get(4..end)?).ok()?;
    Some((content, h, end))
}

/// Whether the cache on disk would not be trusted for this folder stamp, so a
/// full look at the folder should write it again. The whole file is checked,
/// not just its header, so a damaged one is written again.
pub fn needs_write(vault: &Vault, folder: &Stamp) -> bool {
    match read_checked(vault) {
        Some((_, h, _)) => h.folder != *folder || unsettled(&h.folder, h.taken_ns),
        None => true,
    }
}

pub(crate) type Entry = (String, Stamp, std::result::Result<Summary, Problem>);

/// Writes the cache from a full look at the folder (entries sorted by slug).
pub fn write(vault: &Vault, folder: Stamp, taken_ns: i64, entries: &[Entry]) -> Result<()> {
    let pos = |slug: &str| entries.binary_search_by(|e| e.0.as_str().cmp(slug)).ok();
    let mut backlinks: Vec<Vec<u32>> = vec![Vec::new(); entries.len()];
    let mut related_by: Vec<Vec<(u32, &str)>> = vec![Vec::new(); entries.len()];
    let mut introduced: Vec<Vec<u32>> = vec![Vec::new(); entries.len()];
    let mut orgs: Vec<(&str, u32)> = Vec::new();
    for (i, (_, _, body)) in entries.iter().enumerate() {
        let Ok(s) = body else { continue };
        for l in &s.links {
            if let Some(j) = pos(l) {
                backlinks[j].push(i as u32);
            }
        }
        for (l, label) in &s.relations {
            if let Some(j) = pos(l) {
                related_by[j].push((i as u32, label.as_str()));
            }
        }
        if let Some(j) = s.introduced_by.as_deref().and_then(pos) {
            introduced[j].push(i as u32);
        }
        if !s.org_fold.is_empty() {
            orgs.push((&s.org_fold, i as u32));
        }
    }
    orgs.sort_unstable();
    let mut org_recs: Vec<OrgRec<'_>> = Vec::new();
    for (org, i) in orgs {
        match org_recs.last_mut() {
            Some(r) if r.org == org => r.members.push(i),
            _ => org_recs.push(OrgRec {
                org,
                members: vec![i],
            }),
        }
    }

    let fail = |e: postcard::Error| StoreError::Refused(e.to_string());
    let header = postcard::to_stdvec(&Header {
        folder,
        taken_ns,
        people: entries.len() as u32,
        orgs: org_recs.len() as u32,
    })
    .map_err(fail)?;
    let tables = 4 + header.len() + 8 * (entries.len() + org_recs.len());
    let mut offsets: Vec<u8> = Vec::with_capacity(tables - 4 - header.len());
    let mut records: Vec<u8> = Vec::new();
    let extra = related_by.into_iter().zip(introduced);
    for (((slug, stamp, body), back), (related_by, introduced)) in
        entries.iter().zip(backlinks).zip(extra)
    {
        offsets.extend_from_slice(&((tables + records.len()) as u64).to_le_bytes());
        let rec = PersonRec {
            slug,
            stamp: *stamp,
            name: body.as_ref().ok().map(|s| s.name.as_str()),
            backlinks: back,
            related_by,
            introduced,
        };
        records = postcard::to_extend(&rec, records).map_err(fail)?;
    }
    for rec in &org_recs {
        offsets.extend_from_slice(&((tables + records.len()) as u64).to_le_bytes());
        records = postcard::to_extend(rec, records).map_err(fail)?;
    }
    let len = (header.len() as u32).to_le_bytes();
    sealed::write(
        vault,
        FILE,
        MAGIC,
        VERSION,
        &[&len, &header, &offsets, &records],
    )?;
    // The cache this one replaced, from before it was split per person.
    let _ = std::fs::remove_file(vault.state_dir().join("index-graph.bin"));
    Ok(())
}
