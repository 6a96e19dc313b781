// Keeping a function's last answer: callers that ask about the same string several times in a row
// (a token's checks and its report ask about its request's URL three and more times).

/** `fn`, answering again from its last call when asked about the same string. `fn` must be pure. */
export function lastAnswer<T>(fn: (s: string) => T): (s: string) => T {
  let lastKey: string | undefined;
  let last: T;
  return (s) => {
    if (s !== lastKey) {
      last = fn(s);
      lastKey = s;
    }
    return last;
  };
}
