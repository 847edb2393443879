import { Writable } from 'node:stream';

/** A writable stream that keeps each chunk written to it, for loggers that take a stream. */
export class CapturedStream extends Writable {
  readonly chunks: string[] = [];

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(String(chunk));
    callback();
  }

  /** Lines written so far that contain `text`. */
  linesWith(text: string): string[] {
    return this.chunks.join('').split('\n').filter((line) => line.includes(text));
  }

  /** JSON lines written so far that contain `text`, parsed (text lines are left out). */
  jsonWith(text: string): Record<string, unknown>[] {
    return this.linesWith(text)
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

/**
 * Captures what is written to `process.stdout` and `process.stderr` (Nest's ConsoleLogger
 * writes there), without printing it; `restore()` puts the streams back.
 */
export function captureProcessOutput(): CapturedStream & { restore(): void } {
  const captured = new CapturedStream() as CapturedStream & { restore(): void };
  const spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      captured.chunks.push(String(chunk));
      return true;
    }),
  );
  captured.restore = () => spies.forEach((spy) => spy.mockRestore());
  return captured;
}
