/**
 * The services of a parallel generate, handed out one at a time from a counter that every thread
 * shares: a thread that started late or drew heavy services simply takes fewer, so all finish
 * together (a fixed split left one thread idle for a third of a second at 10,000 SLOs). Every
 * thread cuts the same resolved catalog into the same list, so an index names one service everywhere.
 */
export type ServiceQueue = Int32Array;

export function newServiceQueue(): ServiceQueue {
  return new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
}

/** The services this thread claims, each claimed by exactly one thread. */
export function* claimed<T>(queue: ServiceQueue, services: readonly T[]): Generator<T> {
  for (let next = Atomics.add(queue, 0, 1); next < services.length; next = Atomics.add(queue, 0, 1)) yield services[next]!;
}
