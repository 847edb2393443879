import { Injectable } from '@nestjs/common';
import { SpanAttribute, Traced } from 'nestjs-tracing';

/** A provider a handler calls: its `@Traced` span shows the handler's span was active and still open. */
@Injectable()
export class Ledger {
  @Traced()
  async record(@SpanAttribute('entry') entry: number) {
    await new Promise((resolve) => setTimeout(resolve, 2));
    return entry;
  }
}
