import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, tap } from 'rxjs';
import { recordHttpException } from './http/http-exception-recorder';

/**
 * The module's global interceptor. HTTP requests already have their SERVER span (started
 * where the request arrives, see `HttpServerTracer`); here a handler's exception is added to it.
 */
@Injectable()
export class TracingInterceptor implements NestInterceptor {
  intercept(executionContext: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (executionContext.getType() === 'http') {
      return next.handle().pipe(tap({ error: (error: unknown) => recordHttpException(executionContext, error) }));
    }
    return next.handle();
  }
}
