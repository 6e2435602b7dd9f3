// A table of work items shared between threads: slot i holds 0 while item i is free, else the id
// of the thread that took it. Taking is one compare-and-swap, so an item is never done twice and
// never left between two owners.

/** Take the first free item at or after `from`; its index, or -1 when none is left. */
export function claimNext(table: Int32Array, from: number, id: number): number {
  for (let i = from; i < table.length; i++) {
    if (Atomics.compareExchange(table, i, 0, id) === 0) return i;
  }
  return -1;
}
