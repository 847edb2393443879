import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { loadAppModule } from '../../database/load-app-module';
import { reportOnce } from '../../diagnostics';
import { TRACING_SDK } from '../../tracing.constants';
import { TRACING_OPTIONS } from '../../tracing.module-definition';
import type { TracingModuleOptions } from '../../tracing.options';
import type { TracingSdk } from '../../sdk/tracing-sdk';
import { GraphqlOperationTracer } from './graphql-operation-tracer';
import type { GraphqlLanguage, RequestEndHookContext, ResolveInfoLike } from './graphql-shapes';
import { ResolversExplorerLike, traceResolverRegistration } from './resolver-registration';

/** `@nestjs/graphql`'s `ResolverDecoratorHost` (13.x): a hook called when an operation's response is ready. */
interface RequestHooksHost {
  getOnRequestEndHook?(): ((hook: RequestEndHookContext) => void) | undefined;
  setOnRequestEndHook?(hook: ((hook: RequestEndHookContext) => void) | undefined): void;
}

type ProviderWrapper = { metatype?: { name?: string; prototype?: unknown } | null; instance?: unknown };
type NestModuleLike = { metatype?: { name?: string } | null; providers: Map<unknown, ProviderWrapper> };

/**
 * A provider of the app's `GraphQLModule` by class name, found in the app's own modules (so the
 * copy of `@nestjs/graphql` the app loaded, without importing the package or its internals).
 */
function graphqlProvider(modules: ModulesContainer, className: string): ProviderWrapper | undefined {
  for (const module of modules.values() as IterableIterator<NestModuleLike>) {
    if (module.metatype?.name !== 'GraphQLModule') continue;
    for (const wrapper of module.providers.values()) if (wrapper.metatype?.name === className) return wrapper;
  }
  return undefined;
}

/**
 * GraphQL over `@nestjs/graphql` (Apollo and Mercurius drivers alike): resolvers traced where
 * Nest registers them, the request's SERVER span named after its operation where Nest ends it
 * (`ResolverDecoratorHost`'s "request end" hook, chained with one the app may have set).
 */
@Injectable()
export class GraphqlTracing implements OnApplicationBootstrap, OnApplicationShutdown {
  private operations: GraphqlOperationTracer | undefined;
  private release: (() => void) | undefined;
  private restoreHook: (() => void) | undefined;

  // The SDK first: it validates the options, and a module that fails to start patches nothing.
  constructor(
    @Inject(TRACING_OPTIONS) options: TracingModuleOptions,
    @Inject(TRACING_SDK) sdk: TracingSdk,
    private readonly modules: ModulesContainer,
  ) {
    // The app uses GraphQL when it imported Nest's `GraphQLModule`: only then is `graphql` loaded.
    const explorer = graphqlProvider(modules, 'ResolversExplorerService')?.metatype;
    if (explorer == null) return;
    const settings = options?.graphql ?? {};
    this.operations = new GraphqlOperationTracer(loadAppModule<GraphqlLanguage>('graphql'), settings.recordDocument ?? false);
    const operations = this.operations;
    this.release = traceResolverRegistration(explorer as ResolversExplorerLike, modules, {
      mode: settings.resolverSpans ?? 'async',
      appTracer: sdk.appTracer,
      onRootCall: (context, info) => operations.noteOperation(context, info as ResolveInfoLike),
    });
  }

  /** After every module's init: the GraphQL module has made its hooks host by now. */
  onApplicationBootstrap(): void {
    const operations = this.operations;
    if (operations === undefined) return;
    const host = graphqlProvider(this.modules, 'ResolverDecoratorHost')?.instance as RequestHooksHost | undefined;
    if (typeof host?.setOnRequestEndHook !== 'function' || typeof host.getOnRequestEndHook !== 'function') {
      reportOnce('graphql-hooks', 'this @nestjs/graphql has no request hooks (ResolverDecoratorHost, 13.x): GraphQL operations keep their HTTP span name');
      return;
    }
    const previous = host.getOnRequestEndHook();
    host.setOnRequestEndHook((hook) => {
      try {
        operations.end(hook);
      } catch (error) {
        reportOnce('graphql-operation', 'recording a GraphQL operation on its span failed', error);
      }
      previous?.(hook);
    });
    this.restoreHook = () => host.setOnRequestEndHook!(previous);
  }

  onApplicationShutdown(): void {
    this.restoreHook?.();
    this.release?.();
  }
}
