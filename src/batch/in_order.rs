//! A parallel map whose results come out in input order as soon as each is
//! next, with only a few waiting at any time. A plain parallel collect holds
//! a whole chunk's results until the last is done; when each result is large
//! (a full explanation against ten thousand competencies is megabytes),
//! that is gigabytes. Here the workers take items in order, a block at a
//! time, and stop taking more while a few blocks per worker wait to be
//! handed out, so memory is a few results per thread, whatever their size.
//! Blocks are sized to take about `BLOCK_TIME` each: cheap items go many to a
//! block (one lock and one wake-up for many), expensive ones one at a time
//! (so that few of them wait).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// About how long a block of items should take.
const BLOCK_TIME: Duration = Duration::from_micros(500);

/// The most items in a block.
const MAX_BLOCK: usize = 32;

/// Blocks that may wait, per worker, before the workers pause.
const BLOCKS_AHEAD: usize = 2;

struct State<R> {
    /// The next item to hand to a worker.
    next: usize,
    /// Items handed out to `sink` so far (all of those before this index).
    sunk: usize,
    /// Done, waiting for the items before them.
    done: BTreeMap<usize, R>,
    /// Set when `sink` asked to stop, or a worker panicked.
    stop: bool,
    /// The calling thread waits for item `sunk`.
    waiting_for_next: bool,
    /// Workers waiting for room.
    waiting_for_room: usize,
}

struct Shared<R> {
    state: Mutex<State<R>>,
    /// Item `sunk` is done, or `stop` was set.
    ready: Condvar,
    /// Results were handed out, or `stop` was set.
    room: Condvar,
    /// Items per block, as the workers last measured them.
    block: AtomicUsize,
}

impl<R> Shared<R> {
    fn lock(&self) -> MutexGuard<'_, State<R>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait<'a>(&self, on: &Condvar, guard: MutexGuard<'a, State<R>>) -> MutexGuard<'a, State<R>> {
        on.wait(guard).unwrap_or_else(PoisonError::into_inner)
    }

    fn stop(&self) {
        self.lock().stop = true;
        self.ready.notify_all();
        self.room.notify_all();
    }
}

/// Stops the others when a worker panics, so that the panic comes out of
/// the scope instead of everyone waiting for a result that will not come.
struct StopOnUnwind<'a, R>(&'a Shared<R>);

impl<R> Drop for StopOnUnwind<'_, R> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.stop();
        }
    }
}

/// Calls `f` on every item, on as many threads as rayon's pool has (so
/// `RAYON_NUM_THREADS` is honoured), and `sink` with each result in input
/// order on the calling thread. `sink` returns false to stop: no further
/// item is started, and no further result is handed out.
pub fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    f: &(dyn Fn(&T) -> R + Sync),
    sink: &mut dyn FnMut(usize, R) -> bool,
) {
    let threads = rayon::current_num_threads().clamp(1, items.len().max(1));
    let shared = Shared {
        state: Mutex::new(State {
            next: 0,
            sunk: 0,
            done: BTreeMap::new(),
            stop: false,
            waiting_for_next: false,
            waiting_for_room: 0,
        }),
        ready: Condvar::new(),
        room: Condvar::new(),
        block: AtomicUsize::new(1),
    };
    let shared = &shared;
    let window = || (BLOCKS_AHEAD * shared.block.load(Ordering::Relaxed) + 1) * threads;
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(move || {
                let _guard = StopOnUnwind(shared);
                let mut results = Vec::new();
                loop {
                    let block = {
                        let mut state = shared.lock();
                        while !state.stop
                            && state.next < items.len()
                            && state.next >= state.sunk + window()
                        {
                            state.waiting_for_room += 1;
                            state = shared.wait(&shared.room, state);
                            state.waiting_for_room -= 1;
                        }
                        if state.stop || state.next >= items.len() {
                            return;
                        }
                        let size = shared.block.load(Ordering::Relaxed);
                        let block = state.next..(state.next + size).min(items.len());
                        state.next = block.end;
                        block
                    };
                    let started = Instant::now();
                    results.extend(block.clone().map(|i| f(&items[i])));
                    let each = started.elapsed() / block.len() as u32;
                    let size = BLOCK_TIME.as_nanos() / each.as_nanos().max(1);
                    shared
                        .block
                        .store((size as usize).clamp(1, MAX_BLOCK), Ordering::Relaxed);
                    let mut state = shared.lock();
                    let wake = state.waiting_for_next && block.contains(&state.sunk);
                    state.done.extend(block.zip(results.drain(..)));
                    drop(state);
                    if wake {
                        shared.ready.notify_one();
                    }
                }
            });
        }
        // Hand results out in order, as each becomes next.
        let mut ready = Vec::new();
        let mut state = shared.lock();
        while state.sunk < items.len() && !state.stop {
            let first = state.sunk;
            while let Some(result) = state.done.remove(&(first + ready.len())) {
                ready.push(result);
            }
            if ready.is_empty() {
                state.waiting_for_next = true;
                state = shared.wait(&shared.ready, state);
                state.waiting_for_next = false;
                continue;
            }
            drop(state);
            // The window moves on only as far as the sink has taken: a sink
            // that stops leaves no more started than the window ahead of it.
            let mut taken = 0;
            let mut stopped = false;
            for (i, result) in (first..).zip(ready.drain(..)) {
                taken += 1;
                if !sink(i, result) {
                    stopped = true;
                    break;
                }
            }
            ready.clear();
            if stopped {
                shared.stop();
            }
            state = shared.lock();
            state.sunk = first + taken;
            if state.waiting_for_room > 0 {
                shared.room.notify_all();
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_out_in_input_order() {
        let items: Vec<u64> = (0..1000).collect();
        let mut seen = Vec::new();
        // Uneven work, so that later items often finish first.
        let slow = |n: &u64| {
            if n % 7 == 0 {
                std::thread::sleep(std::time::Duration::from_micros(200));
            }
            n * 2
        };
        map_in_order(&items, &slow, &mut |i, r| {
            seen.push((i, r));
            true
        });
        let expected: Vec<(usize, u64)> = (0..1000).map(|i| (i as usize, i * 2)).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn stopping_hands_out_nothing_more() {
        let items: Vec<u32> = (0..500).collect();
        let started = std::sync::atomic::AtomicUsize::new(0);
        let f = |n: &u32| {
            started.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            *n
        };
        let mut seen = Vec::new();
        map_in_order(&items, &f, &mut |i, _| {
            seen.push(i);
            i < 9
        });
        assert_eq!(seen, (0..10).collect::<Vec<_>>());
        // Workers stop taking items soon after: at most the window ahead.
        let threads = rayon::current_num_threads().max(1);
        let window = (BLOCKS_AHEAD * MAX_BLOCK + 1) * threads;
        assert!(started.into_inner() <= 10 + window + MAX_BLOCK * threads);
    }

    #[test]
    fn no_items_is_nothing_to_do() {
        let items: Vec<u8> = Vec::new();
        map_in_order(&items, &|n: &u8| *n, &mut |_, _| {
            panic!("nothing to hand out")
        });
    }
}
