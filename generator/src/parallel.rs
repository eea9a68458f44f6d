//! Independent work on as many threads as the machine has, with results in input order,
//! so the output never depends on the scheduling.

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

#[cfg(test)]
mod tests {
    use super::map_ordered;

    #[test]
    fn results_keep_the_items_order_whatever_the_weights() {
        let items: Vec<usize> = (0..200).collect();
        let results = map_ordered(&items, |&n| n % 7, |&n| n * 2);
        assert_eq!(results, items.iter().map(|n| n * 2).collect::<Vec<_>>());
        assert!(map_ordered(&[] as &[usize], |_| 0, |&n| n).is_empty());
    }
}
