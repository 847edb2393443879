import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { TraceService } from 'nestjs-tracing';

/** One instruction of the W3C harness: POST `arguments` to `url`. */
export interface ForwardInstruction {
  url: string;
  arguments: ForwardInstruction[];
}

/**
 * The test-service endpoint the official W3C Trace Context suite drives: for each
 * `{ url, arguments }` of the posted array, it POSTs `arguments` to `url` from a CLIENT span
 * of its own, with the headers the installed propagator writes. Only the W3C runner mounts it.
 */
@Controller()
export class W3cTestController {
  constructor(private readonly trace: TraceService) {}

  @Post('test')
  @HttpCode(200)
  async forward(@Body() instructions: unknown): Promise<{ forwarded: number }> {
    const list = Array.isArray(instructions) ? (instructions as ForwardInstruction[]) : [];
    for (const instruction of list) {
      await this.trace.withSpan('POST', () => this.post(instruction), { kind: SpanKind.CLIENT });
    }
    return { forwarded: list.length };
  }

  private async post({ url, arguments: body }: ForwardInstruction): Promise<void> {
    const headers = this.trace.inject<Record<string, string>>({ 'content-type': 'application/json' });
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body ?? []) });
    await response.arrayBuffer();
  }
}
