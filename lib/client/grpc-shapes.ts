/*
 * Structural stand-ins for the `@grpc/grpc-js` and `@nestjs/microservices` types our public API
 * mentions. Both packages are optional peers: declaring the shapes here keeps them out of our
 * `.d.ts` files, so an HTTP-only app type-checks with `skipLibCheck: false` without them.
 */

/** A `@grpc/grpc-js` client `Interceptor` (assignable to it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type GrpcInterceptor = (options: any, nextCall: (options: any) => any) => any;

/**
 * A gRPC entry of Nest's `ClientsModule.register` / `ClientProxyFactory.create` (Nest's
 * `GrpcOptions` plus `name`).
 */
export interface GrpcClientOptionsLike {
  name?: string | symbol;
  /** Nest's `Transport.GRPC`. */
  transport?: 4;
  options: {
    /** @default 'localhost:5000' (Nest's default) */
    url?: string;
    channelOptions?: { interceptors?: unknown[]; [key: string]: unknown };
    [key: string]: unknown;
  };
}
