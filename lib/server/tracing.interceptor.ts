import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { grpcCallOf } from './grpc/grpc-server-call';
import { GrpcServerTracer } from './grpc/grpc-server-tracer';

/**
 * Gives calls of Nest's gRPC transport their SERVER span (`GrpcServerTracer`). The module puts it
 * on the controllers that have gRPC handlers (see `interceptGrpcControllers`); HTTP requests get
 * theirs where they arrive (`HttpServerTracer`), without an interceptor.
 */
@Injectable()
export class TracingInterceptor implements NestInterceptor {
  constructor(private readonly grpcServerTracer: GrpcServerTracer) {}

  intercept(executionContext: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (executionContext.getType() === 'rpc') {
      const args = executionContext.getArgs();
      const grpc = grpcCallOf(args);
      if (grpc) return this.grpcServerTracer.trace(grpc.call, grpc.passThrough, args, next);
    }
    return next.handle();
  }
}
