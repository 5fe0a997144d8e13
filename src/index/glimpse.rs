//! A glimpse of the first screen: who the contacts list starts with (the
//! first people by name), so the TUI can draw them before the whole index
//! is read, which at 100,000 people takes half a second. Only the slugs and
//! the count are kept: the files themselves are read again at start, so
//! nothing shown comes from this cache but who to read. Checksummed like
//! every cache; a damaged or missing one only means the first frame waits
//! for the index, as it did before.

use rayon::prelude::*;

use super::{Index, Summary, sealed};
use crate::store::{Result, StoreError, Vault};

const FILE: &str = "glimpse.bin";
const MAGIC: &[u8; 8] = b"TIESGLIM";
const VERSION: u32 = 2;
/// How many people a glimpse names: more than any terminal has rows.
pub const ROWS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Glimpse {
    /// The first people by name, in that order.
    pub slugs: Vec<String>,
    /// How many people the index had.
    pub total: usize,
    /// How many of them the list shows (archived people are not listed).
    pub listed: usize,
}

impl Glimpse {
    /// The first [`ROWS`] people of `index` by name (the TUI's first sort:
    /// folded name, then slug), and how many it lists: archived people are
    /// not in the list a start shows.
    pub fn of(index: &Index) -> Glimpse {
        fn order(a: &&Summary, b: &&Summary) -> std::cmp::Ordering {
            (&a.name_fold, &a.slug).cmp(&(&b.name_fold, &b.slug))
        }
        let mut all: Vec<&Summary> = index.people.iter().filter(|s| !s.archived).collect();
        let listed = all.len();
        if all.len() > ROWS {
            all.select_nth_unstable_by(ROWS, order);
            all.truncate(ROWS);
        }
        all.sort_unstable_by(order);
        Glimpse {
            slugs: all.into_iter().map(|s| s.slug.clone()).collect(),
            total: index.people.len(),
            listed,
        }
    }

    pub fn read(vault: &Vault) -> Option<Glimpse> {
        let content = sealed::read(vault, FILE, MAGIC, VERSION).content()?;
        postcard::from_bytes(&content[..]).ok()
    }

    pub fn write(&self, vault: &Vault) -> Result<()> {
        let bytes = postcard::to_stdvec(self).map_err(|e| StoreError::Refused(e.to_string()))?;
        sealed::write(vault, FILE, MAGIC, VERSION, &[&bytes])
    }

    /// The first `rows` people it names, each read from their file now: an
    /// index of just them (a file gone or not parsing is left out; the
    /// whole index, read next, says why).
    pub fn people(&self, vault: &Vault, rows: usize) -> Index {
        let mut people: Vec<Summary> = self
            .slugs
            .par_iter()
            .take(rows)
            // Only names of files in `people/`: never a path out of it.
            .filter(|slug| Vault::is_person_id(slug))
            .filter_map(|slug| super::summarize(vault, slug).0.ok())
            .collect();
        people.sort_unstable_by(|a, b| a.slug.cmp(&b.slug));
        Index {
            people,
            ..Index::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vault_of(names: &[&str]) -> (tempfile::TempDir, Vault) {
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::create(dir.path()).unwrap();
        for n in names {
            crate::store::write::add_person(
                &vault,
                &crate::store::write::NewPerson {
                    name: n.to_string(),
                    ..Default::default()
                },
            )
            .unwrap();
        }
        (dir, vault)
    }

    #[test]
    fn a_glimpse_names_the_first_people_by_name_and_reads_their_files_afresh() {
        let (_d, vault) = vault_of(&["Zoë Lefèvre", "Ana Lima", "Ben Okri", "Émile Zola"]);
        let index = Index::load(&vault, false, None).unwrap();
        let g = Glimpse::of(&index);
        assert_eq!(
            g.slugs,
            ["ana-lima", "ben-okri", "emile-zola", "zoe-lefevre"]
        );
        assert_eq!((g.total, g.listed), (4, 4));
        g.write(&vault).unwrap();
        assert_eq!(Glimpse::read(&vault), Some(g.clone()));
        // Changed since: the file says what shows, not the glimpse.
        std::fs::write(
            vault.file_of("ben-okri"),
            "name = \"Ben Okri\"\norg = \"Tinubu Press\"\n",
        )
        .unwrap();
        std::fs::remove_file(vault.file_of("emile-zola")).unwrap();
        let shown = g.people(&vault, 3);
        let got: Vec<(&str, Option<&str>)> = shown
            .people
            .iter()
            .map(|s| (s.slug.as_str(), s.org.as_deref()))
            .collect();
        assert_eq!(
            got,
            [("ana-lima", None), ("ben-okri", Some("Tinubu Press"))]
        );
    }

    #[test]
    fn a_damaged_glimpse_is_not_believed() {
        let (_d, vault) = vault_of(&["Ana Lima"]);
        let g = Glimpse::of(&Index::load(&vault, false, None).unwrap());
        g.write(&vault).unwrap();
        let path = vault.state_dir().join(FILE);
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0x20;
        std::fs::write(&path, bytes).unwrap();
        assert_eq!(Glimpse::read(&vault), None);
    }

    #[test]
    fn only_the_first_rows_of_a_big_index_are_kept() {
        let names: Vec<String> = (0..ROWS + 50).rev().map(|i| format!("P{i:04}")).collect();
        let index = Index {
            people: names
                .iter()
                .map(|n| {
                    let p = crate::model::Person {
                        slug: n.to_lowercase(),
                        name: n.clone(),
                        ..Default::default()
                    };
                    Summary::of(&p)
                })
                .collect(),
            ..Index::default()
        };
        let g = Glimpse::of(&index);
        assert_eq!(g.slugs.len(), ROWS);
        assert_eq!(g.slugs[0], "p0000");
        assert_eq!(g.slugs[ROWS - 1], format!("p{:04}", ROWS - 1));
        assert_eq!((g.total, g.listed), (ROWS + 50, ROWS + 50));
    }
}
