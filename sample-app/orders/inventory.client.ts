import { Inject, Injectable } from '@nestjs/common';
import { SpanAttribute, Traced } from 'nestjs-tracing';
import { readJson } from './downstream-error';
import { SERVICE_URLS, ServiceUrls } from './service-urls';

/** Plain `fetch`: the CLIENT span and the `traceparent` header come from TracingModule. */
@Injectable()
export class InventoryClient {
  constructor(@Inject(SERVICE_URLS) private readonly urls: ServiceUrls) {}

  @Traced()
  async check(@SpanAttribute('product.id') productId: string, quantity: number): Promise<{ available: boolean; stock: number }> {
    const url = new URL(`/inventory/${encodeURIComponent(productId)}`, this.urls.inventory);
    url.searchParams.set('quantity', String(quantity));
    return readJson(await fetch(url, { headers: { accept: 'application/json' } }));
  }
}
