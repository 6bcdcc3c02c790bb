/** What an outer `apply` passes down to the layers it calls, even when a `call` does not pass it on. */
export interface CallContext {
  training: boolean | undefined;
}

const stack: CallContext[] = [];

/** The innermost active context, if a layer is being applied. */
export function currentCallContext(): CallContext | undefined {
  return stack[stack.length - 1];
}

/** Runs `fn` with `context` active; the context is popped even if `fn` throws, so a failed call leaves none behind. */
export function withCallContext<T>(context: CallContext, fn: () => T): T {
  stack.push(context);
  try {
    return fn();
  } finally {
    stack.pop();
  }
}
