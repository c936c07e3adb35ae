//! Who counts where, when a path says `unique people`: a maximum flow from
//! people to requirement slots, so that an assignment satisfying every count
//! is found whenever one exists (a greedy pass can miss it).

/// A flow network with integer capacities (Dinic's algorithm).
pub struct FlowNetwork {
    edges: Vec<Edge>,
    adjacency: Vec<Vec<usize>>,
}

struct Edge {
    to: usize,
    capacity: i64,
    /// Negative on a residual edge by as much as its partner carries.
    flow: i64,
}

impl FlowNetwork {
    pub fn new(nodes: usize) -> Self {
        FlowNetwork {
            edges: Vec::new(),
            adjacency: vec![Vec::new(); nodes],
        }
    }

    /// Adds an edge and returns its id, to read its flow afterwards.
    pub fn add_edge(&mut self, from: usize, to: usize, capacity: u32) -> usize {
        let id = self.edges.len();
        self.edges.push(Edge {
            to,
            capacity: capacity.into(),
            flow: 0,
        });
        self.adjacency[from].push(id);
        // The residual edge, at id ^ 1.
        self.edges.push(Edge {
            to: from,
            capacity: 0,
            flow: 0,
        });
        self.adjacency[to].push(id + 1);
        id
    }

    pub fn flow(&self, edge: usize) -> u32 {
        self.edges[edge].flow.max(0) as u32
    }

    /// Pushes as much flow as possible from `source` to `sink`; returns it.
    /// Dinic's algorithm: breadth-first levels, then shortest augmenting
    /// paths found depth-first in the order edges were added, so the result
    /// is deterministic. With unit capacities out of the source this takes
    /// O(E·√V), so tens of thousands of people are matched in moments.
    pub fn max_flow(&mut self, source: usize, sink: usize) -> u32 {
        let mut total: u32 = 0;
        loop {
            let Some(level) = self.levels(source, sink) else {
                return total;
            };
            // Per node, the next edge worth trying in this phase.
            let mut next = vec![0; self.adjacency.len()];
            loop {
                let pushed = self.augment(source, sink, &level, &mut next);
                if pushed == 0 {
                    break;
                }
                total = total.saturating_add(u32::try_from(pushed).unwrap_or(u32::MAX));
            }
        }
    }

    /// Each node's distance from `source` along edges with room left, or
    /// `None` when `sink` cannot be reached.
    fn levels(&self, source: usize, sink: usize) -> Option<Vec<usize>> {
        let mut level = vec![usize::MAX; self.adjacency.len()];
        level[source] = 0;
        let mut queue = std::collections::VecDeque::from([source]);
        while let Some(node) = queue.pop_front() {
            for &e in &self.adjacency[node] {
                let edge = &self.edges[e];
                if level[edge.to] == usize::MAX && edge.capacity > edge.flow {
                    level[edge.to] = level[node] + 1;
                    queue.push_back(edge.to);
                }
            }
        }
        (level[sink] != usize::MAX).then_some(level)
    }

    /// One shortest augmenting path, found without recursion (paths can be
    /// as long as there are people); returns the flow pushed along it, 0
    /// when this phase has no more.
    fn augment(&mut self, source: usize, sink: usize, level: &[usize], next: &mut [usize]) -> i64 {
        let mut path: Vec<usize> = Vec::new();
        let mut node = source;
        loop {
            if node == sink {
                let bottleneck = path
                    .iter()
                    .map(|&e| self.edges[e].capacity - self.edges[e].flow)
                    .min()
                    .unwrap_or(0);
                for &e in &path {
                    self.edges[e].flow += bottleneck;
                    self.edges[e ^ 1].flow -= bottleneck;
                }
                return bottleneck;
            }
            let mut advanced = false;
            while let Some(&e) = self.adjacency[node].get(next[node]) {
                let edge = &self.edges[e];
                if edge.capacity > edge.flow && level[edge.to] == level[node] + 1 {
                    path.push(e);
                    node = edge.to;
                    advanced = true;
                    break;
                }
                next[node] += 1;
            }
            if !advanced {
                // A dead end: step back and try the next edge there.
                let Some(e) = path.pop() else {
                    return 0;
                };
                node = self.edges[e ^ 1].to;
                next[node] += 1;
            }
        }
    }
}

/// A skill requirement's demand in a `unique people` path.
pub struct Demand<'a> {
    /// How many people in all.
    pub count: u32,
    /// Of which this many must come from `of_which`.
    pub of_which: u32,
    /// People (indices) who satisfy the requirement.
    pub eligible: &'a [usize],
    /// Those of them who also satisfy the `of which` qualification.
    pub eligible_of_which: &'a [usize],
}

/// Assigns each person to at most one demand. Returns, for each demand, the
/// people assigned to it (sorted); every count is filled whenever possible.
pub fn assign(people: usize, demands: &[Demand]) -> Vec<Vec<usize>> {
    // Nodes: source, people, two slots per demand ("of which" and the rest), sink.
    let source = 0;
    let person = |p: usize| 1 + p;
    let of_which_slot = |d: usize| 1 + people + 2 * d;
    let rest_slot = |d: usize| 2 + people + 2 * d;
    let sink = 1 + people + 2 * demands.len();
    let mut network = FlowNetwork::new(sink + 1);
    for p in 0..people {
        network.add_edge(source, person(p), 1);
    }
    let mut edges: Vec<Vec<(usize, usize)>> = Vec::with_capacity(demands.len());
    for (d, demand) in demands.iter().enumerate() {
        let mut mine = Vec::new();
        for &p in demand.eligible_of_which {
            mine.push((p, network.add_edge(person(p), of_which_slot(d), 1)));
        }
        for &p in demand.eligible {
            mine.push((p, network.add_edge(person(p), rest_slot(d), 1)));
        }
        network.add_edge(of_which_slot(d), sink, demand.of_which);
        network.add_edge(
            rest_slot(d),
            sink,
            demand.count.saturating_sub(demand.of_which),
        );
        edges.push(mine);
    }
    network.max_flow(source, sink);
    edges
        .into_iter()
        .map(|mine| {
            let mut assigned: Vec<usize> = mine
                .into_iter()
                .filter(|(_, e)| network.flow(*e) > 0)
                .map(|(p, _)| p)
                .collect();
            assigned.sort_unstable();
            assigned.dedup();
            assigned
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demand<'a>(count: u32, eligible: &'a [usize]) -> Demand<'a> {
        Demand {
            count,
            of_which: 0,
            eligible,
            eligible_of_which: &[],
        }
    }

    #[test]
    fn finds_the_assignment_a_greedy_pass_misses() {
        // Person 0 qualifies for both; person 1 only for the first. Greedy
        // gives 0 to the first and leaves the second empty.
        let both = [0, 1];
        let only_zero = [0];
        let result = assign(2, &[demand(1, &both), demand(1, &only_zero)]);
        assert_eq!(result, vec![vec![1], vec![0]]);
    }

    #[test]
    fn no_person_fills_two_slots() {
        let one = [0];
        let result = assign(1, &[demand(1, &one), demand(1, &one)]);
        assert_eq!(result.iter().map(Vec::len).sum::<usize>(), 1);
    }

    #[test]
    fn of_which_slots_take_only_qualifying_people() {
        let all = [0, 1, 2];
        let special = [2];
        let d = Demand {
            count: 2,
            of_which: 1,
            eligible: &all,
            eligible_of_which: &special,
        };
        let result = assign(3, &[d]);
        assert!(result[0].contains(&2));
        assert_eq!(result[0].len(), 2);
    }
}
