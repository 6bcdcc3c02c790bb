import * as tf from '@strata/core';

/** When `fit` lets the rest of the program run: after every batch (default), after every epoch, or never. */
export type YieldEvery = 'batch' | 'epoch' | 'never';

// A browser only paints between tasks and at most once a frame: yielding through requestAnimationFrame after
// every batch would cap training at ~60 batches a second. So we yield to the task queue after every batch
// (cheap: a MessageChannel message or setImmediate) and wait for a frame only when one is due.
const FRAME_MS = 16;
let lastFrame = 0;

const hasSetImmediate = typeof setImmediate === 'function';
const hasAnimationFrame = typeof requestAnimationFrame === 'function';
let channel: MessageChannel | undefined;
const pending: Array<() => void> = [];

function nextTask(): Promise<void> {
  if (hasSetImmediate) return new Promise((resolve) => setImmediate(resolve));
  if (typeof MessageChannel === 'function') {
    if (channel === undefined) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => pending.shift()?.();
    }
    return new Promise((resolve) => {
      pending.push(resolve);
      channel!.port2.postMessage(undefined);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Gives the event loop a turn: in Node a `setImmediate` (timers and I/O run), in a browser a task (input events
 * run), and `tf.nextFrame()` when a frame is due so the page can paint.
 */
export async function yieldToEventLoop(): Promise<void> {
  if (!hasSetImmediate && hasAnimationFrame) {
    const now = performance.now();
    if (now - lastFrame >= FRAME_MS) {
      lastFrame = now;
      await tf.nextFrame();
      return;
    }
  }
  await nextTask();
}
