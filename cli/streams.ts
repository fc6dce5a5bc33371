// The process's streams as the command line uses them. A reader that closes the output early
// (`kube-rbac check … | head -1`) is no error: the write fails with EPIPE, and the rest of the output is
// dropped quietly instead of ending in a stack trace.

export interface Writable {
  write(text: string): boolean;
  on(event: "error", listener: (e: NodeJS.ErrnoException) => void): unknown;
}

/** `failed()`: the first write error other than a closed pipe (the output is incomplete), if any. */
export function quietStreams(
  stdout: Writable,
  stderr: Writable,
): { out: (t: string) => void; err: (t: string) => void; failed: () => Error | undefined } {
  let failure: Error | undefined;
  const onError = (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") failure ??= e;
  };
  return { out: quiet(stdout, onError), err: quiet(stderr, onError), failed: () => failure };
}

function quiet(stream: Writable, onError: (e: NodeJS.ErrnoException) => void): (text: string) => void {
  let closed = false;
  stream.on("error", (e) => {
    closed = true;
    onError(e);
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

export async function readStdin(stream: AsyncIterable<Buffer | string>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}
