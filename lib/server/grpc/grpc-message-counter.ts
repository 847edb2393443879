import type { Span } from '@opentelemetry/api';
import {
  ATTR_GRPC_RECEIVED_MESSAGES,
  ATTR_GRPC_SENT_MESSAGES,
  ATTR_MESSAGE_ID,
  ATTR_MESSAGE_TYPE,
  MESSAGE_EVENT,
} from './grpc-attributes';

/**
 * Counts the messages of one call in each direction; `flush` writes the counts on the span
 * before it ends, for calls that streamed (a request stream, or messages written to the
 * response stream): a unary call gets no counts. With `recordEvents`, each message is also a `message` event whose
 * id counts from 1 per direction, as the RPC conventions defined it.
 */
export class GrpcMessageCounter {
  private sent = 0;
  private received = 0;

  constructor(
    private readonly span: Span,
    private readonly recordEvents: boolean,
    /** Known to stream (a client-side streaming method, a server request stream). */
    private readonly knownStreaming: boolean,
  ) {}

  onSent(): void {
    this.sent += 1;
    if (this.recordEvents) this.span.addEvent(MESSAGE_EVENT, { [ATTR_MESSAGE_TYPE]: 'SENT', [ATTR_MESSAGE_ID]: this.sent });
  }

  onReceived(): void {
    this.received += 1;
    if (this.recordEvents) {
      this.span.addEvent(MESSAGE_EVENT, { [ATTR_MESSAGE_TYPE]: 'RECEIVED', [ATTR_MESSAGE_ID]: this.received });
    }
  }

  flush(): void {
    if (!this.knownStreaming && this.sent === 0) return;
    this.span.setAttribute(ATTR_GRPC_SENT_MESSAGES, this.sent);
    this.span.setAttribute(ATTR_GRPC_RECEIVED_MESSAGES, this.received);
  }
}
