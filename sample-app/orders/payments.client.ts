import { Inject, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { SpanAttribute, Traced, TraceService } from 'nestjs-tracing';
import { DownstreamError, sendJson } from '../http/send-json';
import type { Order } from './order';
import { SERVICE_URLS, ServiceUrls } from './service-urls';

export interface Receipt {
  paymentId: string;
  balance: number;
}

/**
 * Everything orders knows about how payments is reached. Today HTTP; moving the hop to gRPC
 * means rewriting this class only (a declined charge stays a 422 for the caller).
 */
@Injectable()
export class PaymentsClient {
  constructor(
    private readonly trace: TraceService,
    @Inject(SERVICE_URLS) private readonly urls: ServiceUrls,
  ) {}

  @Traced({ kind: SpanKind.CLIENT })
  async charge(@SpanAttribute('order.id', (order: Order) => order.id) order: Order): Promise<Receipt> {
    const url = new URL('/payments/charge', this.urls.payments);
    try {
      return await sendJson<Receipt>(this.trace, 'POST', url, { orderId: order.id, userId: order.userId, amount: order.amount });
    } catch (error) {
      if (error instanceof DownstreamError && error.downstreamStatus === 402) throw new UnprocessableEntityException(`payment declined: ${error.reason}`);
      throw error;
    }
  }
}
