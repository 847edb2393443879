import { Inject, Injectable } from '@nestjs/common';
import { SpanAttribute, Traced } from 'nestjs-tracing';
import { readJson } from './downstream-error';
import { SERVICE_URLS, ServiceUrls } from './service-urls';

/** Plain `fetch`: the CLIENT span and the `traceparent` header come from TracingModule. */
@Injectable()
export class UsersClient {
  constructor(@Inject(SERVICE_URLS) private readonly urls: ServiceUrls) {}

  @Traced()
  async validate(@SpanAttribute('user.id') userId: string): Promise<{ id: string; name: string }> {
    const url = new URL(`/users/${encodeURIComponent(userId)}/validate`, this.urls.users);
    return readJson(await fetch(url, { method: 'POST', headers: { accept: 'application/json' } }));
  }
}
