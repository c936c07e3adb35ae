//! One organization at a time: a person who appears in several organizations
//! evaluated together counts only for the one they associated with last (on
//! a tie, the first in the batch); the others are severed.
//!
//! Built in the batch's first pass from a quick lexical look at each
//! organization. It keeps, per person listed, a 128-bit hash of the id, the
//! association time and the organization's position — so memory grows with
//! the people, not with the facts — and after that pass only the people
//! listed by more than one organization.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;

use super::in_chunks;
use crate::evaluate::{Severance, SeveredBy};
use crate::facts::{self, FactReader, Input, Organization};

/// Who keeps each person listed by more than one organization: the one
/// they associated with last; on a tie, the first in the batch.
#[derive(Debug, Default)]
pub struct PeopleIndex {
    /// One entry per (person, organization) until `settle`.
    entries: Vec<Entry>,
    /// Person (by hash) → the organization that keeps them, for people listed more than once.
    keepers: HashMap<u128, Keeper>,
    /// Organization ids by position, packed.
    ids: String,
    id_ends: Vec<u32>,
    pub(super) organizations: usize,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    person: u128,
    associated: i64,
    position: u32,
}

#[derive(Debug, Clone, Copy)]
struct Keeper {
    position: u32,
    associated: i64,
}

impl PeopleIndex {
    /// The first pass: a quick look at every organization of the input.
    /// Problems of files are left for the second pass to report, in order.
    pub(super) fn build(input: &Input) -> PeopleIndex {
        let mut index = PeopleIndex::default();
        in_chunks(FactReader::new(input), &mut |chunk| {
            let seen: Vec<Option<facts::people::PeopleOf>> = chunk
                .par_iter()
                .map(|item| {
                    item.as_ref()
                        .ok()
                        .map(|text| facts::people::people_of(text.source.text(), text.format))
                })
                .collect();
            for (item, seen) in chunk.into_iter().zip(seen) {
                match (item, seen) {
                    (Ok(text), Some(seen)) => {
                        let people = seen.people.iter().map(|(id, at)| (id.as_str(), *at));
                        index.add(text.position, seen.org.as_deref().unwrap_or(""), people);
                        index.organizations = text.position + 1;
                    }
                    (Err(_), _) | (Ok(_), None) => {}
                }
            }
        });
        index.settle();
        index
    }

    fn add<'a>(
        &mut self,
        position: usize,
        org: &str,
        people: impl Iterator<Item = (&'a str, Option<chrono::DateTime<chrono::Utc>>)>,
    ) {
        debug_assert_eq!(
            self.id_ends.len(),
            position,
            "organizations are added in order"
        );
        self.ids.push_str(org);
        self.id_ends.push(self.ids.len() as u32);
        for (person, associated) in people {
            // A time that does not read is reported by the full parse.
            let Some(associated) = associated else {
                continue;
            };
            self.entries.push(Entry {
                person: person_hash(person),
                associated: associated.timestamp_micros(),
                position: position as u32,
            });
        }
    }

    /// Keeps only people listed by more than one organization, with who keeps them.
    fn settle(&mut self) {
        // Latest association first; on a tie, the first organization.
        self.entries.sort_unstable_by(|a, b| {
            a.person
                .cmp(&b.person)
                .then(b.associated.cmp(&a.associated))
                .then(a.position.cmp(&b.position))
        });
        for group in self.entries.chunk_by(|a, b| a.person == b.person) {
            if group.len() > 1 && group.iter().any(|e| e.position != group[0].position) {
                self.keepers.insert(
                    group[0].person,
                    Keeper {
                        position: group[0].position,
                        associated: group[0].associated,
                    },
                );
            }
        }
        self.entries = Vec::new();
    }

    fn org_id(&self, position: u32) -> &str {
        let end = self.id_ends[position as usize] as usize;
        let start = if position == 0 {
            0
        } else {
            self.id_ends[position as usize - 1] as usize
        };
        &self.ids[start..end]
    }

    /// The people of the organization at `position` whom another organization keeps.
    pub(super) fn severance(&self, position: usize, org: &Organization) -> Severance {
        if self.keepers.is_empty() {
            return Severance::new();
        }
        org.people
            .iter()
            .filter_map(|p| {
                let keeper = self.keepers.get(&person_hash(&p.id))?;
                (keeper.position as usize != position).then(|| {
                    let on = chrono::DateTime::from_timestamp_micros(keeper.associated)
                        .unwrap_or_default();
                    (
                        p.id.clone(),
                        SeveredBy {
                            org: self.org_id(keeper.position).to_string(),
                            on,
                        },
                    )
                })
            })
            .collect()
    }
}

/// 128 bits of a person id: two independent SipHash values, so that two
/// different ids colliding is not a practical concern.
fn person_hash(id: &str) -> u128 {
    let half = |salt: u8| {
        let mut hasher = DefaultHasher::new();
        salt.hash(&mut hasher);
        id.hash(&mut hasher);
        hasher.finish() as u128
    };
    (half(0) << 64) | half(1)
}
