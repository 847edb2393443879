import { BadGatewayException } from '@nestjs/common';

/** A non-2xx answer from another service; orders answers 502 unless a client maps it to something better. */
export class DownstreamError extends BadGatewayException {
  constructor(
    readonly downstreamStatus: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** The JSON body of a 2xx response; any other status becomes a `DownstreamError`. */
export async function readJson<T>(response: Response): Promise<T> {
  const payload: unknown = await response.json().catch(() => undefined);
  if (response.ok) return payload as T;
  const message = (payload as { message?: unknown } | undefined)?.message;
  throw new DownstreamError(response.status, typeof message === 'string' ? message : `HTTP ${response.status}`);
}
