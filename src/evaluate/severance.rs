//! One organization at a time: a person who appears in several organizations
//! evaluated together counts only for the one they associated with last (on a
//! tie, the first in order); the others are severed.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::{Severance, SeveredBy};

/// Who each shared person belongs to, across a batch of organizations.
#[derive(Debug, Default)]
pub struct PeopleIndex {
    /// Person id → (position of the organization that keeps them, its id,
    /// when they associated with it, how many organizations list them).
    claims: HashMap<String, Claim>,
}

#[derive(Debug)]
struct Claim {
    position: usize,
    org: String,
    associated: DateTime<Utc>,
    organizations: u32,
}

impl PeopleIndex {
    pub fn new() -> Self {
        PeopleIndex::default()
    }

    /// Records that organization `org`, at `position` in the batch, lists
    /// `person` as associated at `associated`. Positions must be offered in
    /// increasing order for ties to go to the first.
    pub fn add(&mut self, position: usize, org: &str, person: &str, associated: DateTime<Utc>) {
        match self.claims.get_mut(person) {
            Some(claim) => {
                claim.organizations += 1;
                if associated > claim.associated {
                    claim.position = position;
                    claim.org = org.to_string();
                    claim.associated = associated;
                }
            }
            None => {
                self.claims.insert(
                    person.to_string(),
                    Claim {
                        position,
                        org: org.to_string(),
                        associated,
                        organizations: 1,
                    },
                );
            }
        }
    }

    /// Forgets people listed by one organization only: they cannot be severed.
    pub fn shrink(&mut self) {
        self.claims.retain(|_, c| c.organizations > 1);
        self.claims.shrink_to_fit();
    }

    /// The people of the organization at `position` whom another organization keeps.
    pub fn severance<'a>(
        &self,
        position: usize,
        people: impl IntoIterator<Item = &'a str>,
    ) -> Severance {
        people
            .into_iter()
            .filter_map(|id| {
                let claim = self.claims.get(id)?;
                (claim.position != position && claim.organizations > 1).then(|| {
                    (
                        id.to_string(),
                        SeveredBy {
                            org: claim.org.clone(),
                            on: claim.associated,
                        },
                    )
                })
            })
            .collect()
    }

    /// How many people appear in more than one organization.
    pub fn shared(&self) -> usize {
        self.claims.values().filter(|c| c.organizations > 1).count()
    }
}
