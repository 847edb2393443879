import { Inject, Injectable } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { SpanAttribute, Traced, TraceService } from 'nestjs-tracing';
import { sendJson } from '../http/send-json';
import { SERVICE_URLS, ServiceUrls } from './service-urls';

@Injectable()
export class UsersClient {
  constructor(
    private readonly trace: TraceService,
    @Inject(SERVICE_URLS) private readonly urls: ServiceUrls,
  ) {}

  @Traced({ kind: SpanKind.CLIENT })
  validate(@SpanAttribute('user.id') userId: string): Promise<{ id: string; name: string }> {
    return sendJson(this.trace, 'POST', new URL(`/users/${encodeURIComponent(userId)}/validate`, this.urls.users));
  }
}
