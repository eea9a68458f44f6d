//! Independent work on as many threads as the machine has, with results in input order,
//! so the output never depends on the scheduling.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs `work` on every item and answers the results in the items' order. Items are
/// taken heaviest first (by `weight`), so the threads finish together; one thread (or
/// one item) runs on the caller's thread alone. A thread that cannot be started leaves
/// its share to the others.
pub(crate) fn map_ordered<T, R, W, F>(items: &[T], weight: W, work: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    W: Fn(&T) -> usize,
    F: Fn(&T) -> R + Sync,
{
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(work).collect();
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&index| std::cmp::Reverse(items.get(index).map_or(0, &weight)));
    let next = AtomicUsize::new(0);
    let run = || {
        let mut done = Vec::new();
        loop {
            let taken = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = order
                .get(taken)
                .and_then(|&index| Some((index, items.get(index)?)))
            else {
                return done;
            };
            done.push((item.0, work(item.1)));
        }
    };
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| std::thread::Builder::new().spawn_scoped(scope, run).ok())
            .collect();
        let mut all = run();
        for helper in helpers {
            match helper.join() {
                Ok(done) => all.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}

/// [`map_ordered`] for work that changes its item: each item is handed to one thread
/// alone. Items are taken in their order (no weights).
pub(crate) fn map_ordered_mut<T, R, F>(items: &mut [T], work: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(&mut T) -> R + Sync,
{
    let locked: Vec<Mutex<&mut T>> = items.iter_mut().map(Mutex::new).collect();
    map_ordered(
        &locked,
        |_| 0,
        // Each lock is taken once, by the one thread that took its item; it cannot be
        // poisoned, as a panic ends the whole map.
        |item| match item.lock() {
            Ok(mut item) => work(&mut item),
            Err(poisoned) => work(&mut poisoned.into_inner()),
        },
    )
}

/// Runs `apart` on a thread of its own while `here` runs on the caller's, and answers
/// both results. With one thread available, or when no thread can be started, both run
/// here.
pub(crate) fn join<A, B>(apart: impl Fn() -> A + Sync, here: impl FnOnce() -> B) -> (A, B)
where
    A: Send,
{
    if std::thread::available_parallelism().map_or(1, usize::from) <= 1 {
        return (apart(), here());
    }
    std::thread::scope(|scope| {
        let helper = std::thread::Builder::new().spawn_scoped(scope, &apart).ok();
        let b = here();
        let a = match helper.map(std::thread::ScopedJoinHandle::join) {
            Some(Ok(a)) => a,
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            None => apart(),
        };
        (a, b)
    })
}

#[cfg(test)]
mod tests {
    use super::{join, map_ordered, map_ordered_mut};

    #[test]
    fn join_answers_both_results() {
        let items: Vec<u64> = (1..=1000).collect();
        let (sum, count) = join(|| items.iter().sum::<u64>(), || items.len());
        assert_eq!((sum, count), (500_500, 1000));
    }

    #[test]
    fn results_keep_the_items_order_whatever_the_weights() {
        let items: Vec<usize> = (0..200).collect();
        let results = map_ordered(&items, |&n| n % 7, |&n| n * 2);
        assert_eq!(results, items.iter().map(|n| n * 2).collect::<Vec<_>>());
        assert!(map_ordered(&[] as &[usize], |_| 0, |&n| n).is_empty());
    }

    #[test]
    fn each_item_is_changed_once_and_results_keep_the_order() {
        let mut items: Vec<usize> = (0..300).collect();
        let results = map_ordered_mut(&mut items, |n| {
            *n += 1000;
            *n * 2
        });
        assert_eq!(items, (1000..1300).collect::<Vec<_>>());
        assert_eq!(results, items.iter().map(|n| n * 2).collect::<Vec<_>>());
    }
}
