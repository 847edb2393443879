import { Module, Provider } from '@nestjs/common';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, MercuriusDriverConfig } from '@nestjs/mercurius';
import type { TracingTestingOptions } from 'nestjs-tracing/testing';
import { Platform, RunningApp, startApp } from './http-apps';

export type GraphqlDriverName = 'apollo' | 'mercurius';

/** Every driver on every platform it supports: Apollo on Express and Fastify, Mercurius on Fastify. */
export const GRAPHQL_SERVERS: Array<[GraphqlDriverName, Platform]> = [
  ['apollo', 'express'],
  ['apollo', 'fastify'],
  ['mercurius', 'fastify'],
];

/** The GraphQL module of `driver`, code first, schema in memory; with `subscriptions`, over graphql-ws. */
export function graphqlModule(driver: GraphqlDriverName, subscriptions = false): ReturnType<typeof GraphQLModule.forRoot> {
  return driver === 'apollo'
    ? GraphQLModule.forRoot<ApolloDriverConfig>({
        driver: ApolloDriver,
        autoSchemaFile: true,
        playground: false,
        ...(subscriptions ? { subscriptions: { 'graphql-ws': true } } : {}),
      })
    : // Mercurius's query cache loads quick-lru with import(), which jest's CommonJS runtime refuses.
      GraphQLModule.forRoot<MercuriusDriverConfig>({ driver: MercuriusDriver, autoSchemaFile: true, graphiql: false, cache: false, subscription: subscriptions });
}

/** Boots `resolvers` behind `driver` on `platform`, traced, on 127.0.0.1. */
export function startGraphqlApp(
  driver: GraphqlDriverName,
  platform: Platform,
  resolvers: Provider[],
  options: TracingTestingOptions = {},
  subscriptions = false,
): Promise<RunningApp> {
  @Module({ imports: [graphqlModule(driver, subscriptions)], providers: resolvers })
  class GraphqlFeatureModule {}
  return startApp(platform, { imports: [GraphqlFeatureModule] }, options);
}

/** What a GraphQL client sends and receives over HTTP. */
export interface GraphqlResponse {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string }> };
}

/** POSTs one operation to `url`/graphql as a GraphQL client does. */
export async function postGraphql(url: string, query: string, variables?: Record<string, unknown>, operationName?: string): Promise<GraphqlResponse> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables, operationName }),
  });
  return { status: response.status, body: (await response.json()) as GraphqlResponse['body'] };
}
