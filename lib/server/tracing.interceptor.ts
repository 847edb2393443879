import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, tap } from 'rxjs';
import { grpcCallOf } from './grpc/grpc-server-call';
import { GrpcServerTracer } from './grpc/grpc-server-tracer';
import { recordHttpException } from './http/http-exception-recorder';

/**
 * The module's global interceptor. HTTP requests already have their SERVER span (started
 * where the request arrives, see `HttpServerTracer`); here a handler's exception is added to it.
 * gRPC calls of Nest's gRPC transport get their SERVER span here (`GrpcServerTracer`).
 */
@Injectable()
export class TracingInterceptor implements NestInterceptor {
  constructor(private readonly grpcServerTracer: GrpcServerTracer) {}

  intercept(executionContext: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (executionContext.getType() === 'http') {
      return next.handle().pipe(tap({ error: (error: unknown) => recordHttpException(executionContext, error) }));
    }
    if (executionContext.getType() === 'rpc') {
      const args = executionContext.getArgs();
      const grpc = grpcCallOf(args);
      if (grpc) return this.grpcServerTracer.trace(grpc.call, grpc.passThrough, args, next);
    }
    return next.handle();
  }
}
