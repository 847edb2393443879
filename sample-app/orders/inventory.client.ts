import { Inject, Injectable } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { SpanAttribute, Traced, TraceService } from 'nestjs-tracing';
import { sendJson } from '../http/send-json';
import { SERVICE_URLS, ServiceUrls } from './service-urls';

@Injectable()
export class InventoryClient {
  constructor(
    private readonly trace: TraceService,
    @Inject(SERVICE_URLS) private readonly urls: ServiceUrls,
  ) {}

  @Traced({ kind: SpanKind.CLIENT })
  check(@SpanAttribute('product.id') productId: string, quantity: number): Promise<{ available: boolean; stock: number }> {
    const url = new URL(`/inventory/${encodeURIComponent(productId)}`, this.urls.inventory);
    url.searchParams.set('quantity', String(quantity));
    return sendJson(this.trace, 'GET', url);
  }
}
