import { Controller, Get, INestApplication, INestMicroservice, Injectable, Module, ModuleMetadata, Param, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { GrpcMethod, GrpcOptions, RpcException } from '@nestjs/microservices';
import { status } from '@grpc/grpc-js';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import { SpanAttribute, Traced, TraceService, TracingModule, TracingModuleOptions } from 'nestjs-tracing';
import { freePort, grpcServerOptions, paymentsClient, unary } from '../support/grpc-apps';

// `exporter: 'console'` as a user sets it, through the module, with the `console` options.

@Injectable()
class OrdersService {
  @Traced()
  find(@SpanAttribute('order.id') id: string, @SpanAttribute('customer.id') customer: string) {
    return { id, customer };
  }
}

@Controller('orders')
class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Get(':id')
  get(@Param('id') id: string) {
    return this.orders.find(id, 'c-9');
  }
}

@Controller()
class PaymentsController {
  @GrpcMethod('Payments', 'Charge')
  charge(request: { orderId: string }) {
    throw new RpcException({ code: status.NOT_FOUND, message: `no order ${request.orderId}` });
  }
}

/** A module with the console exporter as a user sets it (the test helpers install a TestSpanExporter). */
function consoleModule(metadata: ModuleMetadata, options: TracingModuleOptions): Type {
  @Module({ ...metadata, imports: [TracingModule.forRoot({ serviceName: 'test-app', ...options })] })
  class ConsoleAppModule {}
  return ConsoleAppModule;
}

async function startConsoleApp(metadata: ModuleMetadata, options: TracingModuleOptions): Promise<{ app: INestApplication; url: string }> {
  const app = await NestFactory.create(consoleModule(metadata, options), { logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}` };
}

async function startConsoleGrpc(metadata: ModuleMetadata, options: TracingModuleOptions): Promise<{ app: INestMicroservice; grpcTarget: string }> {
  const grpcTarget = `127.0.0.1:${await freePort()}`;
  const app = await NestFactory.createMicroservice<GrpcOptions>(consoleModule(metadata, options), { ...grpcServerOptions(grpcTarget), logger: false });
  await app.listen();
  return { app, grpcTarget };
}

async function waitForOutput(output: string[]): Promise<string> {
  const deadline = Date.now() + 5000;
  while (output.length === 0) {
    if (Date.now() > deadline) throw new Error('nothing was printed');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return output.join('');
}

describe("exporter: 'console' set through TracingModule", () => {
  let running: { app: INestApplication; url: string } | undefined;
  afterEach(async () => {
    jest.useRealTimers();
    await running?.app.close();
    running = undefined;
  });

  it('prints only the attributes listed in console.attributes, protocol ones included, and the HTTP status', async () => {
    const output: string[] = [];
    running = await startConsoleApp(
      { controllers: [OrdersController], providers: [OrdersService] },
      { exporter: 'console', console: { attributes: ['order.id', 'url.path'], write: (text) => output.push(text) } },
    );
    expect((await fetch(`${running.url}/orders/7`)).status).toBe(200);
    const lines = (await waitForOutput(output)).split('\n');
    // `url.path` is hidden by default and `customer.id` shown by default: the list decides.
    expect(lines[0]).toMatch(/^GET \/orders\/:id {2}[0-9a-f]{32} {2}\S+ms {2}\[200\] {2}url\.path=\/orders\/7$/);
    expect(lines[1]).toMatch(/^└── OrdersService\.find {2}\S+ms {2}order\.id=7$/);
  });

  it('waits console.graceMillis, not the default, for the rest of a trace whose caller is remote', async () => {
    const output: string[] = [];
    const moduleRef = await Test.createTestingModule({
      imports: [TracingModule.forRoot({ exporter: 'console', console: { graceMillis: 10_000, write: (text) => output.push(text) } })],
      providers: [OrdersService],
    }).compile();
    try {
      const traceService = moduleRef.get(TraceService);
      const remote = traceService.extract({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }, ROOT_CONTEXT);
      jest.useFakeTimers();
      traceService.withContext(remote, () => moduleRef.get(OrdersService).find('7', 'c-9'));
      jest.advanceTimersByTime(5_000); // ten times the 500 ms default
      expect(output).toEqual([]);
      jest.advanceTimersByTime(5_000);
      expect(output.join('')).toMatch(/^OrdersService\.find {2}4bf92f3577b34da6a3ce929d0e0e4736 /);
    } finally {
      jest.useRealTimers();
      await moduleRef.close();
    }
  });

  it('marks a gRPC call with the status code the client received', async () => {
    const output: string[] = [];
    const { app, grpcTarget } = await startConsoleGrpc({ controllers: [PaymentsController] }, {
      exporter: 'console',
      console: { write: (text) => output.push(text) },
    });
    const client = paymentsClient(grpcTarget);
    try {
      await expect(unary(client, 'Charge', { orderId: 'o-1' })).rejects.toMatchObject({ code: status.NOT_FOUND });
      expect(await waitForOutput(output)).toMatch(/^shop\.v1\.Payments\/Charge {2}[0-9a-f]{32} {2}\S+ms {2}\[grpc NOT_FOUND\]\n└── exception: no order o-1\n$/);
    } finally {
      client.close();
      await app.close();
    }
  });
});
