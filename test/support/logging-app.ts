import { Controller, Get, INestApplication, Injectable, Logger, Param } from '@nestjs/common';
import { Traced } from 'nestjs-tracing';

/** Logs one line with Nest's own `Logger` inside its @Traced method; the app's logger prints it. */
@Injectable()
export class Payments {
  private readonly logger = new Logger(Payments.name);

  @Traced()
  charge(id: string) {
    this.logger.log(`charging ${id}`);
    return { id, charged: true };
  }
}

@Controller('payments')
export class PaymentsController {
  constructor(private readonly payments: Payments) {}

  @Get(':id')
  get(@Param('id') id: string) {
    return this.payments.charge(id);
  }
}

/** Listens on 127.0.0.1 and a free port; resolves with the base URL. */
export async function listenLocally(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
}
